import type { ResponseSnapshot } from '../reduce/ResponseSnapshot.js';
import { RxResponsesError, hasErrorName } from './RxResponsesError.js';
import { plural } from '../reduce/plural.js';

/**
 * Raised when a stream ends before its terminal event (`response.completed`,
 * `response.incomplete`, `response.failed` or `error`). The snapshot holds everything received,
 * and `lastSequenceNumber` is where a resume (`starting_after`) would continue.
 *
 * @example
 * ```ts
 * stream.pipe(finalResponse()).subscribe({
 *   error: (e) => isStreamTruncatedError(e) && console.log('partial:', e.snapshot?.outputText),
 * });
 * ```
 */
export class StreamTruncatedError extends RxResponsesError {
  override readonly name = 'StreamTruncatedError';
  readonly code = 'stream_truncated';
  /** The `sequence_number` of the last event received, if events carried one. */
  readonly lastSequenceNumber: number | undefined;

  constructor(args: { snapshot?: ResponseSnapshot; lastSequenceNumber?: number; message?: string; cause?: unknown }) {
    const events = args.snapshot?.eventCount ?? 0;
    super(args.message ?? `Stream ended without a terminal event after ${plural(events, 'event')}`, { snapshot: args.snapshot, cause: args.cause });
    this.lastSequenceNumber = args.lastSequenceNumber ?? args.snapshot?.lastSequenceNumber;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), lastSequenceNumber: this.lastSequenceNumber };
  }
}

/**
 * Type guard for {@link StreamTruncatedError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isStreamTruncatedError(err)) resumeFrom(err.lastSequenceNumber);
 * ```
 */
export function isStreamTruncatedError(value: unknown): value is StreamTruncatedError {
  return hasErrorName(value, 'StreamTruncatedError');
}
