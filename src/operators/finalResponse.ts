import { Observable, type OperatorFunction } from 'rxjs';
import type { Response } from '../events/Response.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { ResponseFailedError } from '../errors/ResponseFailedError.js';
import type { ResponseStreamError } from '../errors/ResponseStreamError.js';
import { streamErrorOf } from '../errors/streamErrorOf.js';
import { toStreamError } from '../errors/toStreamError.js';
import { StreamTruncatedError } from '../errors/StreamTruncatedError.js';
import type { ResponseSnapshot } from '../reduce/ResponseSnapshot.js';
import { ResponseAccumulator } from '../reduce/ResponseAccumulator.js';
import { finishSnapshot } from '../reduce/finishSnapshot.js';
import { withPayloadSink } from '../sources/PayloadSink.js';

/** A finished response, with `output_text` filled in as openai-node does. */
export type FinalResponse = Response & {
  /** The text of every `output_text` part of every message item, joined with no separator. */
  readonly output_text: string;
};

/**
 * Emits the final response of each response in the stream once its terminal event arrives:
 * `response.completed` and `response.incomplete` emit (check `status` and
 * `incomplete_details`); `response.failed` errors with {@link ResponseFailedError}; an `error`
 * event errors with {@link ResponseStreamError} at once (it is terminal: the operator
 * unsubscribes from the source, releasing its body, even when the server keeps it open); a stream (or a response within it) that ends
 * without a terminal event errors with {@link StreamTruncatedError}. Every error carries the
 * last snapshot, so output that was already received is never lost. To get the diagnostics
 * (what the reducer repaired or ignored) with the response, use `finalSnapshot()`.
 *
 * Piped straight onto a source (`fromSSE`, `fromFetchResponse`, `fromJSONL`), it is that
 * source's only observer, so it reads most text and argument deltas from their raw JSON
 * without building their events: the result is the same, and it arrives sooner. Only the end
 * state is kept, so events are applied to it in place: an event costs the same with ten
 * thousand output items as with ten.
 *
 * @example
 * ```ts
 * const response = await lastValueFrom(stream.pipe(finalResponse()));
 * console.log(response.status, response.output_text);
 * ```
 */
export function finalResponse(): OperatorFunction<ResponseStreamEvent, FinalResponse> {
  return settledResponses((s) => ({ ...s.response, output_text: s.outputText }));
}

/**
 * @internal The rules of {@link finalResponse} and `finalSnapshot()`: `emit` turns the settled
 * snapshot of each completed or incomplete response into the value emitted.
 */
export function settledResponses<T>(emit: (snapshot: ResponseSnapshot) => T): OperatorFunction<ResponseStreamEvent, T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      // Only the end state matters here, so deltas are applied in place (see ResponseAccumulator).
      const accumulator = new ResponseAccumulator();
      let settled = -1;
      // Straight on a source, nobody else sees its events: the next delta of a run can go from
      // its raw JSON into the accumulator without being parsed into an event first.
      const subscription = withPayloadSink(source, accumulator).subscribe({
        next(event) {
          const step = accumulator.apply(event);
          if (step === undefined) return; // a delta: text grew, nothing to settle
          const { prev, next: snapshot } = step;
          if (snapshot.responseIndex !== prev.responseIndex && prev.started && prev.phase === 'streaming') {
            subscriber.error(truncated(prev));
            return;
          }
          // An `error` event is terminal (as in openai-node): error now, and so unsubscribe from
          // the source (releasing its body), even when the server keeps the stream open.
          if (snapshot.phase === 'error') {
            subscriber.error(streamErrorOf(event, snapshot));
            return;
          }
          if (snapshot.phase === 'streaming' || settled === snapshot.responseIndex) return;
          settled = snapshot.responseIndex;
          settle(snapshot);
        },
        error(err: unknown) {
          subscriber.error(toStreamError(err, accumulator.current()));
        },
        complete() {
          // A response leaves `streaming` only at its terminal event, which `next()` settled.
          const snapshot = accumulator.current();
          if (snapshot.phase === 'streaming') subscriber.error(truncated(snapshot));
          else subscriber.complete();
        },
      });

      function settle(s: ResponseSnapshot): void {
        switch (s.phase) {
          case 'completed':
          case 'incomplete':
            subscriber.next(emit(s));
            return;
          case 'failed':
            subscriber.error(new ResponseFailedError(s.response, s));
            return;
        }
      }

      return subscription;
    });
}

function truncated(snapshot: ResponseSnapshot): StreamTruncatedError {
  if (!snapshot.started && snapshot.eventCount === 0) {
    return new StreamTruncatedError({ message: 'Stream ended without any event' });
  }
  return new StreamTruncatedError({ snapshot: finishSnapshot(snapshot) });
}
