import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, emptySnapshot } from '../../src/index.js';
import { applyEvent, applyEventInFull } from '../../src/reduce/applyEvent.js';
import { listRecordings } from '../support/listRecordings.js';

// applyEvent takes a short way for well-formed deltas. It must give exactly what the full
// reducer gives, event by event, on every recording (and on the gateway-like variants where
// it must step aside).
const plain = (s: ResponseSnapshot) => JSON.parse(JSON.stringify(s)) as unknown;

describe('the short way for deltas', () => {
  for (const rec of listRecordings()) {
    it(`gives the same snapshots as the full reducer on ${rec.name}`, () => {
      const variants: ResponseStreamEvent[][] = [
        rec.validEvents as ResponseStreamEvent[],
        // Without sequence numbers and output indices the short way must never apply.
        (rec.validEvents as Record<string, unknown>[]).map(({ sequence_number: _s, ...rest }) => rest as ResponseStreamEvent),
      ];
      for (const events of variants) {
        let fast = emptySnapshot();
        let full = emptySnapshot();
        for (const event of events) {
          fast = applyEvent(fast, event);
          full = applyEventInFull(full, event);
          expect(plain(fast)).toEqual(plain(full));
        }
      }
    });
  }
});

describe('the reducer stays pure with the short way', () => {
  // The short way keeps private copy sources in snapshots. Going back to an earlier snapshot
  // and applying events to it again (undo, branching, a retry) must give the same states as
  // the first time, and the same as the full reducer, whatever happened after it.
  for (const rec of listRecordings()) {
    it(`replays from earlier snapshots of ${rec.name} with the same results`, () => {
      const events = rec.validEvents as ResponseStreamEvent[];
      const states = [emptySnapshot()];
      for (const event of events) states.push(applyEvent(states.at(-1)!, event));
      for (const from of [Math.floor(events.length / 3), Math.floor(events.length / 2), events.length - 3].filter((i) => i > 0)) {
        let again = states[from]!;
        let full = states[from]!;
        for (let i = from; i < events.length; i++) {
          again = applyEvent(again, events[i]!);
          full = applyEventInFull(full, events[i]!);
          expect(plain(again)).toEqual(plain(states[i + 1]!));
          expect(plain(again)).toEqual(plain(full));
        }
        // A branch: the other events' deltas applied from the same point.
        const branch = events.slice(from).filter((e) => e.type.endsWith('.delta'));
        let b1 = states[from]!;
        let b2 = states[from]!;
        for (const e of branch) {
          b1 = applyEvent(b1, e);
          b2 = applyEventInFull(b2, e);
        }
        expect(plain(b1)).toEqual(plain(b2));
      }
    });
  }
});
