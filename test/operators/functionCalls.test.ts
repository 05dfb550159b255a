import { lastValueFrom, map, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { type FunctionCall, fromEvents, functionCalls, type ResponseStreamEvent } from '../../src/index.js';
import { isTerminalType } from '../support/fixtures.js';
import { listRecordings } from '../support/listRecordings.js';
import { responsesOf } from './responsesOf.js';
import { sourceProbe } from './sourceProbe.js';
import { argumentsDelta, completed, created, functionCall, itemAdded, itemDone, message, numbered, truncatedBy } from './streamEvents.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const lookup = functionCall('fc_1', 'call_1', 'lookup', '{"q":"rx"}');
const broken = functionCall('fc_2', 'call_2', 'save', '{"path": "a.txt", ');
const [c, a, g, h, o, B, b, f] = numbered([
  created('resp_1'),
  itemAdded(0, functionCall('fc_1', 'call_1', 'lookup', '', 'in_progress')),
  argumentsDelta(0, 'fc_1', '{"q":'),
  argumentsDelta(0, 'fc_1', '"rx"}'),
  itemDone(0, lookup),
  itemAdded(1, functionCall('fc_2', 'call_2', 'save', '', 'in_progress')),
  itemDone(1, broken),
  completed('resp_1', [lookup, broken]),
]);
const values = { c, a, g, h, o, B, b, f, F: { ...completed('resp_1', [lookup]), sequence_number: 5 } };

/** What a tool runner reads off a call. */
const view = (call: FunctionCall) => ({
  name: call.name,
  call_id: call.call_id,
  arguments: call.arguments,
  parsed: call.parsedArguments,
  failed: call.parseError instanceof SyntaxError,
  at: [call.responseIndex, call.outputIndex],
});

const withCalls = listRecordings()
  .map((r) => ({ name: r.name, events: r.validEvents as ResponseStreamEvent[] }))
  .filter((r) => r.events.some((e) => e.type === 'response.output_item.done' && (e as { item?: { type?: string } }).item?.type === 'function_call'));

type Item = { type?: string; name?: string; call_id?: string; arguments?: string };

describe('functionCalls()', () => {
  it("emits a call in the frame of its output_item.done, once, with the arguments parsed", () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-g-h-o-F|', values);
      const expected = '    --------1--|';
      expectObservable(source.pipe(functionCalls(), map(view))).toBe(expected, {
        1: { name: 'lookup', call_id: 'call_1', arguments: '{"q":"rx"}', parsed: { q: 'rx' }, failed: false, at: [0, 0] },
      });
    });
  });

  it('gives a parseError for arguments that are not JSON, without failing the stream', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-g-h-o-B-b-f|', values);
      const expected = '    --------1---2--|';
      expectObservable(source.pipe(functionCalls(), map(view))).toBe(expected, {
        1: { name: 'lookup', call_id: 'call_1', arguments: '{"q":"rx"}', parsed: { q: 'rx' }, failed: false, at: [0, 0] },
        2: { name: 'save', call_id: 'call_2', arguments: '{"path": "a.txt", ', parsed: undefined, failed: true, at: [0, 1] },
      });
    });
  });

  it('emits parallel calls as each one finishes, so the first done can run before the others', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const pending = (id: string) => functionCall(id, `call_${id}`, 'lookup', '', 'in_progress');
      const finished = (id: string, args: string) => functionCall(id, `call_${id}`, 'lookup', args);
      const [C, a0, a1, x0, x1, d1, d0, F] = numbered([
        created('resp_2'),
        itemAdded(0, pending('fc_a')),
        itemAdded(1, pending('fc_b')),
        argumentsDelta(0, 'fc_a', '{"q":1}'),
        argumentsDelta(1, 'fc_b', '{"q":2}'),
        itemDone(1, finished('fc_b', '{"q":2}')),
        itemDone(0, finished('fc_a', '{"q":1}')),
        completed('resp_2', [finished('fc_a', '{"q":1}'), finished('fc_b', '{"q":2}')]),
      ]);
      const source = cold(' C-a-b-x-X-D-E-F|', { C, a: a0, b: a1, x: x0, X: x1, D: d1, E: d0, F });
      const expected = '    ----------2-1--|';
      expectObservable(source.pipe(functionCalls(), map(view))).toBe(expected, {
        1: { name: 'lookup', call_id: 'call_fc_a', arguments: '{"q":1}', parsed: { q: 1 }, failed: false, at: [0, 0] },
        2: { name: 'lookup', call_id: 'call_fc_b', arguments: '{"q":2}', parsed: { q: 2 }, failed: false, at: [0, 1] },
      });
    });
  });

  it('emits, for a server that sends no output_item.done, the calls of the terminal response in its frame', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-g-h-f|', { ...values, f: { ...completed('resp_1', [lookup]), sequence_number: 4 } });
      const expected = '    --------1|';
      expectObservable(source.pipe(functionCalls(), map(view))).toBe(expected, {
        1: { name: 'lookup', call_id: 'call_1', arguments: '{"q":"rx"}', parsed: { q: 'rx' }, failed: false, at: [0, 0] },
      });
    });
  });

  it('emits nothing for other items, and passes on an error of the source', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const error = new Error('socket closed');
      const other = numbered([created('resp_2'), itemAdded(0, message('msg_1')), itemDone(0, message('msg_1', 'Hi'))]);
      const source = cold(' x-y-z-#', { x: other[0], y: other[1], z: other[2] }, error);
      expectObservable(source.pipe(functionCalls())).toBe('------#', undefined, truncatedBy(error));
    });
  });

  describe('on the recordings with function_call items', () => {
    it('is tested on at least one such recording', () => {
      expect(withCalls.length).toBeGreaterThan(0);
    });

    it("emits each finished call once, equal to the terminal response's item, with its arguments parsed", async () => {
      for (const rec of withCalls) {
        const calls = await lastValueFrom(fromEvents(rec.events).pipe(functionCalls(), toArray()));
        const expected = responsesOf(rec.events).flatMap((events, responseIndex) => {
          const terminal = events.filter((e) => isTerminalType(e.type) && 'response' in e).at(-1) as { response?: { output?: Item[] } } | undefined;
          const finished = events.filter((e) => e.type === 'response.output_item.done') as unknown as { output_index: number; item: Item }[];
          // The terminal response is authoritative; a stream without one has only the done events.
          const items = terminal?.response?.output?.map((item, outputIndex) => ({ item, outputIndex })) ?? finished.map((e) => ({ item: e.item, outputIndex: e.output_index }));
          return items
            .filter(({ item }) => item.type === 'function_call')
            .map(({ item, outputIndex }) => ({ responseIndex, outputIndex, name: item.name, call_id: item.call_id, arguments: item.arguments }));
        });
        expect(
          calls.map((call) => ({ responseIndex: call.responseIndex, outputIndex: call.outputIndex, name: call.name, call_id: call.call_id, arguments: call.arguments })),
          rec.name,
        ).toEqual(expected);
        for (const call of calls) {
          expect(call.parseError, rec.name).toBeUndefined();
          expect(call.parsedArguments, rec.name).toEqual(JSON.parse(call.arguments));
        }
      }
    });
  });

  it('unsubscribing from the result unsubscribes from the source at once, and nothing is emitted afterwards', () => {
    const probe = sourceProbe([c, a, g, h, o]);
    const seen: string[] = [];
    const subscription = probe.source.pipe(functionCalls()).subscribe({
      next: (call) => seen.push(call.call_id),
      complete: () => seen.push('complete'),
      error: () => seen.push('error'),
    });
    expect(seen).toEqual(['call_1']);
    subscription.unsubscribe();
    expect(probe.teardowns).toBe(1);
    probe.emit(B, b, f);
    probe.complete();
    expect(seen).toEqual(['call_1']);
  });

  it('subscribes to a cold source once per subscription', () => {
    const probe = sourceProbe([c, a, g, h, o, B, b, f]);
    const calls = probe.source.pipe(functionCalls());
    calls.subscribe();
    expect(probe.subscriptions).toBe(1);
    calls.subscribe();
    expect(probe.subscriptions).toBe(2);
  });
});

