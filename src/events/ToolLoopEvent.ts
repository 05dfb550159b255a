/*
 * Events made by the tool loop (`runTools()`, `client.responses.run()`), never sent by a
 * server. They travel in the same stream as the response events; the reducer and the
 * operators pass over them. Field names follow the API's (`call_id`, `name`).
 */

/**
 * A local tool call is about to run (its arguments passed the schema and any approval).
 *
 * @example
 * ```ts
 * run$.pipe(ofType('rx.tool_call.started')).subscribe((e) => log(`${e.name}(${JSON.stringify(e.arguments)})`));
 * ```
 */
export type ToolCallStartedEvent = {
  type: 'rx.tool_call.started';
  /** 1-based turn (response) of the loop. */
  turn: number;
  call_id: string;
  name: string;
  /** The validated arguments. */
  arguments: unknown;
};

/**
 * A local tool call finished: `result` is what the tool returned (the last value of an
 * Observable), `output` the string sent back to the model.
 *
 * @example
 * ```ts
 * run$.pipe(ofType('rx.tool_call.result')).subscribe((e) => show(e.call_id, e.result));
 * ```
 */
export type ToolCallResultEvent = {
  type: 'rx.tool_call.result';
  turn: number;
  call_id: string;
  name: string;
  result: unknown;
  output: string;
};

/**
 * Why a call did not give a result: arguments that are not JSON or fail the schema, a tool
 * that threw or errored, a tool name the loop does not know, or a denied approval.
 *
 * @example
 * ```ts
 * const reason: ToolCallFailureReason = 'invalid_arguments';
 * ```
 */
export type ToolCallFailureReason = 'invalid_arguments' | 'tool_error' | 'unknown_tool' | 'denied';

/**
 * A function call did not give a result; `output` is what the model is told instead, so it
 * can retry or carry on.
 *
 * @example
 * ```ts
 * run$.pipe(ofType('rx.tool_call.failed')).subscribe((e) => warn(e.reason, e.error));
 * ```
 */
export type ToolCallFailedEvent = {
  type: 'rx.tool_call.failed';
  turn: number;
  call_id: string;
  name: string;
  reason: ToolCallFailureReason;
  error: unknown;
  output: string;
};

/**
 * A turn is over: its response ended and every call it asked for has an output.
 * `function_calls` is how many calls the model made; 0 ends the loop.
 *
 * @example
 * ```ts
 * run$.pipe(ofType('rx.turn.ended')).subscribe((e) => log(`turn ${e.turn}: ${e.function_calls} call(s)`));
 * ```
 */
export type TurnEndedEvent = {
  type: 'rx.turn.ended';
  turn: number;
  response_id: string | undefined;
  function_calls: number;
};

/**
 * Every event the tool loop adds to the response events.
 *
 * @example
 * ```ts
 * const isToolEvent = (e: ToolLoopEvent) => e.type !== 'rx.turn.ended';
 * ```
 */
export type ToolLoopEvent = ToolCallStartedEvent | ToolCallResultEvent | ToolCallFailedEvent | TurnEndedEvent;

const TOOL_LOOP_TYPES: ReadonlySet<string> = new Set(['rx.tool_call.started', 'rx.tool_call.result', 'rx.tool_call.failed', 'rx.turn.ended']);

/**
 * Whether an event was made by the tool loop (and so says nothing about the response itself).
 *
 * @example
 * ```ts
 * run$.pipe(filter(isToolLoopEvent)).subscribe(logToolEvent);
 * ```
 */
export function isToolLoopEvent(event: { readonly type: string }): event is ToolLoopEvent {
  return TOOL_LOOP_TYPES.has(event.type);
}
