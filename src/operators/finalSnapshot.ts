import type { OperatorFunction } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import type { ResponseSnapshot } from '../reduce/ResponseSnapshot.js';
import { settledResponses } from './finalResponse.js';

/**
 * Like {@link finalResponse}, but emits the whole final {@link ResponseSnapshot} of each
 * response instead of the response alone: its `diagnostics` (what the reducer had to repair or
 * ignore, such as a terminal event whose output differs from what was streamed), `outputText`,
 * `eventCount` and `responseIndex` as well as `response`. Same speed (deltas are applied in
 * place until the end), same errors, each carrying the last snapshot.
 *
 * @example
 * ```ts
 * const final = await lastValueFrom(stream.pipe(finalSnapshot()));
 * if (final.diagnostics.length > 0) console.warn(final.diagnostics.map((d) => d.message));
 * console.log(final.response.status, final.outputText);
 * ```
 */
export function finalSnapshot(): OperatorFunction<ResponseStreamEvent, ResponseSnapshot> {
  return settledResponses((snapshot) => snapshot);
}
