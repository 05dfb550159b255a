import type { ResponseSnapshot } from '../reduce/ResponseSnapshot.js';
import { type RxResponsesError, isRxResponsesError, withSnapshot } from './RxResponsesError.js';
import { StreamTruncatedError } from './StreamTruncatedError.js';

/**
 * @internal The error an operator passes on when its source fails: this library's own errors
 * get the last snapshot attached; anything else (a `TypeError('terminated')` from a dropped
 * fetch body, a user's source throwing) means the stream ended before its terminal event, so
 * it becomes a {@link StreamTruncatedError} holding the snapshot, with the original as `cause`.
 */
export function toStreamError(error: unknown, snapshot: ResponseSnapshot): RxResponsesError {
  const partial = snapshot.eventCount > 0 ? snapshot : undefined;
  if (isRxResponsesError(error)) return withSnapshot(error, partial);
  const reason = error instanceof Error ? error.message : String(error);
  return new StreamTruncatedError({
    ...(partial === undefined ? {} : { snapshot: partial }),
    message: `Stream failed before its terminal event: ${reason}`,
    cause: error,
  });
}
