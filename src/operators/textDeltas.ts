import { type OperatorFunction, filter, map } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';

/**
 * Emits the text of every `response.output_text.delta` event, as the server sent it.
 *
 * @example
 * ```ts
 * stream.pipe(textDeltas()).subscribe((chunk) => process.stdout.write(chunk));
 * ```
 */
export function textDeltas(): OperatorFunction<ResponseStreamEvent, string> {
  return (source) =>
    source.pipe(
      filter((event) => event.type === 'response.output_text.delta' && typeof (event as { delta?: unknown }).delta === 'string'),
      map((event) => (event as { delta: string }).delta),
    );
}
