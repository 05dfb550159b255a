import type { Response } from '../events/Response.js';
import type { ResponseSnapshot } from './ResponseSnapshot.js';

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
  return {
    response: { id: '', object: 'response', status: 'in_progress', output: [] } as Response,
    outputText: '',
    phase: 'streaming',
    streamError: undefined,
    diagnostics: NO_DIAGNOSTICS,
    eventCount: 0,
    lastSequenceNumber: undefined,
    responseIndex: 0,
    started: false,
    partialImages: NO_IMAGES,
    outputIndexMap: undefined,
  };
}
