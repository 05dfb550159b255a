import type { ToolCallFailureReason } from '../events/ToolLoopEvent.js';
import { RxResponsesError, hasErrorName } from './RxResponsesError.js';

/**
 * A tool call failed and the loop was told to stop on failures (`toolErrors: 'throw'`):
 * arguments that are not JSON or fail the schema, a tool that threw, an unknown tool, or a
 * denied approval. The original error is the `cause`.
 *
 * @example
 * ```ts
 * run$.subscribe({ error: (e) => isToolCallError(e) && console.log(e.reason, e.toolName, e.callId) });
 * ```
 */
export class ToolCallError extends RxResponsesError {
  override readonly name = 'ToolCallError';
  readonly code = 'tool_call_failed';
  readonly reason: ToolCallFailureReason;
  readonly toolName: string;
  readonly callId: string;

  constructor(args: { reason: ToolCallFailureReason; toolName: string; callId: string; message: string; cause?: unknown }) {
    super(args.message, args.cause === undefined ? undefined : { cause: args.cause });
    this.reason = args.reason;
    this.toolName = args.toolName;
    this.callId = args.callId;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, toolName: this.toolName, callId: this.callId };
  }
}

/**
 * Type guard for {@link ToolCallError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isToolCallError(err)) console.log(err.reason);
 * ```
 */
export function isToolCallError(value: unknown): value is ToolCallError {
  return hasErrorName(value, 'ToolCallError');
}
