import { createParser } from 'eventsource-parser';
import { isDoneSentinel } from './parseEventData.js';
import type { ChunkDecoder } from './ChunkDecoder.js';
import { createTextInput } from './createTextInput.js';
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
  const input = createTextInput();
  const feed = (text: string): void => {
    if (text.length !== 0) parser.feed(text);
  };

  return {
    write(chunk) {
      feed(input.text(chunk));
    },
    end() {
      feed(input.end());
      // `reset({ consume: true })` alone parses an unterminated last line but never dispatches
      // the frame it belongs to, so a recording cut after its last `data:` line would lose
      // that event. Two line breaks end both the line and the frame; after a complete frame
      // they are blank lines, which dispatch nothing.
      parser.feed('\n\n');
      parser.reset({ consume: true });
    },
  };
}
