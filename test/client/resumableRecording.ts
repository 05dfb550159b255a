import type { ResponseStreamEvent } from '../../src/index.js';
import { type Recording, listRecordings } from '../support/listRecordings.js';

/**
 * The smallest recording that a resume can replay exactly: one response, `sequence_number`
 * 0, 1, 2, … on every event, ending with `response.completed`, with at least `minDeltas`
 * text deltas (so a cut shows as partial text). Found on disk, never pasted.
 */
export function resumableRecording(minDeltas = 8): Recording & { events: ResponseStreamEvent[] } {
  const candidates = listRecordings().filter((r) => {
    const events = r.validEvents as ResponseStreamEvent[];
    return (
      r.invalidLines.length === 0 &&
      events.every((e, i) => (e as { sequence_number?: number }).sequence_number === i) &&
      events.filter((e) => e.type === 'response.created').length === 1 &&
      events.at(-1)?.type === 'response.completed' &&
      events.filter((e) => e.type === 'response.output_text.delta').length >= minDeltas
    );
  });
  candidates.sort((a, b) => a.validEvents.length - b.validEvents.length);
  const found = candidates[0];
  if (found === undefined) throw new Error('no resumable recording in test/fixtures');
  return { ...found, events: found.validEvents as ResponseStreamEvent[] };
}
