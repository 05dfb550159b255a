import type { Observable } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { createJSONLDecoder } from './createJSONLDecoder.js';
import { createPayloadEmitter } from './createPayloadEmitter.js';
import { readChunks } from './readChunks.js';
import { payloadSource } from './PayloadSink.js';
import type { SourceOptions } from './SourceOptions.js';

/**
 * Events of JSON Lines input, one event object per line: the format of recorded streams.
 *
 * LF or CRLF; blank lines, a leading BOM and `[DONE]` / `data: [DONE]` lines are ignored.
 * Parse errors and skipped inputs carry `line`, the 1-based physical line. A string is
 * emitted synchronously on subscribe; streams and iterables a whole chunk at a time, and
 * unsubscribing cancels them immediately, as with {@link fromSSE}.
 *
 * @example
 * ```ts
 * const text = await readFile('stream.jsonl', 'utf8');
 * fromJSONL(text).pipe(toArray()).subscribe((events) => console.log(events.length));
 * ```
 */
export function fromJSONL(
  input: string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>,
  options?: SourceOptions,
): Observable<ResponseStreamEvent> {
  return payloadSource((subscriber, sink) => {
    const decoder = createJSONLDecoder(createPayloadEmitter(subscriber, options, sink));
    if (typeof input !== 'string') return readChunks<Uint8Array | string>(input, subscriber, decoder);
    decoder.write(input);
    decoder.end();
    subscriber.complete();
    return undefined;
  });
}
