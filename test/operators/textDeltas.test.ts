import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { type ResponseStreamEvent, textDeltas } from '../../src/index.js';
import { sourceProbe } from './sourceProbe.js';
import {
  argumentsDelta,
  completed,
  created,
  functionCall,
  itemAdded,
  keepalive,
  message,
  numbered,
  partAdded,
  reasoningItem,
  refusalDelta,
  summaryDelta,
  summaryPartAdded,
  textDelta,
  textDone,
} from './streamEvents.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const [c, ra, rp, rs, a, p, d, r, k, e, x, fa, fd, f] = numbered([
  created('resp_1'),
  itemAdded(0, reasoningItem('rs_1', [])),
  summaryPartAdded(0, 'rs_1', 0),
  summaryDelta(0, 'rs_1', 0, 'thinking'),
  itemAdded(1, message('msg_1')),
  partAdded(1, 'msg_1'),
  textDelta(1, 'msg_1', 'Hel'),
  refusalDelta(1, 'msg_1', 'Sorry'),
  keepalive(),
  textDelta(1, 'msg_1', 'lo'),
  textDone(1, 'msg_1', 'Hello!'),
  itemAdded(2, functionCall('fc_1', 'call_1', 'lookup', '', 'in_progress')),
  argumentsDelta(2, 'fc_1', '{"q":1}'),
  completed('resp_1', [reasoningItem('rs_1', ['thinking']), message('msg_1', 'Hello!'), functionCall('fc_1', 'call_1', 'lookup', '{"q":1}')]),
]);
const values = { c, R: ra, P: rp, S: rs, a, p, d, r, k, e, x, A: fa, D: fd, f };

describe('textDeltas()', () => {
  it('emits the text of each output_text delta in the frame it arrived, and nothing for other events', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' cRPS-a-p-d-r-k-e-x-A-D-f|', values);
      const expected = '   ---------d-----e--------|';
      expectObservable(source.pipe(textDeltas())).toBe(expected, { d: 'Hel', e: 'lo' });
    });
  });

  it('emits every delta of a frame, in order', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' (cap)-(dre)-f|', values);
      const expected = '   ------(de)---|';
      expectObservable(source.pipe(textDeltas())).toBe(expected, { d: 'Hel', e: 'lo' });
    });
  });

  it('emits the deltas as sent: a done event that corrects the text adds nothing', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('c-a-p-d-e-x-f|', values).pipe(textDeltas())).toBe('------d-e----|', { d: 'Hel', e: 'lo' });
    });
  });

  it('passes on an error of the source', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const error = new Error('socket closed');
      expectObservable(cold('c-a-p-d-#', values, error).pipe(textDeltas())).toBe('------d-#', { d: 'Hel' }, error);
    });
  });

  it('unsubscribing from the result unsubscribes from the source at once, and nothing is emitted afterwards', () => {
    const probe = sourceProbe([c, a, p, d]);
    const seen: string[] = [];
    const subscription = probe.source.pipe(textDeltas()).subscribe({
      next: (text) => seen.push(text),
      complete: () => seen.push('complete'),
      error: () => seen.push('error'),
    });
    expect(seen).toEqual(['Hel']);
    subscription.unsubscribe();
    expect(probe.teardowns).toBe(1);
    probe.emit(e, f);
    probe.complete();
    expect(seen).toEqual(['Hel']);
  });

  it('subscribes to a cold source once per subscription', () => {
    const probe = sourceProbe([c, a, p, d, e, f]);
    const texts = probe.source.pipe(textDeltas());
    texts.subscribe();
    expect(probe.subscriptions).toBe(1);
    texts.subscribe();
    expect(probe.subscriptions).toBe(2);
  });
});

describe('textDeltas() on a delta event without text', () => {
  it('emits nothing for an output_text.delta whose delta is missing or not a string', async () => {
    const { lastValueFrom, from, toArray } = await import('rxjs');
    const events = [{ ...textDelta(0, 'msg_1', 'a'), delta: undefined }, { ...textDelta(0, 'msg_1', 'b'), delta: 3 }, textDelta(0, 'msg_1', 'c')] as ResponseStreamEvent[];
    expect(await lastValueFrom(from(events).pipe(textDeltas(), toArray()))).toEqual(['c']);
  });
});
