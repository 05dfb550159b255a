import { Observable, type OperatorFunction, ReplaySubject } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { applyEvent } from '../reduce/applyEvent.js';
import { emptySnapshot } from '../reduce/emptySnapshot.js';

/**
 * Splits a stream that carries several responses (an agent loop or proxy concatenating runs)
 * into one inner stream per response. A response starts at `response.created` or
 * `response.queued` carrying an id other than the current one. Inner streams replay from their
 * first event, so they can be subscribed to late; each completes when the next response starts
 * or the source completes, and errors with the source.
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
      let current: ReplaySubject<ResponseStreamEvent> | undefined;
      return source.subscribe({
        next(event) {
          const prev = snapshot;
          snapshot = applyEvent(prev, event);
          if (current === undefined || snapshot.responseIndex !== prev.responseIndex) {
            current?.complete();
            current = new ReplaySubject<ResponseStreamEvent>();
            subscriber.next(current.asObservable());
          }
          current.next(event);
        },
        error(err: unknown) {
          current?.error(err);
          subscriber.error(err);
        },
        complete() {
          current?.complete();
          subscriber.complete();
        },
      });
    });
}
