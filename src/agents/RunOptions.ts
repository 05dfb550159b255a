import type { Observable } from 'rxjs';
import type { ResponsesSocket } from '../client/ws/ResponsesSocket.js';
import type { Tool } from './defineTool.js';

/**
 * A function call the model asked for, as the approval hooks see it.
 *
 * @example
 * ```ts
 * const risky = (call: ToolCallRequest) => call.name === 'delete_file';
 * ```
 */
export interface ToolCallRequest {
  readonly call_id: string;
  readonly name: string;
  /** The validated arguments. */
  readonly arguments: unknown;
  /** 1-based turn. */
  readonly turn: number;
}

/** A yes/no answer now, later (Promise), or as an Observable's first value. */
export type Decision = boolean | PromiseLike<boolean> | Observable<boolean>;

/**
 * Options of `client.responses.run()` and {@link runTools}.
 *
 * @example
 * ```ts
 * const options: RunOptions = { tools: [weather, calculator], maxTurns: 5, concurrency: 2 };
 * ```
 */
export interface RunOptions {
  /** The function tools the loop runs locally. Hosted tools go in the params' `tools` and are never run here. */
  readonly tools: readonly Tool<never, unknown>[];
  /** Most responses to request (default 10). */
  readonly maxTurns?: number;
  /** At `maxTurns` with calls still asked for: `'error'` (default) errors with `MaxTurnsExceededError`, `'end'` completes. */
  readonly onMaxTurns?: 'error' | 'end';
  /** Most calls running at once (default: no limit). */
  readonly concurrency?: number;
  /**
   * A call that fails (invalid arguments, a throwing tool, an unknown tool, a denial):
   * `'report'` (default) tells the model what went wrong in its output, so it can retry, and
   * emits `rx.tool_call.failed`; `'throw'` ends the loop with `ToolCallError`.
   */
  readonly toolErrors?: 'report' | 'throw';
  /**
   * Whether a call needs a human's approval before it runs (default: none does). For those
   * that do, {@link RunOptions.approve} decides; a denied call is not run and the model gets a
   * refusal as its output.
   */
  readonly needsApproval?: (call: ToolCallRequest) => Decision;
  /** Approves (`true`) or denies a call that needs approval; without it, such calls are denied. */
  readonly approve?: (call: ToolCallRequest) => Decision;
  /**
   * `client.responses.run()` only: whether late subscribers get the events they missed
   * (default `true`, like `stream()`); every subscriber shares the one run either way.
   */
  readonly replay?: boolean;
  /**
   * `client.responses.run()` only: how each turn's request is sent. `'http'` (default):
   * `stream()`, one request per turn. `'websocket'`: WebSocket mode, every turn on one socket
   * the run opens on its first turn and closes when it ends (completes, errors or is
   * unsubscribed). A {@link ResponsesSocket} from `client.responses.connect()`: every turn on
   * that socket, which the run leaves open (several runs can share it; close it yourself).
   */
  readonly transport?: 'http' | 'websocket' | ResponsesSocket;
}
