import type { ToolCallItemView } from './ItemView.js';
import { isToolCallView } from './isToolCallView.js';
import type { Replacement } from './updateItemViews.js';

/** How many of the last calls a patch looks through before it gives up (and the list is rebuilt). */
const NEAR_END = 16;

/**
 * @internal `responseState()`'s `toolCalls` after the view changes `replaced` (every change of
 * one event, in order), patched rather than rebuilt from every item: a call replaced among the
 * last 16 calls, or a new call after every other one. `undefined` when it cannot tell cheaply
 * (a call further back, a call added before another, an item that stopped being a call): the
 * caller then rebuilds the list. `calls` itself when no call changed.
 *
 * @example
 * ```ts
 * const toolCalls = patchToolCalls(prev.toolCalls, replaced) ?? items.filter(isToolCallView);
 * ```
 */
export function patchToolCalls(calls: readonly ToolCallItemView[], replaced: readonly Replacement[]): readonly ToolCallItemView[] | undefined {
  let next: ToolCallItemView[] | undefined;
  for (const { old, view } of replaced) {
    const was = old !== undefined && isToolCallView(old);
    if (!isToolCallView(view)) {
      if (was) return undefined;
      continue;
    }
    const list = next ?? calls;
    if (was) {
      const k = list.indexOf(old as ToolCallItemView, Math.max(0, list.length - NEAR_END));
      if (k < 0) return undefined;
      next ??= calls.slice();
      next[k] = view;
    } else {
      // A new call (or an item that became one): in order only when no call comes after it.
      const last = list[list.length - 1];
      if (last !== undefined && last.outputIndex > view.outputIndex) return undefined;
      next ??= calls.slice();
      next.push(view);
    }
  }
  return next ?? calls;
}
