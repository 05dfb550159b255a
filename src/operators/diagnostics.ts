import { Observable, type OperatorFunction } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import type { Diagnostic } from '../reduce/Diagnostic.js';
import { scanResponse } from './scanResponse.js';

/**
 * Emits each {@link Diagnostic} once, as the reducer finds it: changed ids, `done` values that
 * differ from the deltas, sequence gaps, unknown event types, skipped input, a missing terminal
 * event and more. Diagnostics never stop the stream.
 *
 * @example
 * ```ts
 * stream.pipe(diagnostics()).subscribe((d) => log.warn(d.code, d.message));
 * ```
 */
export function diagnostics(): OperatorFunction<ResponseStreamEvent, Diagnostic> {
  return (source) =>
    new Observable<Diagnostic>((subscriber) => {
      let seen: readonly Diagnostic[] = [];
      let responseIndex = -1;
      return source.pipe(scanResponse()).subscribe({
        next(snapshot) {
          if (snapshot.responseIndex !== responseIndex) {
            responseIndex = snapshot.responseIndex;
            seen = [];
          }
          if (snapshot.diagnostics === seen) return;
          for (let i = seen.length; i < snapshot.diagnostics.length; i++) subscriber.next(snapshot.diagnostics[i] as Diagnostic);
          seen = snapshot.diagnostics;
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
