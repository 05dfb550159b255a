import type { ToolCallFailureReason } from '../events/ToolLoopEvent.js';

/**
 * What the tool loop (`client.responses.run()`, `runTools()`) did with a function call, as
 * `responseState()` shows it on the call's view: `running` from `rx.tool_call.started`, then
 * `done` with the tool's `result` (`rx.tool_call.result`) or `failed` with the `reason` and
 * `error` (`rx.tool_call.failed`: invalid arguments, a tool that threw, an unknown tool, a
 * denied approval; such a call may fail without having run). `output` is the string the model
 * is sent in both cases. Immutable: a new object only when something changed.
 *
 * @example
 * ```ts
 * const badge = (run: ToolRunView | undefined) =>
 *   run === undefined ? '' : run.status === 'running' ? '⏳' : run.status === 'done' ? `= ${JSON.stringify(run.result)}` : `✗ ${run.reason}`;
 * ```
 */
export interface ToolRunView {
  readonly status: 'running' | 'done' | 'failed';
  /** What the tool returned (the last value of an Observable) once `done`; else `undefined`. */
  readonly result: unknown;
  /** The `function_call_output` sent to the model, once `done` or `failed`. */
  readonly output: string | undefined;
  /** Why it failed, once `failed`. */
  readonly reason: ToolCallFailureReason | undefined;
  /** The error (a thrown value, the schema's issues, …), once `failed`. */
  readonly error: unknown;
}