describe('functionCalls() when the finished item equals what was streamed', () => {
  it('still emits the call at its output_item.done, not only at the end', () => {
    const call = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'lookup', arguments: '', status: 'completed' };
    const events = [
      { type: 'response.created', sequence_number: 0, response: { id: 'r', output: [] } },
      { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: call },
      { type: 'response.function_call_arguments.delta', sequence_number: 2, output_index: 0, item_id: 'fc_1', delta: '{"q":1}' },
      // Some servers send the added item already "completed": the done item is then equal to the streamed one.
      { type: 'response.output_item.done', sequence_number: 3, output_index: 0, item: { ...call, arguments: '{"q":1}' } },
    ] as ResponseStreamEvent[];
    const seen: unknown[] = [];
    fromEvents(events).pipe(functionCalls()).subscribe({ next: (c) => seen.push(c.parsedArguments), error: () => {} });
    expect(seen).toEqual([{ q: 1 }]);
  });
});

describe('functionCalls() on an item missing some of its fields', () => {
  it('gives the documented defaults: no id (a number is no id), empty call_id and name, empty arguments parsed as {}', () => {
    const bare = { type: 'function_call', id: 7, status: 'completed' };
    const events = numbered([created('resp_1'), itemAdded(0, { type: 'function_call', status: 'in_progress' }), itemDone(0, bare), completed('resp_1', [bare])]);
    const seen: FunctionCall[] = [];
    fromEvents(events).pipe(functionCalls()).subscribe((call) => seen.push(call));
    expect(seen).toEqual([
      { responseIndex: 0, outputIndex: 0, id: undefined, call_id: '', name: '', arguments: '', parsedArguments: {}, parseError: undefined },
    ]);
  });

  it("passes on the item's id, and treats arguments that are not a string as empty", () => {
    const odd = { type: 'function_call', id: 'fc_9', call_id: 'call_9', name: 'ping', arguments: 42, status: 'completed' };
    const events = numbered([created('resp_1'), itemAdded(0, { ...odd, status: 'in_progress' }), itemDone(0, odd), completed('resp_1', [odd])]);
    const seen: FunctionCall[] = [];
    fromEvents(events).pipe(functionCalls()).subscribe((call) => seen.push(call));
    expect(seen).toEqual([
      { responseIndex: 0, outputIndex: 0, id: 'fc_9', call_id: 'call_9', name: 'ping', arguments: '', parsedArguments: {}, parseError: undefined },
    ]);
  });
});
