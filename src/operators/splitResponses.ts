import { Observable, type OperatorFunction } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { applyEventInPlace } from '../reduce/applyEvent.js';
import { OutputOwnership } from '../reduce/OutputOwnership.js';
import { emptySnapshot } from '../reduce/emptySnapshot.js';
import { InnerStreams } from './InnerStreams.js';

/**
 * Splits a stream that carries several responses (an agent loop or proxy concatenating runs)
 * into one inner stream per response. A response starts at `response.created` or
 * `response.queued` carrying an id other than the current one. Inner streams replay from their
 * first event, so they can be subscribed to late; each completes when the next response starts
 * or the source completes, and errors with the source. Like `groupBy`, the source stays
 * subscribed while any inner stream has a subscriber, even after the outer one is gone.
 *
 * @example
 * ```ts
 * stream.pipe(splitResponses(), mergeMap((events) => events.pipe(finalResponse())))
 *   .subscribe((response) => console.log(response.id, response.status));
 * ```
 */
export function splitResponses(): OperatorFunction<ResponseStreamEvent, Observable<ResponseStreamEvent>> {
  return (source) =>
    new Observable<Observable<ResponseStreamEvent>>((subscriber) => {
      let snapshot = emptySnapshot();
      // Only the latest snapshot is kept, for its responseIndex, so events may write its output
      // array in place.
      const ownership = new OutputOwnership();
      const inners = new InnerStreams<number, ResponseStreamEvent>();
      let current = -1;
      inners.attach(
        source.subscribe({
          next(event) {
            const prev = snapshot;
            snapshot = applyEventInPlace(prev, event, ownership);
            if (current < 0 || snapshot.responseIndex !== prev.responseIndex) {
              inners.complete(current);
              current = snapshot.responseIndex;
              if (inners.closed) return;
              const inner = inners.create(current);
              subscriber.next(inner);
            }
            inners.next(current, event);
          },
          error(err: unknown) {
            inners.errorAll(err);
            subscriber.error(err);
          },
          complete() {
            inners.completeAll();
            subscriber.complete();
          },
        }),
      );
      return () => inners.closeOuter();
    });
}
