import type { ResponseSnapshot } from './ResponseSnapshot.js';
import { copySnapshot } from './Snapshot.js';
import { plural } from './plural.js';

/**
 * Marks the end of the input. A snapshot still `streaming` gets a `missing_terminal`
 * diagnostic (the stream ended without `response.completed`, `response.incomplete`,
 * `response.failed` or `error`); any other snapshot is returned unchanged.
 *
 * @example
 * ```ts
 * const last = finishSnapshot(snapshot);
 * if (last.phase === 'streaming') console.log('truncated after', last.eventCount, 'events');
 * ```
 */
export function finishSnapshot(snapshot: ResponseSnapshot): ResponseSnapshot {
  if (snapshot.phase !== 'streaming') return snapshot;
  const last = snapshot.lastSequenceNumber;
  return copySnapshot(snapshot, {
    diagnostics: [
      ...snapshot.diagnostics,
      {
        code: 'missing_terminal',
        message: `The stream ended after ${plural(snapshot.eventCount, 'event')} without a terminal event${last === undefined ? '' : ` (last sequence_number ${last})`}`,
      },
    ],
  });
}
