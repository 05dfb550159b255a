import { createParser } from 'eventsource-parser';
import { isDoneSentinel } from '../events/parseEventData.js';
import type { ChunkDecoder } from './ChunkDecoder.js';
import { type Utf8Decoder, createUtf8Decoder, skipByteOrderMarks } from './createUtf8Decoder.js';
import type { PayloadEmitter } from './createPayloadEmitter.js';

/**
 * @internal Decodes `text/event-stream` bytes or text into payloads for `emit`. Dispatch is on
 * the JSON's `type`, as openai-node does, so the `event:` name, `id:`, `retry:` and comments
 * are dropped; so is a proxy's `data: [DONE]`.
 *
 * @example
 * ```ts
 * const decoder = createSSEDecoder(createPayloadEmitter(subscriber, options));
 * decoder.write(new TextEncoder().encode('data: {"type":"keepalive"}\n\n'));
 * decoder.end();
 * ```
 */
export function createSSEDecoder(emit: PayloadEmitter): ChunkDecoder<Uint8Array | string> {
  const parser = createParser({
    onEvent(message) {
      if (!isDoneSentinel(message.data)) emit(message.data, undefined);
    },
  });
  let utf8: Utf8Decoder | undefined;
  let started = false;

  const feed = (text: string): void => {
    if (text.length === 0) return;
    if (!started) {
      // Drop the byte order marks before the first real character, from bytes or text alike
      // (the UTF-8 decoder keeps them): one is allowed, and a second one would otherwise turn
      // the first line into an unknown field and lose its event without a word.
      const first = skipByteOrderMarks(text);
      if (first === text.length) return;
      started = true;
      text = text.slice(first);
    }
    parser.feed(text);
  };

  return {
    write(chunk) {
      // A multi-byte character split across chunks waits in the decoder until its last byte arrives.
      feed(typeof chunk === 'string' ? chunk : (utf8 ??= createUtf8Decoder()).decode(chunk));
    },
    end() {
      if (utf8 !== undefined) feed(utf8.end());
      // `reset({ consume: true })` alone parses an unterminated last line but never dispatches
      // the frame it belongs to, so a recording cut after its last `data:` line would lose
      // that event. Two line breaks end both the line and the frame; after a complete frame
      // they are blank lines, which dispatch nothing.
      parser.feed('\n\n');
      parser.reset({ consume: true });
    },
  };
}
