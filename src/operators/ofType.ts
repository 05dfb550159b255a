import { type OperatorFunction, filter } from 'rxjs';
import type { EventOfType, ResponseStreamEvent } from '../events/ResponseStreamEvent.js';

/**
 * Keeps only events of the given types, narrowing the element type to match.
 *
 * @example
 * ```ts
 * stream.pipe(ofType('response.output_text.delta')).subscribe((e) => write(e.delta));
 * ```
 */
export function ofType<T extends string>(...types: [T, ...T[]]): OperatorFunction<ResponseStreamEvent, EventOfType<T>> {
  const wanted = new Set<string>(types);
  return filter((event): event is EventOfType<T> => wanted.has(event.type));
}
