import { catchError, concat, from, map, of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, scanResponse, StreamParseError } from '../../src/index.js';
import { deepFreeze } from '../support/deepFreeze.js';
import { sourceProbe } from './sourceProbe.js';
import { completed, created, functionCall, itemAdded, itemDone, message, numbered, partAdded, textDelta } from './streamEvents.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** What a user reads off a snapshot, small enough to spell out in a marble expectation. */
const view = (s: ResponseSnapshot) => ({
  events: s.eventCount,
  phase: s.phase,
  text: s.outputText,
  items: s.response.output.length,
  codes: s.diagnostics.map((d) => d.code),
});

const [c, a, p, d, o, f] = numbered([
  created('resp_1'),
  itemAdded(0, message('msg_1')),
  partAdded(0, 'msg_1'),
  textDelta(0, 'msg_1', 'Hi'),
  itemDone(0, message('msg_1', 'Hi')),
  completed('resp_1', [message('msg_1', 'Hi')]),
]);
const values = { c, a, p, d, o, f };

const snap = (events: number, text: string, items: number, phase = 'streaming', codes: string[] = []) => ({ events, phase, text, items, codes });

describe('scanResponse()', () => {
  it('emits one snapshot per event, in the frame of the event, and nothing extra after a terminal event', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-p--d-o-f-|', values);
      const expected = '    1-2-3--4-5-6-|';
      expectObservable(source.pipe(scanResponse(), map(view))).toBe(expected, {
        1: snap(1, '', 0),
        2: snap(2, '', 1),
        3: snap(3, '', 1),
        4: snap(4, 'Hi', 1),
        5: snap(5, 'Hi', 1),
        6: snap(6, 'Hi', 1, 'completed'),
      });
    });
  });

  it('emits a snapshot for each of several events in one frame', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' (cap)-d-(of)|', values);
      const expected = '    (123)-4-(56)|';
      expectObservable(source.pipe(scanResponse(), map(view))).toBe(expected, {
        1: snap(1, '', 0),
        2: snap(2, '', 1),
        3: snap(3, '', 1),
        4: snap(4, 'Hi', 1),
        5: snap(5, 'Hi', 1),
        6: snap(6, 'Hi', 1, 'completed'),
      });
    });
  });

  it('emits one more snapshot, with a missing_terminal diagnostic, when the stream ends without a terminal event', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-p-d---|', values);
      const expected = '    1-2-3-4---(5|)';
      expectObservable(source.pipe(scanResponse(), map(view))).toBe(expected, {
        1: snap(1, '', 0),
        2: snap(2, '', 1),
        3: snap(3, '', 1),
        4: snap(4, 'Hi', 1),
        5: snap(4, 'Hi', 1, 'streaming', ['missing_terminal']),
      });
    });
  });

  it('emits nothing extra for a stream that never started', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<ResponseStreamEvent>('---|').pipe(scanResponse(), map(view))).toBe('---|');
    });
  });

  it('passes on an error of the source carrying the last snapshot', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const error = new StreamParseError({ reason: 'invalid_json', raw: '{"type":"resp', eventNumber: 5, line: 5 });
      const source = cold(' c-a-p-d-#', values, error);
      const expected = '    1-2-3-4-(e|)';
      const withSnapshot = source.pipe(
        scanResponse(),
        map(view),
        catchError((err: StreamParseError) => of({ error: err.code, line: err.line, snapshot: err.snapshot && view(err.snapshot) })),
      );
      expectObservable(withSnapshot).toBe(expected, {
        1: snap(1, '', 0),
        2: snap(2, '', 1),
        3: snap(3, '', 1),
        4: snap(4, 'Hi', 1),
        e: { error: 'stream_parse_error', line: 5, snapshot: snap(4, 'Hi', 1) },
      });
    });
  });

  it('attaches the very snapshot it emitted last to the error', () => {
    const error = new StreamParseError({ reason: 'invalid_json', raw: '{', eventNumber: 5, line: 5 });
    const snapshots: ResponseSnapshot[] = [];
    let failure: unknown;
    concat(from([c, a, p, d]), throwError(() => error))
      .pipe(scanResponse())
      .subscribe({ next: (s) => snapshots.push(s), error: (err: unknown) => (failure = err) });
    expect(failure).toBe(error);
    expect(error.snapshot).toBe(snapshots.at(-1));
  });

  it('attaches the last snapshot to an error that does not come from this library, such as a dropped connection', () => {
    // What fetch's body reader throws when the connection drops mid-stream.
    const dropped = new TypeError('terminated');
    const snapshots: ResponseSnapshot[] = [];
    let failure: unknown;
    concat(from([c, a, p, d]), throwError(() => dropped))
      .pipe(scanResponse())
      .subscribe({ next: (s) => snapshots.push(s), error: (err: unknown) => (failure = err) });
    // The same error, or one that names it as its cause; either way it keeps the text so far.
    const error = failure as { snapshot?: ResponseSnapshot; cause?: unknown };
    expect(error === dropped || error.cause === dropped).toBe(true);
    expect(error.snapshot?.outputText, 'err.snapshot').toBe('Hi');
    expect(error.snapshot).toBe(snapshots.at(-1));
  });

  it('shares what an event did not change, so === tells what changed, and never changes a snapshot it emitted', () => {
    const events = numbered([
      created('resp_1'),
      itemAdded(0, functionCall('fc_1', 'call_1', 'lookup', '{}')),
      itemDone(0, functionCall('fc_1', 'call_1', 'lookup', '{}')),
      itemAdded(1, message('msg_1')),
      partAdded(1, 'msg_1'),
      textDelta(1, 'msg_1', 'Hi'),
      textDelta(1, 'msg_1', ' there'),
    ]);
    const snapshots: ResponseSnapshot[] = [];
    // Frozen as they come: a later event writing into an emitted snapshot would throw.
    from(events).pipe(scanResponse()).subscribe((s) => snapshots.push(deepFreeze(s)));
    // The last two deltas; the snapshot after them is the missing_terminal one.
    const [before, after] = snapshots.slice(5, 7) as [ResponseSnapshot, ResponseSnapshot];
    expect(after).not.toBe(before);
    expect(after.response.output[0]).toBe(before.response.output[0]);
    expect(after.response.output[1]).not.toBe(before.response.output[1]);
    expect(before.outputText).toBe('Hi');
    expect(after.outputText).toBe('Hi there');
  });

  it('unsubscribing from the result unsubscribes from the source at once, and nothing is emitted afterwards', () => {
    const probe = sourceProbe([c, a]);
    const seen: unknown[] = [];
    const subscription = probe.source.pipe(scanResponse()).subscribe({
      next: (s) => seen.push(s.eventCount),
      complete: () => seen.push('complete'),
      error: () => seen.push('error'),
    });
    expect(seen).toEqual([1, 2]);
    subscription.unsubscribe();
    expect(probe.teardowns).toBe(1);
    probe.emit(p, d);
    probe.complete();
    expect(seen).toEqual([1, 2]);
  });

  it('subscribes to a cold source once per subscription', () => {
    const probe = sourceProbe([c, a, p, d, o, f]);
    const snapshots = probe.source.pipe(scanResponse());
    snapshots.subscribe();
    expect(probe.subscriptions).toBe(1);
    snapshots.subscribe();
    expect(probe.subscriptions).toBe(2);
  });
});

describe('scanResponse() with the tool loop’s own events in the stream', () => {
  it('emits no snapshot for a tool-loop event, which says nothing about the response', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const T = { type: 'rx.turn.ended', turn: 0 } as unknown as ResponseStreamEvent;
      const source = cold(' c-a-T-p|', { ...values, T });
      const expected = '    c-a---p(m|)';
      expectObservable(source.pipe(scanResponse(), map(view))).toBe(expected, {
        c: snap(1, '', 0),
        a: snap(2, '', 1),
        p: snap(3, '', 1),
        m: snap(3, '', 1, 'streaming', ['missing_terminal']),
      });
    });
  });
});
