import { Observable, type OperatorFunction } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { toStreamError } from '../errors/toStreamError.js';
import type { ResponseSnapshot } from '../reduce/ResponseSnapshot.js';
import { applyEventKeyed } from '../reduce/applyEvent.js';
import { OutputOwnership } from '../reduce/OutputOwnership.js';
import { emptySnapshot } from '../reduce/emptySnapshot.js';
import { finishSnapshot } from '../reduce/finishSnapshot.js';

/**
 * Emits an immutable {@link ResponseSnapshot} after every event. Unchanged parts are shared
 * between consecutive snapshots, so `===` tells what changed; an event that changes an item
 * therefore gives a new `output` array, one copy of the list (a few microseconds at ten
 * thousand items). When only the end matters, `finalResponse()` keeps one state and writes it
 * in place. If the stream ends without a
 * terminal event, one more snapshot follows carrying the `missing_terminal` diagnostic. If the
 * source errors, the error carries the last snapshot (`err.snapshot`).
 *
 * @example
 * ```ts
 * stream.pipe(scanResponse()).subscribe((s) => render(s.outputText, s.response.output));
 * ```
 */
export function scanResponse(): OperatorFunction<ResponseStreamEvent, ResponseSnapshot> {
  return (source) =>
    new Observable<ResponseSnapshot>((subscriber) => {
      let snapshot = emptySnapshot();
      const keys = new OutputOwnership();
      return source.subscribe({
        next(event) {
          const next = applyEventKeyed(snapshot, event, keys);
          if (next === snapshot) return; // a tool-loop event: nothing changed
          snapshot = next;
          subscriber.next(snapshot);
        },
        error(err: unknown) {
          subscriber.error(toStreamError(err, snapshot));
        },
        complete() {
          if (snapshot.started && snapshot.phase === 'streaming') {
            snapshot = finishSnapshot(snapshot);
            subscriber.next(snapshot);
          }
          subscriber.complete();
        },
      });
    });
}
