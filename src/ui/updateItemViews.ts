import type { ResponseOutputItem } from '../events/Response.js';
import type { ResponseSnapshot } from '../reduce/ResponseSnapshot.js';
import type { ItemView } from './ItemView.js';
import type { ItemViewLog } from './ItemViewLog.js';
import { isToolCallView } from './isToolCallView.js';
import { toItemView } from './toItemView.js';

/** @internal Which derived lists of `responseState()` an update of the item views touched. */
export interface ItemChanges {
  /** A reasoning view was replaced, added or dropped. */
  reasoning: boolean;
  /** A tool call view was replaced, added or dropped. */
  toolCalls: boolean;
}

/** @internal A view that replaced another (or was appended: `old` undefined). */
export interface Replacement {
  readonly old: ItemView | undefined;
  readonly view: ItemView;
}

/**
 * @internal Brings `responseState()`'s item views (`log`, those of the previous snapshot of the
 * same response) up to date with `s`, in place, reusing every view whose item did not change.
 *
 * With `positions` (where the reducer wrote, plus the item an `output_item.done` finished), only
 * those views are looked at, so an event costs the same with ten items as with ten thousand; the
 * views that changed are then pushed to `replaced`, in order, and it returns true. When the
 * positions do not account for every item (one out of range, or appended items they skip), or
 * without them, every view is compared instead, `replaced` is left as it was, and it returns
 * false. Either way `changes` notes the kinds of view that came or went.
 *
 * @example
 * ```ts
 * const few = updateItemViews(log, snapshot, ownership.written, doneAt, changes, replaced);
 * ```
 */
export function updateItemViews(
  log: ItemViewLog,
  s: ResponseSnapshot,
  positions: readonly number[] | undefined,
  doneAt: ReadonlySet<number>,
  changes: ItemChanges,
  replaced: Replacement[],
): boolean {
  if (positions !== undefined && reaches(positions, log.views.length, s.output.length)) {
    for (const i of positions) {
      const old = log.views[i];
      const view = viewAt(old, s, i, doneAt, changes);
      if (view === old) continue;
      log.set(i, view);
      replaced.push({ old, view });
    }
    return true;
  }
  const output = s.output;
  const views = log.views;
  let next: ItemView[] | undefined;
  for (let i = 0; i < output.length; i++) {
    const old = views[i];
    const view = viewAt(old, s, i, doneAt, changes);
    if (next === undefined && view !== old) next = views.slice(0, i);
    next?.push(view);
  }
  // The output never shrinks within a response (items the terminal response leaves out stay),
  // and a new response starts from no views: there are no views past the output's end.
  if (next !== undefined) log.reset(next);
  return false;
}

/**
 * Whether `positions`, in order, account for every item when there were `before` views and are
 * `length` items: each is an item, and the new ones are appended in order, none skipped.
 */
function reaches(positions: readonly number[], before: number, length: number): boolean {
  let reach = before;
  for (const i of positions) {
    // A position past the end is past `reach` too, or makes it overshoot `length`.
    if (i < 0 || i > reach) return false;
    if (i === reach) reach++;
  }
  return reach === length;
}

/** The view of `s.output[i]`: `old` when it still shows that item as it is, else a new one. */
function viewAt(old: ItemView | undefined, s: ResponseSnapshot, i: number, doneAt: ReadonlySet<number>, changes: ItemChanges): ItemView {
  const item = s.output[i] as ResponseOutputItem;
  // Most items are unchanged: one identity check, no lookups, for a finished unchanged item.
  if (old !== undefined && old.item === item && old.done && old.kind !== 'image_generation_call') return old;
  const done = s.phase !== 'streaming' || doneAt.has(i);
  // Only an image view shows it (a preview stays in the map when another item takes its place).
  const partialImage = s.partialImages.get(i);
  const reusable = old !== undefined && old.item === item && (old.done || !done) && (old.kind !== 'image_generation_call' || old.partialImage === partialImage);
  if (reusable) return old;
  const view = toItemView(item, i, { done, partialImage });
  noteChange(changes, old);
  noteChange(changes, view);
  return view;
}

function noteChange(changes: ItemChanges, view: ItemView | undefined): void {
  if (view === undefined) return;
  if (view.kind === 'reasoning') changes.reasoning = true;
  else if (isToolCallView(view)) changes.toolCalls = true;
}
