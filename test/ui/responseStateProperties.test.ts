// responseState() is built from the reducer's in-place mode (the output array written in place,
// only the positions an event wrote looked at). These properties check it against a reference
// that rebuilds every view from scratch out of the pure reducer's snapshot after each event:
// same items, text, status, derived lists; unchanged views and arrays keep their identity; and
// no state already emitted ever changes afterwards. Streams are random sequences of item
// events over a few ids and indices (duplicates, conflicts, unknown items, skipped indices,
// several responses), often after a long run of well-formed items so the output is large.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listRecordings } from '../support/listRecordings.js';
import { type Wire, streamArb } from '../support/randomStreams.js';
import { checkResponseState as check } from '../support/responseStateReference.js';

const SEED = 1515;

describe('responseState() in place, against views rebuilt from scratch', () => {
  it('gives the same states on random streams, keeps identities, never changes a state it emitted', () => {
    let compared = 0;
    let large = 0;
    fc.assert(
      fc.property(streamArb, (events) => {
        const result = check(events);
        compared += result.compared;
        if (events.length > 180) large++;
      }),
      { seed: SEED, numRuns: 200 },
    );
    // Not vacuous: many states compared, many of them over an output larger than the short way's limit.
    expect(compared).toBeGreaterThan(2500);
    expect(large).toBeGreaterThan(25);
  });

  it('gives the same states on every recording, event by event', () => {
    let compared = 0;
    for (const rec of listRecordings()) compared += check(rec.validEvents as Wire[]).compared;
    expect(compared).toBeGreaterThan(1000);
  });

  it('gives the same states when they are read only after the stream, in any order', () => {
    let compared = 0;
    let large = 0;
    fc.assert(
      fc.property(streamArb, fc.integer(), (events, order) => {
        compared += check(events, order).compared;
        if (events.length > 180) large++;
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(compared).toBeGreaterThan(2500);
    expect(large).toBeGreaterThan(25);
  });

  it('gives the same states on every recording when they are read only after the stream, in any order', () => {
    let compared = 0;
    listRecordings().forEach((rec, k) => (compared += check(rec.validEvents as Wire[], SEED + k).compared));
    expect(compared).toBeGreaterThan(1000);
  });
});
