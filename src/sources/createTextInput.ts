import { type Utf8Decoder, createUtf8Decoder } from './createUtf8Decoder.js';

/**
 * @internal The text of an input given as UTF-8 bytes or as strings, chunk by chunk, for the
 * decoders of every source. Bytes go through {@link createUtf8Decoder}; from bytes and text
 * alike, the byte order marks before the first real character are dropped: one is allowed,
 * and a second one would otherwise turn the first line into something else (an unknown SSE
 * field, say) and lose it without a word.
 *
 * @example
 * ```ts
 * const input = createTextInput();
 * parser.feed(input.text(chunk));
 * parser.feed(input.end());
 * ```
 */
export interface TextInput {
  /** The text of `chunk` that is complete so far (possibly ''). */
  text(chunk: Uint8Array | string): string;
  /** The end of the input: whatever bytes still wait, decoded. */
  end(): string;
}

/** @internal See {@link TextInput}. */
export function createTextInput(): TextInput {
  let utf8: Utf8Decoder | undefined;
  let started = false;
  const start = (text: string): string => {
    if (started || text.length === 0) return text;
    let first = 0;
    while (first < text.length && text.charCodeAt(first) === 0xfeff) first++;
    if (first === text.length) return '';
    started = true;
    return first === 0 ? text : text.slice(first);
  };
  return {
    // A multi-byte character split across chunks waits in the decoder until its last byte arrives.
    text: (chunk) => start(typeof chunk === 'string' ? chunk : (utf8 ??= createUtf8Decoder()).decode(chunk)),
    end: () => (utf8 === undefined ? '' : start(utf8.end())),
  };
}
