import { lastValueFrom, map, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, diagnostics, fromEvents, type ResponseStreamEvent, scanResponse, type ResponseSnapshot } from '../../src/index.js';
import { listRecordings } from '../support/listRecordings.js';
import { sourceProbe } from './sourceProbe.js';
import { completed, created, itemAdded, message, partAdded, textDelta, textDone, truncatedBy } from './streamEvents.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const at = (sequence_number: number, event: ResponseStreamEvent): ResponseStreamEvent => ({ ...event, sequence_number }) as ResponseStreamEvent;

const values = {
  c: at(0, created('resp_1')),
  a: at(1, itemAdded(0, message('msg_1'))),
  p: at(2, partAdded(0, 'msg_1')),
  g: at(5, textDelta(0, 'msg_1', 'Hi')), // 3 and 4 never came
  u: at(6, { type: 'response.vendor_thing' }),
  x: at(7, textDone(0, 'msg_1', 'Hi!')), // differs from the deltas
  v: at(8, { type: 'response.vendor_thing' }), // the same unknown type again
  d: at(9, textDelta(0, 'msg_1', ' again')),
  f: at(10, completed('resp_1', [message('msg_1', 'Hi! again')])),
  C: at(0, created('resp_2')),
  A: at(1, itemAdded(0, message('msg_2'))),
  F: at(2, completed('resp_2', [message('msg_2')])),
  Z: at(0, created('resp_3')),
};

const codes = (d: Diagnostic) => d.code;

describe('diagnostics()', () => {
  it('emits each diagnostic once, in the frame of the event that caused it, and the missing terminal at completion', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-p-g-u-x-v-d---|', values);
      const expected = '    ------g-u-x-------(m|)';
      expectObservable(source.pipe(diagnostics(), map(codes))).toBe(expected, {
        g: 'sequence_gap',
        u: 'unknown_event_type',
        x: 'done_mismatch',
        m: 'missing_terminal',
      });
    });
  });

  it('emits several diagnostics of one event in order, and none for a clean response', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const unnumbered = { type: 'response.vendor_other' } as ResponseStreamEvent;
      const source = cold(' C-A-F-w---|', { ...values, w: unnumbered });
      const expected = '    ------(ab)|';
      // An event after the terminal one, without a sequence_number: both are reported, in order.
      expectObservable(source.pipe(diagnostics(), map(codes))).toBe(expected, { a: 'missing_sequence_number', b: 'event_after_terminal' });
    });
  });

  it("reports each response's diagnostics, and an abandoned response when the next one starts", () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-p-g-Z-U-|', { ...values, U: at(1, { type: 'response.vendor_thing' }) });
      const expected = '    ------g-z-u-(m|)';
      expectObservable(source.pipe(diagnostics(), map(codes))).toBe(expected, {
        g: 'sequence_gap',
        z: 'response_abandoned',
        u: 'unknown_event_type',
        m: 'missing_terminal',
      });
    });
  });

  it('passes on an error of the source after the diagnostics so far', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const error = new Error('socket closed');
      const source = cold(' c-a-p-g-#', values, error);
      const expected = '    ------g-#';
      expectObservable(source.pipe(diagnostics(), map(codes))).toBe(expected, { g: 'sequence_gap' }, truncatedBy(error));
    });
  });

  it('emits, on every recording, exactly the diagnostics each response ends with, in order', async () => {
    for (const rec of listRecordings()) {
      const events = rec.validEvents as ResponseStreamEvent[];
      const emitted = await lastValueFrom(fromEvents(events).pipe(diagnostics(), toArray()));
      const snapshots = await lastValueFrom(fromEvents(events).pipe(scanResponse(), toArray()));
      const lastPerResponse = new Map<number, ResponseSnapshot>();
      for (const s of snapshots) lastPerResponse.set(s.responseIndex, s);
      const expected = [...lastPerResponse.values()].flatMap((s) => s.diagnostics);
      expect(emitted, rec.name).toEqual(expected);
    }
  });

  it('unsubscribing from the result unsubscribes from the source at once, and nothing is emitted afterwards', () => {
    const probe = sourceProbe([values.c, values.a, values.p, values.g]);
    const seen: string[] = [];
    const subscription = probe.source.pipe(diagnostics()).subscribe({
      next: (d) => seen.push(d.code),
      complete: () => seen.push('complete'),
      error: () => seen.push('error'),
    });
    expect(seen).toEqual(['sequence_gap']);
    subscription.unsubscribe();
    expect(probe.teardowns).toBe(1);
    probe.emit(values.u, values.x);
    probe.complete();
    expect(seen).toEqual(['sequence_gap']);
  });

  it('subscribes to a cold source once per subscription', () => {
    const probe = sourceProbe([values.c, values.a, values.p, values.g, values.u]);
    const found = probe.source.pipe(diagnostics());
    found.subscribe();
    probe.complete();
    expect(probe.subscriptions).toBe(1);
    found.subscribe();
    expect(probe.subscriptions).toBe(2);
  });
});
