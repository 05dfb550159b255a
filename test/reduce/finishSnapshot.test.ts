import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, applyEvent, emptySnapshot, finishSnapshot } from '../../src/index.js';
import { recording } from '../support/fixtures.js';

// A stream that ends without its terminal event (a cut connection, a proxy's idle timeout) must
// say so, with how far it got: EVENTS.md §5 asks for the partial snapshot and the last
// sequence_number, which is what resuming needs. The expected counts come from the recordings.
const reduce = (events: readonly ResponseStreamEvent[]): ResponseSnapshot => events.reduce(applyEvent, emptySnapshot());

describe('finishSnapshot', () => {
  it('adds missing_terminal, with the event count and last sequence_number, to a recording cut before its end', () => {
    const events = recording('azure-text-1.jsonl').events.slice(0, 5);
    const lastSeq = (events.at(-1) as { sequence_number: number }).sequence_number;
    const open = reduce(events);
    const finished = finishSnapshot(open);
    expect(finished.diagnostics).toEqual([
      ...open.diagnostics,
      { code: 'missing_terminal', message: `The stream ended after 5 events without a terminal event (last sequence_number ${lastSeq})` },
    ]);
    // Only the diagnostic is added: the partial response is the one the events built.
    expect(finished.phase).toBe('streaming');
    expect(finished.response).toEqual(open.response);
    expect(finished.output).toBe(open.output);
    expect(finished.outputText).toBe(open.outputText);
    expect(finished.eventCount).toBe(5);
    expect(finished.lastSequenceNumber).toBe(lastSeq);
    expect(open.diagnostics.map((d) => d.code)).not.toContain('missing_terminal');
  });

  it('counts a single event in the singular', () => {
    const first = recording('azure-text-1.jsonl').events.slice(0, 1);
    const message = finishSnapshot(reduce(first)).diagnostics.at(-1)?.message;
    expect(message).toBe(`The stream ended after 1 event without a terminal event (last sequence_number ${(first[0] as { sequence_number: number }).sequence_number})`);
  });

  it('leaves out the sequence_number when the events carry none', () => {
    // openai-custom-tool-1 has no sequence_number on any event (MANIFEST.tsv).
    const events = recording('openai-custom-tool-1.jsonl').events.slice(0, 3);
    const last = finishSnapshot(reduce(events)).diagnostics.at(-1);
    expect(last).toEqual({ code: 'missing_terminal', message: 'The stream ended after 3 events without a terminal event' });
  });

  it('marks a snapshot with no events at all', () => {
    expect(finishSnapshot(emptySnapshot()).diagnostics).toEqual([
      { code: 'missing_terminal', message: 'The stream ended after 0 events without a terminal event' },
    ]);
  });

  it('returns a snapshot that ended, however it ended, as it is', () => {
    const ended: Record<string, ResponseSnapshot> = {
      completed: reduce(recording('azure-text-1.jsonl').events),
      failed: reduce(recording('openai-error-1.jsonl').events),
      incomplete: reduce(recording('openai-incomplete-seed.jsonl').events),
      error: reduce([...recording('azure-text-1.jsonl').events.slice(0, 3), { type: 'error', sequence_number: 3, code: 'server_error', message: 'boom', param: null } as unknown as ResponseStreamEvent]),
    };
    for (const [phase, snapshot] of Object.entries(ended)) {
      expect(snapshot.phase).toBe(phase);
      expect(finishSnapshot(snapshot)).toBe(snapshot);
    }
  });
});
