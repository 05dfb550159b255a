import { take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/events/ResponseStreamEvent.js';
import { fromEvents } from '../../src/sources/fromEvents.js';

const event = (n: number): ResponseStreamEvent => ({ type: 'keepalive', sequence_number: n }) as unknown as ResponseStreamEvent;

describe('fromEvents', () => {
  it('emits the given objects as they are, synchronously, then completes', () => {
    const events = [event(0), event(1)];
    let result: ResponseStreamEvent[] | undefined;
    fromEvents(events)
      .pipe(toArray())
      .subscribe((values) => (result = values));
    expect(result).toHaveLength(2);
    expect(result?.[0]).toBe(events[0]);
    expect(result?.[1]).toBe(events[1]);
  });

  it('stops iterating on unsubscribe, so an endless iterable is safe', () => {
    let pulled = 0;
    let closed = false;
    function* endless(): Generator<ResponseStreamEvent> {
      try {
        for (;;) yield event(pulled++);
      } finally {
        closed = true;
      }
    }
    let values: ResponseStreamEvent[] = [];
    fromEvents(endless())
      .pipe(take(3), toArray())
      .subscribe((v) => (values = v));
    expect(values).toHaveLength(3);
    expect(pulled).toBe(3);
    expect(closed).toBe(true);
  });
});
