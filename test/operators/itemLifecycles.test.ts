import { catchError, defer, endWith, first, lastValueFrom, map, mergeMap, of, Subject, type Subscription, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { fromEvents, type ItemLifecycle, itemLifecycles, type ResponseOutputItem, type ResponseSnapshot, type ResponseStreamEvent, scanResponse, StreamParseError } from '../../src/index.js';
import { listRecordings } from '../support/listRecordings.js';
import { responsesOf } from './responsesOf.js';
import { sourceProbe } from './sourceProbe.js';
import {
  argumentsDelta,
  completed,
  created,
  functionCall,
  inProgress,
  keepalive,
  itemAdded,
  itemDone,
  message,
  numbered,
  partAdded,
  textDelta,
  truncatedBy,
} from './streamEvents.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const call = functionCall('fc_1', 'call_1', 'lookup', '{"q":1}');
const [c, a, p, d, o, A, g, h, O, f] = numbered([
  created('resp_1'),
  itemAdded(0, message('msg_1')),
  partAdded(0, 'msg_1'),
  textDelta(0, 'msg_1', 'Hi'),
  itemDone(0, message('msg_1', 'Hi')),
  itemAdded(1, functionCall('fc_1', 'call_1', 'lookup', '', 'in_progress')),
  argumentsDelta(1, 'fc_1', '{"q"'),
  argumentsDelta(1, 'fc_1', ':1}'),
  itemDone(1, call),
  completed('resp_1', [message('msg_1', 'Hi'), call]),
]);
const values = { c, a, p, d, o, A, g, h, O, f };

const recordings = listRecordings().map((r) => ({ name: r.name, events: r.validEvents as ResponseStreamEvent[] }));

const outputIndexOf = (event: ResponseStreamEvent) => (event as { output_index?: unknown }).output_index;

describe('itemLifecycles()', () => {
  it('emits a lifecycle in the frame where its item first appears', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-p-d-o-A-g-h-O-f|', values);
      const expected = '    --m-------F--------|';
      const items = source.pipe(itemLifecycles(), map((item) => ({ index: item.outputIndex, type: item.type, response: item.responseIndex })));
      expectObservable(items).toBe(expected, { m: { index: 0, type: 'message', response: 0 }, F: { index: 1, type: 'function_call', response: 0 } });
    });
  });

  it("delivers each item's events in their frames and completes the item at its output_item.done", () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-p-d-o---A-g-h-O---f|', values);
      const expected = '    --a-p-d-(oX)A-g-h-(OY)-|';
      const events = source.pipe(
        itemLifecycles(),
        mergeMap((item) => item.events.pipe(endWith(`item ${item.outputIndex} complete`))),
      );
      expectObservable(events).toBe(expected, { ...values, X: 'item 0 complete', Y: 'item 1 complete' });
    });
  });

  it('routes interleaved events of items streaming in parallel each to its own item', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const pending = (id: string) => functionCall(id, `call_${id}`, 'lookup', '', 'in_progress');
      const finished = (id: string, args: string) => functionCall(id, `call_${id}`, 'lookup', args);
      const [C, a0, a1, x0, x1, y0, y1, d1, d0, F] = numbered([
        created('resp_2'),
        itemAdded(0, pending('fc_a')),
        itemAdded(1, pending('fc_b')),
        argumentsDelta(0, 'fc_a', '{"q"'),
        argumentsDelta(1, 'fc_b', '{"q"'),
        argumentsDelta(0, 'fc_a', ':1}'),
        argumentsDelta(1, 'fc_b', ':2}'),
        itemDone(1, finished('fc_b', '{"q":2}')),
        itemDone(0, finished('fc_a', '{"q":1}')),
        completed('resp_2', [finished('fc_a', '{"q":1}'), finished('fc_b', '{"q":2}')]),
      ]);
      const source = cold(' C-a-b-x-X-y-Y-D-E-F|', { C, a: a0, b: a1, x: x0, X: x1, y: y0, Y: y1, D: d1, E: d0, F });
      const expected = '    --a-b-x-X-y-Y-D-E--|';
      const routed = source.pipe(
        itemLifecycles(),
        mergeMap((item) => item.events.pipe(map((event) => ({ item: item.outputIndex, event })))),
      );
      expectObservable(routed).toBe(expected, {
        a: { item: 0, event: a0 },
        b: { item: 1, event: a1 },
        x: { item: 0, event: x0 },
        X: { item: 1, event: x1 },
        y: { item: 0, event: y0 },
        Y: { item: 1, event: y1 },
        D: { item: 1, event: d1 },
        E: { item: 0, event: d0 },
      });
    });
  });

  it('replays the whole item to a subscriber that comes after the source completed', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const lifecycles: ItemLifecycle[] = [];
      cold(' c-a-p-d-o-A-g-h-O-f|', values).pipe(itemLifecycles()).subscribe((item) => lifecycles.push(item));
      const late = '25ms ^';
      expectObservable(defer(() => lifecycles[0]!.events), late).toBe('25ms (apdo|)', values);
      expectObservable(defer(() => lifecycles[1]!.events), late).toBe('25ms (AghO|)', values);
      expectObservable(
        defer(() => lifecycles[1]!.states.pipe(map((state) => (state as { arguments?: unknown }).arguments))),
        late,
      ).toBe('25ms (0123|)', { 0: '', 1: '{"q"', 2: '{"q":1}', 3: '{"q":1}' });
    });
  });

  it("ends an item's states with the finished item", async () => {
    const lifecycles = await lastValueFrom(fromEvents([c, a, p, d, o, A, g, h, O, f]).pipe(itemLifecycles(), toArray()));
    const states = await Promise.all(lifecycles.map((item) => lastValueFrom(item.states.pipe(toArray()))));
    expect(states.map((s) => s[0])).toEqual([message('msg_1'), functionCall('fc_1', 'call_1', 'lookup', '', 'in_progress')]);
    expect(states.map((s) => s.at(-1))).toEqual([message('msg_1', 'Hi'), call]);
  });

  it('ends the states of an item that never got its output_item.done with the item as the terminal response has it', async () => {
    const lifecycles = await lastValueFrom(fromEvents([c, a, p, d, f]).pipe(itemLifecycles(), toArray()));
    const states = await lastValueFrom((lifecycles[0] as ItemLifecycle).states.pipe(toArray()));
    const terminalItem = (f as { response: { output: unknown[] } }).response.output[0];
    expect(states.at(-2)).toEqual(message('msg_1', 'Hi', 'in_progress'));
    expect(states.at(-1)).toEqual(terminalItem);
  });

  it('completes an item that never got its output_item.done when its response ends', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-p-d-f|', values);
      const expected = '    --a-p-d-X|';
      const events = source.pipe(
        itemLifecycles(),
        mergeMap((item) => item.events.pipe(endWith('complete'))),
      );
      expectObservable(events).toBe(expected, { ...values, X: 'complete' });
    });
  });

  it('errors the open items, and the lifecycles, when the source errors; finished items stay complete', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const error = new StreamParseError({ reason: 'invalid_json', raw: '{"type', eventNumber: 8, line: 8 });
      const source = cold(' c-a-p-d-o---A-g---#', values, error);
      const expected = '    --a-p-d-(oX)A-g---(E#)';
      const events = source.pipe(
        itemLifecycles(),
        mergeMap((item) =>
          item.events.pipe(
            endWith(`item ${item.outputIndex} complete`),
            catchError((err: StreamParseError) => of({ item: item.outputIndex, error: err, eventsBeforeIt: err.snapshot?.eventCount })),
          ),
        ),
      );
      expectObservable(events).toBe(expected, { ...values, X: 'item 0 complete', E: { item: 1, error, eventsBeforeIt: 7 } }, error);
    });
  });

  it('replays the events and then the error to a subscriber that comes after the source failed', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const error = new Error('socket closed');
      const lifecycles: ItemLifecycle[] = [];
      cold(' c-a-p-#', values, error).pipe(itemLifecycles()).subscribe({ next: (item) => lifecycles.push(item), error: () => {} });
      expectObservable(defer(() => lifecycles[0]!.events), '10ms ^').toBe('10ms (ap#)', values, truncatedBy(error));
    });
  });

  describe('on the recordings', () => {
    it('emits one lifecycle per distinct output item of each response', async () => {
      for (const rec of recordings) {
        const lifecycles = await lastValueFrom(fromEvents(rec.events).pipe(itemLifecycles(), toArray()));
        const expected = responsesOf(rec.events).map((events) => new Set(events.map(outputIndexOf).filter((i) => typeof i === 'number')).size);
        const actual = expected.map((_, responseIndex) => lifecycles.filter((item) => item.responseIndex === responseIndex).length);
        expect(actual, rec.name).toEqual(expected);
        expect(lifecycles.every((item) => item.responseIndex < expected.length), rec.name).toBe(true);
      }
    });

    it('emits a state exactly when its item changed: after every event, each open item\'s last state is the item as the response holds it, and no state repeats the one before it', () => {
      let checked = 0;
      for (const rec of recordings) {
        const input = new Subject<ResponseStreamEvent>();
        let snapshot: ResponseSnapshot | undefined;
        let eventNumber = 0;
        const watched: { item: ItemLifecycle; states: ResponseOutputItem[]; endedAt: number | undefined }[] = [];
        input.pipe(scanResponse()).subscribe((s) => (snapshot = s));
        input.pipe(itemLifecycles()).subscribe((item) => {
          const entry = { item, states: [] as ResponseOutputItem[], endedAt: undefined as number | undefined };
          watched.push(entry);
          item.states.subscribe({ next: (state) => entry.states.push(state), complete: () => (entry.endedAt = eventNumber) });
        });
        const problems: string[] = [];
        for (const event of rec.events) {
          eventNumber++;
          input.next(event);
          for (const { item, states, endedAt } of watched) {
            if ((endedAt !== undefined && endedAt < eventNumber) || snapshot?.responseIndex !== item.responseIndex) continue;
            const where = `item ${item.outputIndex} after event ${eventNumber} (${event.type})`;
            if (JSON.stringify(states.at(-1)) !== JSON.stringify(snapshot.output[item.outputIndex])) problems.push(`${where}: stale state`);
            if (states.length > 1 && states.at(-1) === states.at(-2)) problems.push(`${where}: the same state twice`);
            checked++;
          }
        }
        input.complete();
        expect(problems, rec.name).toEqual([]);
      }
      expect(checked).toBeGreaterThan(1000);
    });

    it('replays each whole item late: from output_item.added to output_item.done, ending in the item as finished before the terminal event', async () => {
      let checked = 0;
      for (const rec of recordings) {
        const responses = responsesOf(rec.events);
        const lifecycles = await lastValueFrom(fromEvents(rec.events).pipe(itemLifecycles(), toArray()));
        const snapshots = await lastValueFrom(fromEvents(rec.events).pipe(scanResponse(), toArray()));
        for (const item of lifecycles) {
          const own = (responses[item.responseIndex] ?? []).filter((e) => outputIndexOf(e) === item.outputIndex);
          // Subscribed only now, after the whole stream went by.
          const events = await lastValueFrom(item.events.pipe(toArray()));
          const states = await lastValueFrom(item.states.pipe(toArray()));
          const where = `${rec.name} response ${item.responseIndex} item ${item.outputIndex}`;
          if (own.some((e) => e.type === 'response.output_item.added')) expect(events[0]?.type, where).toBe('response.output_item.added');
          if (!own.some((e) => e.type === 'response.output_item.done')) continue;
          expect(events.at(-1)?.type, where).toBe('response.output_item.done');
          const beforeTerminal = snapshots.filter((s) => s.responseIndex === item.responseIndex && s.phase === 'streaming').at(-1) as ResponseSnapshot;
          expect(states.at(-1), where).toEqual(beforeTerminal.response.output[item.outputIndex]);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(100);
    });
  });

  it('unsubscribing from the result unsubscribes from the source at once, and nothing is emitted afterwards', () => {
    const probe = sourceProbe([c, a, p]);
    const seen: unknown[] = [];
    const subscription = probe.source.pipe(itemLifecycles()).subscribe({
      next: (item) => seen.push(`item ${item.outputIndex}`),
      complete: () => seen.push('complete'),
      error: () => seen.push('error'),
    });
    expect(seen).toEqual(['item 0']);
    subscription.unsubscribe();
    expect(probe.teardowns).toBe(1);
    probe.emit(d, o, A, g, h, O, f);
    probe.complete();
    expect(seen).toEqual(['item 0']);
  });

  it('unsubscribes from the source once the lifecycles and every item subscribed to are unsubscribed', () => {
    const probe = sourceProbe([c, a, p]);
    const seen: unknown[] = [];
    const inners: Subscription[] = [];
    const outer = probe.source.pipe(itemLifecycles()).subscribe((item) => {
      inners.push(item.events.subscribe({ next: (event) => seen.push(event.type), complete: () => seen.push('item complete'), error: () => seen.push('item error') }));
    });
    const before = ['response.output_item.added', 'response.content_part.added'];
    expect(seen).toEqual(before);
    outer.unsubscribe();
    inners.forEach((inner) => inner.unsubscribe());
    expect(probe.teardowns).toBe(1);
    probe.emit(d, o, A, g, h, O, f);
    probe.complete();
    expect(seen).toEqual(before);
  });

  it('never leaves a subscribed item hanging when the lifecycles are unsubscribed: it goes on to its end, or ends at once', () => {
    // `first()` is how a user takes "the first item"; it unsubscribes from the lifecycles.
    const probe = sourceProbe([c, a, p]);
    const seen: string[] = [];
    probe.source.pipe(itemLifecycles(), first()).subscribe((item) => {
      item.events.subscribe({ next: (event) => seen.push(event.type), complete: () => seen.push('item complete'), error: () => seen.push('item error') });
    });
    probe.emit(d, o, A, g, h, O, f);
    probe.complete();
    expect(seen.filter((s) => s === 'item complete' || s === 'item error'), `the first item ended (it got ${seen.join(', ')})`).toHaveLength(1);
  });

  it('subscribes to a cold source once per subscription, however many inner observables are subscribed', () => {
    const probe = sourceProbe([c, a, p, d, o, A, g, h, O, f]);
    const items = probe.source.pipe(itemLifecycles());
    items.subscribe((item) => {
      item.events.subscribe();
      item.states.subscribe();
      item.events.subscribe();
    });
    probe.complete();
    expect(probe.subscriptions).toBe(1);
    items.subscribe();
    expect(probe.subscriptions).toBe(2);
  });
});

