import type { Observable } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { createJSONLDecoder } from './createJSONLDecoder.js';
import { createPayloadEmitter } from './createPayloadEmitter.js';
import { createSSEDecoder } from './createSSEDecoder.js';
import { payloadSource } from './PayloadSink.js';
import { readChunks } from './readChunks.js';
import type { SourceOptions } from './SourceOptions.js';

const JSON_LINES_TYPES = new Set(['application/jsonl', 'application/x-ndjson', 'application/json-seq']);

/**
 * Events of a fetch `Response` body: JSON Lines when its content type is `application/jsonl`,
 * `application/x-ndjson` or `application/json-seq`, SSE otherwise.
 *
 * It does no status checking: a non-2xx body is read like any other (and will most likely
 * fail to parse). Check `response.ok` first, or let the HTTP client do it. A response without
 * a body completes empty. The body can be read once only, so subscribe once (or `share()`).
 * Unsubscribing cancels the body at once.
 *
 * @example
 * ```ts
 * const res = await fetch('https://api.openai.com/v1/responses', init);
 * if (res.ok) fromFetchResponse(res).subscribe((event) => console.log(event.type));
 * ```
 */
export function fromFetchResponse(response: Response, options?: SourceOptions): Observable<ResponseStreamEvent> {
  return payloadSource((subscriber, sink) => {
    const body = response.body;
    if (body === null) {
      subscriber.complete();
      return undefined;
    }
    const mediaType = (response.headers.get('content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
    const emit = createPayloadEmitter(subscriber, options, sink);
    const decoder = JSON_LINES_TYPES.has(mediaType) ? createJSONLDecoder(emit) : createSSEDecoder(emit);
    return readChunks<Uint8Array | string>(body, subscriber, decoder);
  });
}
