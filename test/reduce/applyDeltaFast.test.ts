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
