// React: a tool call that renders as its arguments stream in. Item views come from
// responseState() (see useResponse); a function call's `partialArguments` is an object that
// grows while the JSON arrives, and parts that did not change stay the same objects, so
// `memo` skips every field whose value is `===` to the last render. Over a tool loop
// (`client.responses.run()`), `view.tool` shows the local tool running, then its result.
import { createElement as h, memo } from 'react';
import type { FunctionCallItemView, ItemView } from 'rx-responses';

/** One argument: re-rendered only when its value changed (same object or string: skipped). */
const Field = memo(function Field({ name, value }: { name: string; value: unknown }) {
  return h('div', { 'data-testid': `arg-${name}` }, h('dt', null, name), h('dd', null, typeof value === 'string' ? value : JSON.stringify(value)));
});

/** What the tool loop did with the call: nothing yet, running, its result, or why it failed. */
function ToolRun({ view }: { view: FunctionCallItemView }) {
  const run = view.tool;
  if (run === undefined) return null;
  const text = run.status === 'running' ? 'running…' : run.status === 'done' ? `→ ${JSON.stringify(run.result)}` : `failed (${run.reason ?? 'error'})`;
  return h('output', { 'data-testid': `run-${view.call_id}`, 'data-status': run.status }, text);
}

/**
 * A function call card: its name, a spinner-free status, each argument as it fills in, and
 * the tool's run when a tool loop runs it.
 *
 * @example
 * ```tsx
 * state.items.filter((v) => v.kind === 'function_call').map((v) => <ToolCallCard key={v.outputIndex} view={v} />)
 * ```
 */
export const ToolCallCard = memo(function ToolCallCard({ view }: { view: FunctionCallItemView }) {
  const args = view.partialArguments;
  const entries = typeof args === 'object' && args !== null && !Array.isArray(args) ? Object.entries(args) : [];
  return h(
    'section',
    { 'data-testid': `tool-${view.call_id}`, 'aria-busy': !view.done },
    h('h4', null, `${view.name}${view.done ? '' : ' …'}`),
    h('dl', null, ...entries.map(([name, value]) => h(Field, { key: name, name, value }))),
    h(ToolRun, { view }),
  );
});

/** The function calls among a response's items, as cards. */
export function ToolCalls({ items }: { items: readonly ItemView[] }) {
  return h('div', null, ...items.filter((v): v is FunctionCallItemView => v.kind === 'function_call').map((v) => h(ToolCallCard, { key: v.outputIndex, view: v })));
}
