import type { ItemView, ReasoningItemView } from './ItemView.js';
import type { Replacement } from './updateItemViews.js';

/** How far from the end of the items a patch looks before it gives up (and the list is rebuilt). */
const NEAR_END = 16;

/**
 * @internal `responseState()`'s `reasoning` (one text per reasoning item: its summary
 * paragraphs joined by a blank line, else its raw text) after the view changes `replaced` (every
 * change of one event, in order), patched rather than rebuilt from every item: one reasoning item
 * among the last 16 items changed, or one was appended. `undefined` when it cannot tell cheaply
 * (several reasoning items changed, one further back, an item that turned into reasoning or
 * stopped being it, `texts` that do not match the items): the caller then rebuilds the list with
 * {@link reasoningOf}. `texts` itself when no reasoning item changed.
 *
 * @example
 * ```ts
 * const reasoning = patchReasoning(prev.reasoning, items, replaced) ?? reasoningOf(items);
 * ```
 */
export function patchReasoning(texts: readonly string[], items: readonly ItemView[], replaced: readonly Replacement[]): readonly string[] | undefined {
  let change: Replacement | undefined;
  for (const r of replaced) {
    if (r.old?.kind !== 'reasoning' && r.view.kind !== 'reasoning') continue;
    // Several in one event: their places interact, so the list is rebuilt.
    if (change !== undefined) return undefined;
    change = r;
  }
  if (change === undefined) return texts;
  const { old, view } = change;
  if (view.kind !== 'reasoning' || (old !== undefined && old.kind !== 'reasoning')) return undefined;
  // Its place among the reasoning texts, counted from the end, looking only near it.
  const at = view.outputIndex;
  if (items.length - at > NEAR_END) return undefined;
  let after = 0;
  for (let i = at + 1; i < items.length; i++) if ((items[i] as ItemView).kind === 'reasoning') after++;
  // An appended item goes after every text; a replaced one is the text `after` places from the end.
  const k = texts.length - after - (old === undefined ? 0 : 1);
  if (k < 0) return undefined;
  const next = texts.slice();
  next[k] = reasoningText(view);
  return next;
}

/**
 * @internal `responseState()`'s `reasoning` built from every item view.
 *
 * @example
 * ```ts
 * const reasoning = reasoningOf(state.items);
 * ```
 */
export function reasoningOf(items: readonly ItemView[]): string[] {
  const texts: string[] = [];
  for (const view of items) if (view.kind === 'reasoning') texts.push(reasoningText(view));
  return texts;
}

function reasoningText(view: ReasoningItemView): string {
  const summary = view.summary.join('\n\n');
  return summary !== '' ? summary : view.text;
}
