import { describe, expect, it } from 'vitest';
import { type ResponseStreamEvent, applyEvent, emptySnapshot } from '../../src/index.js';
import { ResponseAccumulator } from '../../src/reduce/ResponseAccumulator.js';
import { applyDeltaFast } from '../../src/reduce/applyDeltaFast.js';
import { deepFreeze } from '../support/deepFreeze.js';
import { listRecordings } from '../support/listRecordings.js';
import { plain } from '../support/plain.js';

// The accumulator applies events in place for finalResponse(). Whatever it hands out must be
// exactly what applyEvent gives, and it must never write into an event, into a settled
// snapshot (one that left streaming: emitted or carried by an error) or into one current()
// gave. A snapshot apply() returns while the response streams is valid until the next call.

describe('ResponseAccumulator', () => {
  for (const rec of listRecordings()) {
    it(`matches applyEvent at every settled point of ${rec.name}, without mutating events or earlier snapshots`, () => {
      const events = (rec.validEvents as ResponseStreamEvent[]).map((e) => deepFreeze(structuredClone(e)));
      const accumulator = new ResponseAccumulator();
      let reference = emptySnapshot();
      let absorbed = 0;
      let shortWay = 0;
      events.forEach((event, i) => {
        if (applyDeltaFast(reference, event as never) !== undefined) shortWay++;
        reference = applyEvent(reference, event);
        const step = accumulator.apply(event);
        if (step === undefined) absorbed++;
        else expect(plain(step.next.phase === 'streaming' ? step.next : deepFreeze(step.next))).toEqual(plain(reference));
        // Now and then, hand out the current state mid-run and keep going: it must stay intact.
        if (i % 7 === 3) expect(plain(deepFreeze(accumulator.current()))).toEqual(plain(reference));
      });
      expect(plain(accumulator.current())).toEqual(plain(reference));
      // Exactly the deltas applyEvent takes the short way for are absorbed in place.
      expect(absorbed).toBe(shortWay);
    });
  }
});
