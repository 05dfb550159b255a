import { Observable, type OperatorFunction, filter, mergeMap } from 'rxjs';
import { type ItemLifecycle, type ResponseOutputItem, type ResponseStreamEvent, itemLifecycles } from '../index.js';
import { describeOutputItem } from './describeOutputItem.js';

/**
 * The state of one reasoning or tool item (a function call, a web search, a code interpreter
 * run, …) as the `stream` status line shows it.
 *
 * @example
 * ```ts
 * const progress: ItemProgress = {
 *   responseIndex: 0, outputIndex: 1, kind: 'tool', label: 'function call weather',
 *   detail: '{"city":"Paris"}', size: 16, done: true, failed: false,
 * };
 * ```
 */
export interface ItemProgress {
  /** 0-based position of the response within the stream. */
  readonly responseIndex: number;
  /** The item's `output_index`. */
  readonly outputIndex: number;
  readonly kind: 'reasoning' | 'tool';
  /** What the item is, in words: `reasoning`, `function call weather`, `web search`, `MCP call dmcp web_search_exa`. */
  readonly label: string;
  /**
   * What it works on so far: the latest summary paragraph (reasoning), the arguments, the
   * query, the code, the command; or `''`.
   */
  readonly detail: string;
  /** Characters produced so far: the whole summary and reasoning text, or the length of `detail`. */
  readonly size: number;
  /** True once the item finished (its `output_item.done`, or the end of the response). */
  readonly done: boolean;
  /** True when the item finished with status `failed` or `incomplete`. */
  readonly failed: boolean;
}

/**
 * Emits an {@link ItemProgress} whenever an output item other than a message changes, and once
 * more when it finishes. Built on `itemLifecycles()`, whose item streams end at each item's
 * `output_item.done`, so a finished item is reported at once even when that event changed
 * nothing in it.
 *
 * @example
 * ```ts
 * events.pipe(itemProgress()).subscribe((progress) => status.item(progress));
 * ```
 */
export function itemProgress(): OperatorFunction<ResponseStreamEvent, ItemProgress> {
  return (source) =>
    source.pipe(
      itemLifecycles(),
      filter((item) => item.type !== 'message'),
      mergeMap(
        (item) =>
          new Observable<ItemProgress>((subscriber) => {
            let latest: ResponseOutputItem | undefined;
            return item.states.subscribe({
              next(state) {
                latest = state;
                subscriber.next(describe(item, state, false));
              },
              error: (error: unknown) => subscriber.error(error),
              complete() {
                if (latest !== undefined) subscriber.next(describe(item, latest, true));
                subscriber.complete();
              },
            });
          }),
      ),
    );
}

function describe(lifecycle: ItemLifecycle, state: ResponseOutputItem, done: boolean): ItemProgress {
  const { type, status, label, detail, summary, content } = describeOutputItem(state, lifecycle.type);
  const base = { responseIndex: lifecycle.responseIndex, outputIndex: lifecycle.outputIndex, done, failed: done && (status === 'failed' || status === 'incomplete') };
  if (type === 'reasoning') {
    const text = content.join('');
    return { ...base, kind: 'reasoning', label, detail: `${summary.at(-1) ?? ''}${text}`, size: summary.join('\n\n').length + text.length };
  }
  return { ...base, kind: 'tool', label, detail, size: detail.length };
}
