// Hand-made item views and the view changes of one event, as updateItemViews() reports them,
// for the tests of the list patches (patchToolCalls, patchReasoning).
import type { ItemView } from '../../src/ui/ItemView.js';
import { toItemView } from '../../src/ui/toItemView.js';
import type { Replacement } from '../../src/ui/updateItemViews.js';
import { functionCall, message, reasoningItem } from '../operators/streamEvents.js';

/** The view of `item` at position `i`, not done. */
export const viewOf = (item: Record<string, unknown>, i: number): ItemView => toItemView(item as never, i, { done: false });
export const callView = (i: number, args = ''): ItemView => viewOf(functionCall(`fc_${i}`, `call_${i}`, 'lookup', args, 'in_progress'), i);
export const messageView = (i: number): ItemView => viewOf(message(`msg_${i}`, 'text', 'in_progress'), i);
export const reasoningView = (i: number, ...summary: string[]): ItemView => viewOf(reasoningItem(`rs_${i}`, summary), i);

/** `before` with `changes` (position and new view, in order) applied, and the replacements they make. */
export function applyChanges(before: readonly ItemView[], changes: readonly [number, ItemView][]): { after: ItemView[]; replaced: Replacement[] } {
  const after = before.slice();
  const replaced: Replacement[] = [];
  for (const [at, next] of changes) {
    replaced.push({ old: after[at], view: next });
    after[at] = next;
  }
  return { after, replaced };
}
