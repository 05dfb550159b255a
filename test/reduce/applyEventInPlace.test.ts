// The reducer's in-place mode (for responseState()) must give exactly the snapshots of the pure
// reducer, event by event, on random streams and on every recording; and it must report every
// position whose item changed (responseState() rebuilds only those views).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, applyEvent, emptySnapshot } from '../../src/index.js';
import { OutputOwnership } from '../../src/reduce/OutputOwnership.js';
import { applyEventInPlace } from '../../src/reduce/applyEvent.js';
import { listRecordings } from '../support/listRecordings.js';
import { type Wire, streamArb } from '../support/randomStreams.js';

const SEED = 1516;

/** What a snapshot shows, as plain data (the output copied: the in-place one changes later). */
function shown(s: ResponseSnapshot): unknown {
  return {
    response: { ...s.response, output: [...s.response.output] },
    output: [...s.output],
    outputText: s.outputText,
    phase: s.phase,
    streamError: s.streamError,
    diagnostics: s.diagnostics,
    eventCount: s.eventCount,
    lastSequenceNumber: s.lastSequenceNumber,
    responseIndex: s.responseIndex,
    partialImages: s.partialImages,
    started: s.started,
    outputIndexMap: s.outputIndexMap,
  };
}

function check(events: readonly Wire[]): number {
  const owner = new OutputOwnership();
  let pure = emptySnapshot();
  let inPlace = emptySnapshot();
  for (const event of events) {
    const before = pure;
    pure = applyEvent(before, event as ResponseStreamEvent);
    inPlace = applyEventInPlace(inPlace, event as ResponseStreamEvent, owner);
    expect(shown(inPlace)).toEqual(shown(pure));
    // Every changed position was reported, unless the output was replaced as a whole.
    if (!owner.replaced && pure.responseIndex === before.responseIndex) {
      const changed = pure.output.flatMap((item, i) => (item !== before.output[i] ? [i] : []));
      expect(changed.filter((i) => !owner.written.includes(i))).toEqual([]);
    }
  }
  return events.length;
}

describe('applyEventInPlace', () => {
  it('gives the pure reducer’s snapshots and reports what changed, on random streams', () => {
    let events = 0;
    fc.assert(
      fc.property(streamArb, (stream) => {
        events += check(stream);
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(events).toBeGreaterThan(5000);
  });

  it('gives the pure reducer’s snapshots on every recording', () => {
    let events = 0;
    for (const rec of listRecordings()) events += check(rec.validEvents as Wire[]);
    expect(events).toBeGreaterThan(1000);
  });
});
