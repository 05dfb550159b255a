import type { ItemView, ToolCallItemView } from './ItemView.js';

/**
 * True for the views that are tool calls (see {@link ToolCallItemView}): every kind but
 * `message`, `reasoning` and `shell_call_output`, plus `other` items whose type ends in `_call`. Tool outputs,
 * MCP tool lists and approval requests are not calls.
 *
 * @example
 * ```ts
 * const calls = state.items.filter(isToolCallView);
 * ```
 */
export function isToolCallView(view: ItemView): view is ToolCallItemView {
  switch (view.kind) {
    case 'message':
    case 'reasoning':
    case 'shell_call_output':
      return false;
    case 'other':
      return view.type.endsWith('_call');
    default:
      return true;
  }
}
