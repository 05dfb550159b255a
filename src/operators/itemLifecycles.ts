import { Observable, type OperatorFunction } from 'rxjs';
import type { ResponseOutputItem } from '../events/Response.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { toStreamError } from '../errors/toStreamError.js';
import { applyEventInPlace } from '../reduce/applyEvent.js';
import { OutputOwnership } from '../reduce/OutputOwnership.js';
import { emptySnapshot } from '../reduce/emptySnapshot.js';
import { eventPosition } from '../reduce/eventPosition.js';
import { InnerStreams } from './InnerStreams.js';

/**
 * One output item's life: the events that built it (from `output_item.added` through its
 * deltas to `output_item.done`) and the item after each of them. Both inner observables
 * replay from the start, so a late subscriber still sees the whole item.
 */
export interface ItemLifecycle {
  /** 0-based position of the response within the stream. */
  readonly responseIndex: number;
  /** The item's `output_index`. */
  readonly outputIndex: number;
  /** The item's type when it first appeared (`message`, `function_call`, `reasoning`, ...). */
  readonly type: string;
  /** Every event addressed to this item, in order; completes after `output_item.done`. */
  readonly events: Observable<ResponseStreamEvent>;
  /**
   * The item after each event that changed it (immutable; never the same object twice in a
   * row); completes with `events`. An item that got no `output_item.done` ends with the item as
   * the terminal response has it.
   */
  readonly states: Observable<ResponseOutputItem>;
}

/**
 * Splits the stream into one {@link ItemLifecycle} per output item, emitted when the item
 * first appears. An item's inner observables complete at its `output_item.done`, or when its
 * response ends; they error if the stream errors before that.
 *
 * @example
 * ```ts
 * stream.pipe(itemLifecycles()).subscribe((item) => {
 *   item.states.subscribe((state) => render(item.outputIndex, state));
 * });
 * ```
 */
export function itemLifecycles(): OperatorFunction<ResponseStreamEvent, ItemLifecycle> {
  return (source) =>
    new Observable<ItemLifecycle>((subscriber) => {
      let snapshot = emptySnapshot();
      // Only the latest snapshot is kept (and handed out only with an error, after which no
      // event is applied), so events may write its output array in place; the ownership says
      // which positions each event wrote.
      const ownership = new OutputOwnership();
      // Each item has two inners, `${response}:${index}:events` and `...:states`, in one set so
      // the source stays subscribed while any of them has a listener.
      const inners = new InnerStreams<string, ResponseStreamEvent | ResponseOutputItem>();
      let open = new Set<string>();
      const closeAll = (): void => {
        for (const item of open) {
          inners.complete(`${item}:events`);
          inners.complete(`${item}:states`);
        }
        open = new Set();
      };
      inners.attach(
        source.subscribe({
          next(event) {
            const prev = snapshot;
            snapshot = applyEventInPlace(prev, event, ownership);
            if (snapshot.responseIndex !== prev.responseIndex) closeAll();
            const changedAt = (i: number): boolean => ownership.changedAt(i, prev.output, snapshot.output);
            const index = eventPosition(snapshot, event);
            if (index < 0) {
              if (snapshot.phase !== 'streaming' && prev.phase === 'streaming') {
                // The terminal response finishes the items that got no output_item.done: each
                // one's last state is the item as that response has it.
                for (const item of open) {
                  const at = Number(item.slice(item.indexOf(':') + 1));
                  const state = snapshot.output[at];
                  if (state !== undefined && changedAt(at)) inners.next(`${item}:states`, state);
                }
                closeAll();
              }
              return;
            }
            const state = snapshot.output[index];
            if (state === undefined) return;
            const changed = changedAt(index);
            const item = `${snapshot.responseIndex}:${index}`;
            if (!open.has(item)) {
              const sameResponse = prev.responseIndex === snapshot.responseIndex;
              // An event for an item that already finished and was not changed by it (ignored by
              // the reducer, e.g. an output_item.added after the terminal event) opens nothing.
              if (sameResponse && !changed) return;
              if (inners.closed) return; // nobody can receive a new item any more
              open.add(item);
              subscriber.next({
                responseIndex: snapshot.responseIndex,
                outputIndex: index,
                type: String(state.type),
                events: inners.create(`${item}:events`) as Observable<ResponseStreamEvent>,
                states: inners.create(`${item}:states`) as Observable<ResponseOutputItem>,
              });
            }
            inners.next(`${item}:events`, event);
            if (changed || prev.responseIndex !== snapshot.responseIndex) inners.next(`${item}:states`, state);
            if (event.type === 'response.output_item.done') {
              inners.complete(`${item}:events`);
              inners.complete(`${item}:states`);
              open.delete(item);
            }
          },
          error(err: unknown) {
            const withPartial = toStreamError(err, snapshot);
            inners.errorAll(withPartial);
            open = new Set();
            subscriber.error(withPartial);
          },
          complete() {
            closeAll();
            subscriber.complete();
          },
        }),
      );
      return () => inners.closeOuter();
    });
}
