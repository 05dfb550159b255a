import type { Observable } from 'rxjs';
import type { ResponseCreateParams } from '../client/ResponseCreateParams.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import type { ToolLoopEvent } from '../events/ToolLoopEvent.js';

/**
 * What the tool loop emits: every response event of every turn, in order, and the loop's own
 * events (`rx.tool_call.started`, `rx.tool_call.result`, `rx.tool_call.failed`,
 * `rx.turn.ended`). The response operators (`textDeltas()`, `finalResponse()`, …) take it as is.
 *
 * @example
 * ```ts
 * run$.pipe(ofType('rx.tool_call.result')).subscribe((e: EventOfType<'rx.tool_call.result'>) => log(e.output));
 * ```
 */
export type RunEvent = ResponseStreamEvent | ToolLoopEvent;

/**
 * How the loop sends one turn's request: any function that streams a response for request
 * params, stopping when `signal` aborts. `client.responses.run()` uses the HTTP client's
 * `stream()`; a WebSocket session or a test double plugs in the same way.
 *
 * @example
 * ```ts
 * const transport: ResponsesTransport = (params, signal) => client.responses.stream(params, { signal });
 * ```
 */
export type ResponsesTransport = (params: ResponseCreateParams, signal: AbortSignal) => Observable<ResponseStreamEvent>;
