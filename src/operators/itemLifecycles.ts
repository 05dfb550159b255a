import { Observable, type OperatorFunction, ReplaySubject } from 'rxjs';
import type { ResponseOutputItem } from '../events/Response.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { withSnapshot } from '../errors/RxResponsesError.js';
import type { ResponseSnapshot } from '../reduce/ResponseSnapshot.js';
import { applyEvent } from '../reduce/applyEvent.js';
import { emptySnapshot } from '../reduce/emptySnapshot.js';

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
  /** The item after each of its events (immutable); completes with `events`. */
  readonly states: Observable<ResponseOutputItem>;
}

interface OpenItem {
  readonly events: ReplaySubject<ResponseStreamEvent>;
  readonly states: ReplaySubject<ResponseOutputItem>;
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
      let open = new Map<number, OpenItem>();
      const closeAll = (): void => {
        for (const item of open.values()) {
          item.events.complete();
          item.states.complete();
        }
        open = new Map();
      };
      const subscription = source.subscribe({
        next(event) {
          const prev = snapshot;
          snapshot = applyEvent(prev, event);
          if (snapshot.responseIndex !== prev.responseIndex) closeAll();
          const index = itemIndexOf(event, snapshot);
          if (index === undefined) {
            if (snapshot.phase !== 'streaming' && prev.phase === 'streaming') closeAll();
            return;
          }
          const state = snapshot.output[index];
          if (state === undefined) return;
          let item = open.get(index);
          if (item === undefined) {
            if (prev.responseIndex === snapshot.responseIndex && prev.output[index] === state && event.type !== 'response.output_item.added') {
              return; // an event for an item that already finished and was not changed by it
            }
            item = { events: new ReplaySubject(), states: new ReplaySubject() };
            open.set(index, item);
            subscriber.next({
              responseIndex: snapshot.responseIndex,
              outputIndex: index,
              type: String(state.type),
              events: item.events.asObservable(),
              states: item.states.asObservable(),
            });
          }
          item.events.next(event);
          if (prev.output[index] !== state) item.states.next(state);
          if (event.type === 'response.output_item.done') {
            item.events.complete();
            item.states.complete();
            open.delete(index);
          }
        },
        error(err: unknown) {
          const withPartial = withSnapshot(err, snapshot.eventCount > 0 ? snapshot : undefined);
          for (const item of open.values()) {
            item.events.error(withPartial);
            item.states.error(withPartial);
          }
          open = new Map();
          subscriber.error(withPartial);
        },
        complete() {
          closeAll();
          subscriber.complete();
        },
      });
      return subscription;
    });
}

/** The output index an item-scoped event addressed, after the reducer placed it. */
function itemIndexOf(event: ResponseStreamEvent, snapshot: ResponseSnapshot): number | undefined {
  const e = event as { output_index?: unknown; item_id?: unknown; item?: { id?: unknown } };
  const output = snapshot.output;
  if (typeof e.output_index === 'number') {
    const position = snapshot.outputIndexMap === undefined ? e.output_index : snapshot.outputIndexMap.get(e.output_index);
    if (position !== undefined && output[position] !== undefined) return position;
  }
  const id = typeof e.item_id === 'string' ? e.item_id : typeof e.item?.id === 'string' ? e.item.id : undefined;
  if (id === undefined || id === '') return undefined;
  for (let i = output.length - 1; i >= 0; i--) if ((output[i] as { id?: unknown }).id === id) return i;
  return undefined;
}
