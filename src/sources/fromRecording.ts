import { Observable } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { createJSONLDecoder } from './createJSONLDecoder.js';
import { createPayloadEmitter } from './createPayloadEmitter.js';
import { createSSEDecoder } from './createSSEDecoder.js';
import { detectRecordingFormat } from './detectRecordingFormat.js';
import type { SourceOptions } from './SourceOptions.js';

/**
 * Events of a recorded stream, SSE or JSON Lines, told apart by content
 * ({@link detectRecordingFormat}). Emits synchronously on subscribe.
 *
 * @example
 * ```ts
 * const text = await readFile(process.argv[2], 'utf8');
 * fromRecording(text).pipe(finalResponse()).subscribe((r) => console.log(r.status));
 * ```
 */
export function fromRecording(text: string, options?: SourceOptions): Observable<ResponseStreamEvent> {
  return new Observable<ResponseStreamEvent>((subscriber) => {
    const emit = createPayloadEmitter(subscriber, options);
    const decoder = detectRecordingFormat(text) === 'sse' ? createSSEDecoder(emit) : createJSONLDecoder(emit);
    decoder.write(text);
    decoder.end();
    subscriber.complete();
  });
}
