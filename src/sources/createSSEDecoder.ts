import { createParser } from 'eventsource-parser';
import type { ChunkDecoder } from './ChunkDecoder.js';
import { createTextInput } from './createTextInput.js';
import type { PayloadEmitter } from './createPayloadEmitter.js';
import { isDoneSentinel } from './parseEventData.js';

/**
 * @internal Decodes `text/event-stream` bytes or text into payloads for `emit`. Dispatch is on
 * the JSON's `type`, as openai-node does, so the `event:` name, `id:`, `retry:` and comments
 * are dropped; so is a proxy's `data: [DONE]`.
 *
 * The parser keeps an event's lines until its blank line arrives, so the bytes received since
 * the last complete event or comment are counted, and past `emit.maxEventBytes` the stream ends
 * with `event_too_large` before more is kept. A chunk that completes an event resets the count
 * to zero, which undercounts the event that follows by less than one chunk; the event's data is
 * measured exactly once it is complete.
 *
 * @example
 * ```ts
 * const decoder = createSSEDecoder(createPayloadEmitter(subscriber, options));
 * decoder.write(new TextEncoder().encode('data: {"type":"keepalive"}\n\n'));
 * decoder.end();
 * ```
 */
export function createSSEDecoder(emit: PayloadEmitter): ChunkDecoder<Uint8Array | string> {
  const limit = emit.maxEventBytes;
  let completed = false;
  let sinceEvent = 0;
  // The first characters of the event being received, for the error's `raw`.
  let start = '';
  let overflow = false;
  const parser = createParser({
    onEvent(message) {
      completed = true;
      if (!isDoneSentinel(message.data)) emit(message.data, undefined);
    },
    onComment() {
      completed = true;
    },
    onError(error) {
      // The parser's own bound, in characters (never more than bytes): a backstop for input
      // given as strings, whose chunks may be any size.
      if (error.type === 'max-buffer-size-exceeded') overflow = true;
    },
    ...(Number.isFinite(limit) ? { maxBufferSize: limit } : {}),
  });
  const input = createTextInput();
  const feed = (text: string, bytes: number): void => {
    completed = false;
    parser.feed(text);
    if (overflow) {
      parser.reset();
      emit.tooLarge(start + text.slice(0, 201), undefined);
      return;
    }
    if (completed) {
      sinceEvent = 0;
      start = '';
      return;
    }
    sinceEvent += bytes;
    // One character past the 200 the error keeps, so its `raw` shows that it was cut.
    if (start.length <= 200) start += text.slice(0, 201);
    if (sinceEvent > limit) {
      parser.reset();
      emit.tooLarge(start, undefined);
    }
  };

  return {
    write(chunk) {
      const text = input.text(chunk);
      feed(text, typeof chunk === 'string' ? text.length : chunk.byteLength);
    },
    end() {
      const text = input.end();
      feed(text, text.length);
      // `reset({ consume: true })` alone parses an unterminated last line but never dispatches
      // the frame it belongs to, so a recording cut after its last `data:` line would lose
      // that event. Two line breaks end both the line and the frame; after a complete frame
      // they are blank lines, which dispatch nothing.
      parser.feed('\n\n');
      parser.reset({ consume: true });
    },
  };
}
