import type { Observable } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { createPayloadEmitter } from './createPayloadEmitter.js';
import { createSSEDecoder } from './createSSEDecoder.js';
import { payloadSource } from './PayloadSink.js';
import { readChunks } from './readChunks.js';
import type { SourceOptions } from './SourceOptions.js';

/**
 * Events of a `text/event-stream` body, as the Responses API sends it.
 *
 * Dispatches on each payload's JSON `type` (the `event:` name is only a hint), ignores
 * `data: [DONE]`, comments, `id:` and `retry:`, and keeps a last frame that lacks its closing
 * blank line. Every event of a chunk is emitted synchronously. Unsubscribing cancels the
 * reader (or calls the iterator's `return()`) immediately. A read error is passed through as
 * the observable's error. A `ReadableStream` can be read once only, so subscribe once (or
 * `share()`); an iterable is iterated anew per subscription. Parse errors carry `eventNumber`
 * (1-based among the data payloads, `[DONE]` not counted) and no `line`.
 *
 * @example
 * ```ts
 * const res = await fetch(url, init);
 * fromSSE(res.body!).subscribe((event) => console.log(event.type));
 * ```
 */
export function fromSSE(input: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>, options?: SourceOptions): Observable<ResponseStreamEvent> {
  return payloadSource((subscriber, sink) =>
    readChunks<Uint8Array | string>(input, subscriber, createSSEDecoder(createPayloadEmitter(subscriber, options, sink))),
  );
}
