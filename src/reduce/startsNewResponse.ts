import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import type { ResponseSnapshot } from './ResponseSnapshot.js';

/**
 * True when `event` begins another response in the same stream: a `response.created` or
 * `response.queued` whose response id differs from the current one, or that arrives after the
 * current response already ended. Proxies and agent loops concatenate several runs this way.
 *
 * @example
 * ```ts
 * if (startsNewResponse(snapshot, event)) console.log('next response');
 * ```
 */
export function startsNewResponse(snapshot: ResponseSnapshot, event: ResponseStreamEvent): boolean {
  if (event.type !== 'response.created' && event.type !== 'response.queued') return false;
  if (!snapshot.started) return false;
  if (snapshot.phase !== 'streaming') return true;
  const response = (event as { response?: { id?: unknown } }).response;
  const id = response?.id;
  return typeof id === 'string' && id !== '' && snapshot.response.id !== '' && id !== snapshot.response.id;
}
