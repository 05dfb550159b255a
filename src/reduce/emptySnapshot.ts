import type { Response } from '../events/Response.js';
import type { ResponseSnapshot } from './ResponseSnapshot.js';
import { Snapshot } from './Snapshot.js';

const NO_DIAGNOSTICS: readonly never[] = Object.freeze([]);
const NO_IMAGES: ReadonlyMap<number, never> = new Map<number, never>();

/**
 * The snapshot before any event: an empty, in-progress response with no id yet.
 *
 * @example
 * ```ts
 * const s = applyEvent(emptySnapshot(), event);
 * ```
 */
export function emptySnapshot(): ResponseSnapshot {
  const response = { id: '', object: 'response', status: 'in_progress', output: [] } as Response;
  return new Snapshot(response, response.output, '', 'streaming', undefined, NO_DIAGNOSTICS, 0, undefined, 0, NO_IMAGES, false, undefined);
}
