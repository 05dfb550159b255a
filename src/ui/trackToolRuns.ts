import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { isToolLoopEvent } from '../events/ToolLoopEvent.js';
import type { FunctionCallItemView, ItemView, ToolCallItemView } from './ItemView.js';
import type { ResponseViewState } from './ResponseViewState.js';
import type { ToolRunView } from './ToolRunView.js';

/**
 * @internal What `responseState()` keeps of the tool loop's events, and how it puts them on
 * the function call views (see {@link ToolRunView}).
 *
 * @example
 * ```ts
 * const runs = trackToolRuns();
 * if (runs.observe(event, snapshot.responseIndex)) publish(runs.decorate(state, state));
 * ```
 */
export interface ToolRuns {
  /**
   * Records a tool-loop event of the response at `responseIndex` (the runs of an earlier
   * response are dropped: its views are gone). Returns whether `event` was one.
   */
  observe(event: ResponseStreamEvent, responseIndex: number): boolean;
  /**
   * `next` with each function call view showing its run: views that lack theirs are replaced
   * (in `items` and `toolCalls`); everything else keeps its identity, and `next` itself is
   * returned when no view needed a change. Looks at the views only when the items changed
   * since `previous` or an event was observed since the last call.
   */
  decorate(next: ResponseViewState, previous: ResponseViewState): ResponseViewState;
}

const RUNNING: ToolRunView = Object.freeze({ status: 'running', result: undefined, output: undefined, reason: undefined, error: undefined });

/** @internal See {@link ToolRuns}. */
export function trackToolRuns(): ToolRuns {
  const runs = new Map<string, ToolRunView>();
  let forResponse = -1;
  let observed = false;
  return {
    observe(event, responseIndex) {
      if (!isToolLoopEvent(event)) return false;
      if (responseIndex !== forResponse) {
        runs.clear();
        forResponse = responseIndex;
      }
      switch (event.type) {
        case 'rx.tool_call.started':
          runs.set(event.call_id, RUNNING);
          break;
        case 'rx.tool_call.result':
          runs.set(event.call_id, Object.freeze({ status: 'done', result: event.result, output: event.output, reason: undefined, error: undefined }));
          break;
        case 'rx.tool_call.failed':
          runs.set(event.call_id, Object.freeze({ status: 'failed', result: undefined, output: event.output, reason: event.reason, error: event.error }));
          break;
        default:
          return true; // rx.turn.ended: nothing to show on a call
      }
      observed = true;
      return true;
    },
    decorate(next, previous) {
      if (runs.size === 0 || next.responseIndex !== forResponse || (next.items === previous.items && !observed)) return next;
      observed = false;
      let replaced: Map<ItemView, ItemView> | undefined;
      for (const view of next.items) {
        if (view.kind !== 'function_call') continue;
        const run = runs.get(view.call_id);
        if (run === undefined || view.tool === run) continue;
        replaced ??= new Map();
        replaced.set(view, Object.freeze({ ...view, tool: run } satisfies FunctionCallItemView));
      }
      if (replaced === undefined) return next;
      const swap = <T extends ItemView>(view: T): T => (replaced.get(view) as T | undefined) ?? view;
      return Object.freeze({ ...next, items: next.items.map(swap), toolCalls: next.toolCalls.map((view: ToolCallItemView) => swap(view)) });
    },
  };
}
