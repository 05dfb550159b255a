import { Observable } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';

/**
 * Emits already parsed events as given, synchronously, then completes. Iteration stops as soon
 * as the subscriber unsubscribes, so a lazy or endless iterable is safe.
 *
 * @example
 * ```ts
 * fromEvents([{ type: 'keepalive', sequence_number: 0 }]).subscribe(console.log);
 * ```
 */
export function fromEvents(events: Iterable<ResponseStreamEvent>): Observable<ResponseStreamEvent> {
  return new Observable<ResponseStreamEvent>((subscriber) => {
    for (const event of events) {
      subscriber.next(event);
      // Checked right after delivery, so a lazy iterable is not asked for one value too many;
      // leaving the loop calls the iterator's return().
      if (subscriber.closed) return;
    }
    subscriber.complete();
  });
}
