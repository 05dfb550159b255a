import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, applyEvent, emptySnapshot } from '../../src/index.js';
import { deepEqual } from '../../src/reduce/mergeTerminalResponse.js';
import { deepFreeze } from '../support/deepFreeze.js';
import { isTerminalType } from '../support/fixtures.js';
import { listRecordings } from '../support/listRecordings.js';
import { messageText } from '../support/messageText.js';

const recordings = listRecordings();
const TEXT_CHANGING = new Set(['done_mismatch', 'terminal_output_differs', 'terminal_output_missing', 'item_type_mismatch', 'output_index_conflict']);

/**
 * How many of the recording's terminal events end a response that is still streaming (some
 * event of it arrived and no terminal one yet, not even an `error` event): the ones the
 * reducer compares with what it streamed. Read from the events, not from the reducer.
 */
function terminalsWhileStreaming(events: readonly unknown[]): number {
  let open = false;
  let count = 0;
  for (const { type } of events as { type: string }[]) {
    if (!isTerminalType(type)) open = true;
    else {
      if (open && type !== 'error') count++;
      open = false;
    }
  }
  return count;
}

const hasTextDeltas = (events: readonly unknown[]) => (events as { type: string }[]).some((e) => e.type === 'response.output_text.delta');

/** Applies every valid event, freezing each event and snapshot so any mutation throws. */
function reduceAll(events: readonly unknown[]): { event: ResponseStreamEvent; before: ResponseSnapshot; after: ResponseSnapshot }[] {
  const steps: { event: ResponseStreamEvent; before: ResponseSnapshot; after: ResponseSnapshot }[] = [];
  let snapshot = deepFreeze(emptySnapshot());
  for (const raw of events) {
    const event = deepFreeze(structuredClone(raw)) as ResponseStreamEvent;
    const after = deepFreeze(applyEvent(snapshot, event));
    steps.push({ event, before: snapshot, after });
    snapshot = after;
  }
  return steps;
}

describe('every recording in the corpus', () => {
  it('is discovered on disk', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(51);
  });

  let deltaChecks = 0;
  let equalThroughout = 0;
  let terminalChecks = 0;
  // Each check below is registered only for the recordings that have what it checks, so no
  // registered test can pass by finding nothing to compare.
  const withTerminals = recordings.filter((rec) => terminalsWhileStreaming(rec.validEvents) > 0);
  const withDeltas = recordings.filter((rec) => hasTextDeltas(rec.validEvents));

  // Each test reduces its recording itself, not the describe block: reducer code run while tests
  // are collected (or in beforeAll) counts for Stryker as covered by no test in particular, so
  // every mutant in the reducer would rerun the whole mutation suite instead of these tests.
  for (const rec of recordings) {
    describe(rec.name, () => {
      it('reduces without throwing and without mutating any earlier snapshot or event', () => {
        expect(reduceAll(rec.validEvents)).toHaveLength(rec.validEvents.length);
      });

      if (withTerminals.includes(rec)) it('agrees with each terminal response, and every disagreement has a diagnostic', () => {
        const steps = reduceAll(rec.validEvents);
        let checked = 0;
        for (const { event, before, after } of steps) {
          if (!isTerminalType(event.type) || event.type === 'error' || before.phase !== 'streaming') continue;
          const terminalOutput = ((event as { response?: { output?: unknown[] } }).response?.output ?? []) as Record<string, unknown>[];
          const streamed = before.response.output as unknown as Record<string, unknown>[];
          const newDiagnostics = after.diagnostics.slice(before.diagnostics.length);
          const explained = (i: number) =>
            newDiagnostics.some(
              (d) =>
                (d.code === 'terminal_output_differs' || d.code === 'terminal_output_missing') &&
                (d.outputIndex === i || d.outputIndex === undefined || (d.outputIndex <= i && i >= terminalOutput.length)),
            );
          for (let i = 0; i < Math.max(streamed.length, terminalOutput.length); i++) {
            if (!deepEqual(streamed[i], terminalOutput[i])) {
              expect(explained(i), `${event.type}: output[${i}] differs from the streamed item without a diagnostic`).toBe(true);
            }
          }
          const kept = newDiagnostics.some((d) => d.code === 'terminal_output_missing');
          if (!kept) {
            expect(deepEqual(after.response.output, terminalOutput)).toBe(true);
            expect(after.outputText).toBe(messageText(terminalOutput));
          }
          expect(after.response.status).toBe((event as { response?: { status?: string } }).response?.status);
          checked++;
        }
        expect(checked, 'terminal events compared').toBe(terminalsWhileStreaming(rec.validEvents));
        terminalChecks += checked;
      });

      if (withDeltas.includes(rec)) it('keeps joined text deltas equal to the running text until a diagnostic explains a change', () => {
        let joined = '';
        let explainedFrom = -1;
        let responseIndex = 0;
        let equal = true;
        for (const { event, after } of reduceAll(rec.validEvents)) {
          if (after.responseIndex !== responseIndex) {
            responseIndex = after.responseIndex;
            joined = '';
            explainedFrom = -1;
          }
          if (explainedFrom < 0 && after.diagnostics.some((d) => TEXT_CHANGING.has(d.code))) explainedFrom = after.eventCount;
          if (event.type !== 'response.output_text.delta') continue;
          joined += (event as { delta: string }).delta;
          if (explainedFrom >= 0) {
            equal = false;
            continue;
          }
          deltaChecks++;
          expect(after.outputText).toBe(joined);
        }
        if (equal) equalThroughout++;
      });
    });
  }

  it('checked the running text against the deltas on most recordings', () => {
    expect(deltaChecks).toBeGreaterThan(1000);
    expect(equalThroughout).toBeGreaterThan(recordings.length / 2);
    expect(terminalChecks).toBeGreaterThanOrEqual(withTerminals.length);
    expect(withTerminals.length).toBeGreaterThan(recordings.length / 2);
    expect(withDeltas.length).toBeGreaterThan(recordings.length / 2);
  });
});
