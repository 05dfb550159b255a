import type { ResponseSnapshot } from '../reduce/ResponseSnapshot.js';
import type { ResponseStreamError } from './ResponseStreamError.js';
import { withSnapshot } from './RxResponsesError.js';
import { toResponseStreamError } from './toResponseStreamError.js';

/**
 * The hidden field on an `error` event that holds the error its transport raised for it. A
 * registered symbol (not a module-level map), so it is found across bundles; not enumerable, so
 * the event serializes, compares and logs as the server sent it.
 */
const RAISED = Symbol.for('rx-responses.raisedStreamError');

/**
 * @internal Records on an `error` event the {@link ResponseStreamError} its transport raised for
 * it (with the API key removed, a `requestID`), before the event is emitted. Operators that end
 * at the event ({@link streamErrorOf}) then raise that error instead of one of their own, since
 * they unsubscribe before the transport's own error could reach them.
 *
 * @example
 * ```ts
 * const error = toResponseStreamError(event, redact, requestID);
 * attachStreamError(event, error);
 * subscriber.next(event);
 * subscriber.error(error);
 * ```
 */
export function attachStreamError(event: object, error: ResponseStreamError): void {
  if (!Object.isExtensible(event)) return;
  Object.defineProperty(event, RAISED, { value: error, enumerable: false, configurable: true, writable: false });
}

/**
 * @internal The {@link ResponseStreamError} an operator raises at an `error` event: the one the
 * transport attached to the event ({@link attachStreamError}), else one read from the event
 * itself; either way carrying `snapshot` (the output received so far).
 *
 * @example
 * ```ts
 * if (snapshot.phase === 'error' && prev.phase !== 'error') subscriber.error(streamErrorOf(event, snapshot));
 * ```
 */
export function streamErrorOf(event: object, snapshot: ResponseSnapshot): ResponseStreamError {
  const raised = (event as { [RAISED]?: unknown })[RAISED];
  if (isOwnError(raised)) return withSnapshot(raised, snapshot);
  const error = toResponseStreamError(event);
  return withSnapshot(error, snapshot);
}

function isOwnError(value: unknown): value is ResponseStreamError {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'ResponseStreamError';
}