describe('itemLifecycles() at the edges of an item and of its response', () => {
  const lifecycleStates = async (events: ResponseStreamEvent[]) => {
    const lifecycles = await lastValueFrom(fromEvents(numbered(events)).pipe(itemLifecycles(), toArray()));
    return Promise.all(
      lifecycles.map(async (item) => ({ at: [item.responseIndex, item.outputIndex], states: await lastValueFrom(item.states.pipe(toArray())) })),
    );
  };

  it('completes the open items of a response when the next response starts', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const [C2] = numbered([created('resp_2')]);
      const source = cold(' c-a-p-d-C-|', { ...values, C: C2 });
      const expected = '    --a-p-d-X-|';
      const events = source.pipe(
        itemLifecycles(),
        mergeMap((item) => item.events.pipe(endWith(`item ${item.responseIndex}:${item.outputIndex} complete`))),
      );
      expectObservable(events).toBe(expected, { ...values, X: 'item 0:0 complete' });
    });
  });

  it('keeps an item open through a response.in_progress or keepalive while it streams', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const [I, K] = [inProgress('resp_1'), keepalive()];
      const source = cold(' c-a-I-K-p-d-o-f|', { ...values, I, K });
      const expected = '    --m------------|';
      const items = source.pipe(
        itemLifecycles(),
        mergeMap((item) => item.events.pipe(toArray(), map((events) => ({ index: item.outputIndex, events: events.map((e) => e.type) })))),
      );
      expectObservable(items).toBe('    ------------m--|', {
        m: { index: 0, events: ['response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_item.done'] },
      });
      expectObservable(source.pipe(itemLifecycles(), map((item) => item.outputIndex))).toBe(expected, { m: 0 });
    });
  });

  it('ends an unfinished item without a state when the terminal response no longer holds it', async () => {
    const lifecycles = await lifecycleStates([created('resp_1'), itemAdded(0, message('msg_1')), partAdded(0, 'msg_1'), completed('resp_1', [])]);
    expect(lifecycles).toEqual([{ at: [0, 0], states: [message('msg_1'), { ...message('msg_1'), content: [{ type: 'output_text', text: '', annotations: [] }] }] }]);
  });

  it('gives no second state for an unfinished item that the terminal response repeats unchanged', async () => {
    const lifecycles = await lifecycleStates([created('resp_1'), itemAdded(0, message('msg_1', 'Hi')), completed('resp_1', [message('msg_1', 'Hi')])]);
    expect(lifecycles).toEqual([{ at: [0, 0], states: [message('msg_1', 'Hi')] }]);
  });

  it('starts no second lifecycle for a repeated output_item.done that changes nothing', async () => {
    const lifecycles = await lifecycleStates([
      created('resp_1'),
      itemAdded(0, message('msg_1', 'Hi')),
      itemDone(0, message('msg_1', 'Hi')),
      itemDone(0, message('msg_1', 'Hi')),
      completed('resp_1', [message('msg_1', 'Hi')]),
    ]);
    expect(lifecycles).toEqual([{ at: [0, 0], states: [message('msg_1', 'Hi')] }]);
  });

  it('opens the item again for an event that changes it after its output_item.done', async () => {
    const lifecycles = await lifecycleStates([
      created('resp_1'),
      itemAdded(0, message('msg_1', 'Hi')),
      itemDone(0, message('msg_1', 'Hi')),
      textDelta(0, 'msg_1', '!'),
      completed('resp_1', [message('msg_1', 'Hi!')]),
    ]);
    expect(lifecycles).toEqual([
      { at: [0, 0], states: [message('msg_1', 'Hi')] },
      { at: [0, 0], states: [message('msg_1', 'Hi!')] },
    ]);
  });

  it('starts no lifecycle for an output_item.added after the terminal event, which the response ignores', async () => {
    const lifecycles = await lifecycleStates([
      created('resp_1'),
      itemAdded(0, message('msg_1', 'Hi')),
      itemDone(0, message('msg_1', 'Hi')),
      completed('resp_1', [message('msg_1', 'Hi')]),
      itemAdded(0, message('msg_2')),
    ]);
    expect(lifecycles).toEqual([{ at: [0, 0], states: [message('msg_1', 'Hi')] }]);
  });

  it('ends an item nobody subscribed to with a StreamTruncatedError once the lifecycles and every subscribed item are gone', () => {
    const probe = sourceProbe([c, a, p]);
    const lifecycles: ItemLifecycle[] = [];
    probe.source.pipe(itemLifecycles()).subscribe((item) => lifecycles.push(item)).unsubscribe();
    expect(probe.teardowns).toBe(1);
    const seen: unknown[] = [];
    lifecycles[0]!.events.subscribe({ next: (event) => seen.push(event.type), error: (err: Error) => seen.push([err.name, err.message]) });
    expect(seen).toEqual([
      'response.output_item.added',
      'response.content_part.added',
      ['StreamTruncatedError', 'Unsubscribed before this part of the stream ended'],
    ]);
  });
});
