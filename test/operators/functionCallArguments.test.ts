// functionCallArguments(): partial argument objects per call while they stream, then the
// parsed arguments, checked against every recording with function calls.
import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type ResponseStreamEvent, functionCallArguments } from '../../src/index.js';
import { listRecordings } from '../support/listRecordings.js';
import { streamedCall } from '../support/streamedCall.js';
import { completed, created, functionCall, itemAdded, itemDone } from './streamEvents.js';

const withCalls = listRecordings()
  .map((r) => ({ name: r.name, events: r.validEvents as ResponseStreamEvent[] }))
  .filter((r) => r.events.some((e) => e.type === 'response.output_item.done' && (e as { item?: { type?: string } }).item?.type === 'function_call'));

describe('functionCallArguments', () => {
  it('has recordings with function calls to check', () => {
    expect(withCalls.length).toBeGreaterThanOrEqual(5);
  });

  it.each(withCalls.map((r) => [r.name, r.events] as const))('ends each call of %s with the arguments of its output_item.done', async (_name, events) => {
    const updates = await lastValueFrom(from(events).pipe(functionCallArguments(), toArray()));
    const expected = events
      .filter((e) => e.type === 'response.output_item.done' && (e as { item?: { type?: string } }).item?.type === 'function_call')
      .map((e) => {
        const item = (e as { item: { call_id: string; arguments: string } }).item;
        return { call_id: item.call_id, parsed: item.arguments === '' ? {} : JSON.parse(item.arguments) };
      });
    const finals = updates.filter((u) => u.done).map((u) => ({ call_id: u.call_id, parsed: u.parsedArguments }));
    expect(finals).toStrictEqual(expected);
  });

  it('shows arguments filling in, keeping finished parts ===', async () => {
    const { events } = streamedCall('call_1', 'plan', ['{"steps":[{"do":"a"},', '{"do":"b', 'c"}]}']);
    const updates = await lastValueFrom(from(events).pipe(functionCallArguments(), toArray()));
    expect(updates.map((u) => [u.done, u.partial])).toStrictEqual([
      [false, { steps: [{ do: 'a' }] }],
      [false, { steps: [{ do: 'a' }, { do: 'b' }] }],
      [false, { steps: [{ do: 'a' }, { do: 'bc' }] }],
      [true, { steps: [{ do: 'a' }, { do: 'bc' }] }],
    ]);
    const steps = updates.map((u) => (u.partial as { steps: object[] }).steps);
    expect(steps[1]?.[0]).toBe(steps[0]?.[0]);
    expect(steps[2]?.[0]).toBe(steps[0]?.[0]);
    expect(steps[2]?.[1]).not.toBe(steps[1]?.[1]);
    expect(updates[3]).toMatchObject({ call_id: 'call_1', name: 'plan', arguments: '{"steps":[{"do":"a"},{"do":"bc"}]}', parseError: undefined });
  });

  it('ends a call whose arguments are not JSON with parseError, and goes on', async () => {
    const bad = functionCall('fc_1', 'call_1', 'save', '{"path": ');
    const good = functionCall('fc_2', 'call_2', 'load', '{}');
    const events = [created('resp_1'), itemAdded(0, bad), itemDone(0, bad), itemAdded(1, good), itemDone(1, good), completed('resp_1', [bad, good])];
    const updates = await lastValueFrom(from(events).pipe(functionCallArguments(), toArray()));
    const finals = updates.filter((u) => u.done);
    expect(finals.map((u) => [u.call_id, u.parseError?.code, u.parsedArguments])).toStrictEqual([
      ['call_1', 'invalid_json', undefined],
      ['call_2', undefined, {}],
    ]);
  });
});

describe('functionCallArguments on streams that take one path each', () => {
  type Event = Record<string, unknown>;
  const call = (args: string, extra: Event = {}) => ({ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'plan', arguments: args, ...extra });
  const added = (index: number, item: Event | undefined = call('', { status: 'in_progress' })): Event => ({ type: 'response.output_item.added', output_index: index, item });
  const delta = (fields: Event): Event => ({ type: 'response.function_call_arguments.delta', ...fields });
  const argsDone = (fields: Event): Event => ({ type: 'response.function_call_arguments.done', ...fields });
  const itemDone = (index: number | undefined, item: Event | undefined): Event => ({ type: 'response.output_item.done', output_index: index, item });
  const start = (type: string, id?: unknown): Event => ({ type, ...(id === undefined ? {} : { response: { id, output: [] } }) });
  const terminal = (type: string, output: unknown): Event => ({ type, response: { id: 'resp_1', output } });
  const run = async (events: Event[]) => lastValueFrom(from(events as unknown as ResponseStreamEvent[]).pipe(functionCallArguments(), toArray()));
  const finals = async (events: Event[]) =>
    (await run(events))
      .filter((u) => u.done)
      .map((u) => ({ responseIndex: u.responseIndex, call_id: u.call_id, arguments: u.arguments, parsed: u.parsedArguments, partial: u.partial, failed: u.parseError?.code }));
  const finished = (args: string, parsed: unknown, extra: Event = {}) => ({ responseIndex: 0, call_id: 'call_1', arguments: args, parsed, partial: parsed, failed: undefined, ...extra });

  it('finishes a call at its arguments.done, before any other event', () => {
    const events = new Subject<ResponseStreamEvent>();
    const seen: unknown[] = [];
    events.pipe(functionCallArguments()).subscribe((u) => seen.push([u.done, u.parsedArguments]));
    for (const event of [start('response.created', 'resp_1'), added(0), delta({ output_index: 0, item_id: 'fc_1', delta: '{"a":1}' }), argsDone({ output_index: 0, item_id: 'fc_1', arguments: '{"a":1}' })]) {
      events.next(event as unknown as ResponseStreamEvent);
    }
    expect(seen).toEqual([
      [false, undefined],
      [true, { a: 1 }],
    ]);
  });

  it('finishes a call at its output_item.done, taking the arguments it carries over the streamed ones', () => {
    const events = new Subject<ResponseStreamEvent>();
    const seen: unknown[] = [];
    events.pipe(functionCallArguments()).subscribe((u) => seen.push([u.done, u.arguments, u.parsedArguments, u.partial]));
    for (const event of [start('response.created', 'resp_1'), added(0), delta({ output_index: 0, item_id: 'fc_1', delta: '{"a":1}' }), itemDone(0, call('{"a":2}'))]) {
      events.next(event as unknown as ResponseStreamEvent);
    }
    expect(seen).toEqual([
      [false, undefined, undefined, { a: 1 }],
      [true, '{"a":2}', { a: 2 }, { a: 2 }],
    ]);
  });

  it.each(['response.completed', 'response.incomplete', 'response.failed'])('finishes a call at %s with the arguments of its item there', async (type) => {
    const events = [start('response.created', 'resp_1'), added(0), delta({ output_index: 0, item_id: 'fc_1', delta: '{"a":1}' }), terminal(type, [call('{"a":3}')])];
    expect(await finals(events)).toEqual([finished('{"a":3}', { a: 3 })]);
  });

  it('keeps the streamed arguments when the terminal response lacks the call, holds another call there, or has no output', async () => {
    const streamed = [start('response.created', 'resp_1'), added(0), delta({ output_index: 0, item_id: 'fc_1', delta: '{"a":1}' })];
    const other = { ...call('{"b":2}'), call_id: 'call_2' };
    for (const ending of [terminal('response.completed', []), terminal('response.completed', [other]), terminal('response.completed', undefined), { type: 'response.completed' }]) {
      expect(await finals([...streamed, ending])).toEqual([finished('{"a":1}', { a: 1 })]);
    }
  });

  it('takes, for a call without call_id, the terminal function call at its index, but not another kind of item there', async () => {
    const bare = { type: 'function_call', id: 'fc_1', name: 'plan', arguments: '', status: 'in_progress' };
    const streamed = [start('response.created', 'resp_1'), added(0, bare), delta({ output_index: 0, item_id: 'fc_1', delta: '{"a":1}' })];
    const mcp = { type: 'mcp_call', id: 'mcp_1', name: 'plan', server_label: 'x', arguments: '{"m":1}' };
    expect(await finals([...streamed, terminal('response.completed', [{ ...bare, arguments: '{"a":4}' }])])).toEqual([finished('{"a":4}', { a: 4 }, { call_id: '' })]);
    expect(await finals([...streamed, terminal('response.completed', [mcp])])).toEqual([finished('{"a":1}', { a: 1 }, { call_id: '' })]);
  });

  it('finds a call by output_index alone, or by item_id alone', async () => {
    const byIndex = [start('response.created', 'resp_1'), added(0), delta({ output_index: 0, delta: '{"a":' }), delta({ output_index: 0, delta: '1}' }), argsDone({ output_index: 0 })];
    expect(await finals(byIndex)).toEqual([finished('{"a":1}', { a: 1 })]);
    const byId = [start('response.created', 'resp_1'), added(0), delta({ item_id: 'fc_1', delta: '{"a":' }), delta({ item_id: 'fc_1', delta: '1}' }), argsDone({ item_id: 'fc_1' })];
    expect(await finals(byId)).toEqual([finished('{"a":1}', { a: 1 })]);
  });

  it('numbers responses: a new id at response.created or response.queued starts one, the same id does not, and a start without an id always does', async () => {
    const callOf = (n: number) => [added(0), delta({ output_index: 0, delta: `{"n":${n}}` }), argsDone({ output_index: 0 })];
    const events = [
      start('response.queued', 'resp_1'),
      start('response.created', 'resp_1'),
      ...callOf(0),
      start('response.created', 'resp_2'),
      ...callOf(1),
      start('response.created'),
      ...callOf(2),
      start('response.created'),
      ...callOf(3),
      start('response.created', 7),
      start('response.created', 7),
      ...callOf(4),
    ];
    expect((await finals(events)).map((f) => [f.responseIndex, f.parsed])).toEqual([
      [0, { n: 0 }],
      [1, { n: 1 }],
      [2, { n: 2 }],
      [3, { n: 3 }],
      [5, { n: 4 }],
    ]);
  });

  it('counts the first response as 0 when the stream has no response.created', async () => {
    expect(await finals([added(0), delta({ output_index: 0, delta: '{}' }), argsDone({ output_index: 0 })])).toEqual([finished('{}', {})]);
  });

  it("drops the unfinished calls of a response once a response.queued starts another", async () => {
    const events = [start('response.created', 'resp_1'), added(0), start('response.queued', 'resp_2'), delta({ output_index: 0, delta: '{"a":1}' }), argsDone({ output_index: 0 })];
    expect(await run(events)).toEqual([]);
  });

  it('reads a call missing its id, call_id or name as no id and empty names', async () => {
    const updates = await run([start('response.created', 'resp_1'), added(0, { type: 'function_call', id: 7 }), argsDone({ output_index: 0, arguments: '{}' })]);
    expect(updates.map((u) => [u.item_id, u.call_id, u.name])).toEqual([[undefined, '', '']]);
    const named = await run([start('response.created', 'resp_1'), added(0), argsDone({ output_index: 0, arguments: '{}' })]);
    expect(named.map((u) => [u.item_id, u.call_id, u.name])).toEqual([['fc_1', 'call_1', 'plan']]);
  });

  it('shows the arguments an added item already carries at once, and streams deltas onto an item that has none', async () => {
    const carried = await run([start('response.created', 'resp_1'), added(0, call('{"a":1}', { status: 'in_progress' }))]);
    expect(carried.map((u) => [u.done, u.partial])).toEqual([[false, { a: 1 }]]);
    const without = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'plan' };
    const streamed = await run([start('response.created', 'resp_1'), added(0, without), delta({ output_index: 0, delta: '{"a":1}' })]);
    expect(streamed.map((u) => [u.done, u.partial])).toEqual([[false, { a: 1 }]]);
  });

  it('ignores malformed and stray events: no item, no output_index, another item type, a delta without text or after the end, an unknown call', async () => {
    const events = [
      start('response.created', 'resp_1'),
      { type: 'response.output_item.added', output_index: 0 },
      { type: 'response.output_item.added', item: call('') },
      added(1, { type: 'message', id: 'msg_1' }),
      added(0),
      delta({ output_index: 0, delta: 5 }),
      delta({ output_index: 0, delta: '{"a":1}' }),
      delta({ output_index: 3, delta: '{"x":1}' }),
      argsDone({ output_index: 3, arguments: '{}' }),
      itemDone(undefined, undefined),
      itemDone(1, { type: 'message', id: 'msg_1' }),
      itemDone(4, call('{}', { id: 'fc_9' })),
      itemDone(0, call('{"a":1}')),
      delta({ output_index: 0, delta: ',"b":2}' }),
      terminal('response.completed', [call('{"a":1}')]),
    ];
    const updates = await run(events);
    expect(updates.map((u) => [u.outputIndex, u.done, u.partial])).toEqual([
      [0, false, { a: 1 }],
      [0, true, { a: 1 }],
    ]);
  });

  it('gives the final arguments as the last partial update left them, the same objects', async () => {
    const updates = await run([start('response.created', 'resp_1'), added(0), delta({ output_index: 0, delta: '{"a":{"b":1}' }), delta({ output_index: 0, delta: '}' }), argsDone({ output_index: 0, arguments: '{"a":{"b":1}}' })]);
    const [partial, done] = [updates.at(-2), updates.at(-1)];
    expect(done?.parsedArguments).toEqual({ a: { b: 1 } });
    expect((done?.partial as { a: object }).a).toBe((partial?.partial as { a: object }).a);
  });

  it('parses empty or blank arguments as {}, final arguments of "" as {} whatever was streamed, and keeps the streamed ones over final ones that are not text', async () => {
    const blank = await finals([start('response.created', 'resp_1'), added(0), delta({ output_index: 0, delta: '  ' }), argsDone({ output_index: 0 })]);
    expect(blank).toEqual([finished('  ', {})]);
    const emptied = await finals([start('response.created', 'resp_1'), added(0), delta({ output_index: 0, delta: '{"a":1}' }), argsDone({ output_index: 0, arguments: '' })]);
    expect(emptied).toEqual([finished('', {})]);
    const numeric = await finals([start('response.created', 'resp_1'), added(0), delta({ output_index: 0, delta: '{"a":1}' }), argsDone({ output_index: 0, arguments: 42 }), itemDone(0, call(43 as unknown as string))]);
    expect(numeric).toEqual([finished('{"a":1}', { a: 1 })]);
    const numericDone = await finals([start('response.created', 'resp_1'), added(0), delta({ output_index: 0, delta: '{"a":1}' }), itemDone(0, call(43 as unknown as string))]);
    expect(numericDone).toEqual([finished('{"a":1}', { a: 1 })]);
    const numericAtEnd = await finals([start('response.created', 'resp_1'), added(0), delta({ output_index: 0, delta: '{"a":1}' }), terminal('response.completed', [call(44 as unknown as string)])]);
    expect(numericAtEnd).toEqual([finished('{"a":1}', { a: 1 })]);
  });

  it('fails final arguments that are not JSON with the parse error of JSON.parse, keeping the streamed partial', async () => {
    const text = '{"path": ';
    let expected = '';
    try {
      JSON.parse(text);
    } catch (err) {
      expected = (err as Error).message;
    }
    expect(expected).not.toBe('');
    const updates = await run([start('response.created', 'resp_1'), added(0), delta({ output_index: 0, delta: '{"a":1}' }), argsDone({ output_index: 0, arguments: text })]);
    const done = updates.at(-1);
    expect([done?.done, done?.arguments, done?.parsedArguments, done?.partial]).toEqual([true, text, undefined, { a: 1 }]);
    const error = done?.parseError;
    expect([error?.name, error?.message.startsWith(expected), error?.position, error?.near]).toEqual(['InvalidJSONError', true, 0, '']);
  });

  it('keeps the first parse error of streamed arguments, and the last partial before it, even as more text arrives', async () => {
    const streamed = '{"a":1,"b":x';
    const updates = await run([
      start('response.created', 'resp_1'),
      added(0),
      delta({ output_index: 0, delta: '{"a":1,' }),
      delta({ output_index: 0, delta: '"b":x' }),
      delta({ output_index: 0, delta: '}}}' }),
      argsDone({ output_index: 0, arguments: `${streamed}}}}` }),
    ]);
    const done = updates.at(-1);
    expect([done?.done, done?.parsedArguments, done?.partial]).toEqual([true, undefined, { a: 1 }]);
    expect(done?.parseError?.position).toBe(streamed.indexOf('x'));
  });

  it('passes on an error of the source', async () => {
    const failure = new Error('socket closed');
    const source = new Subject<ResponseStreamEvent>();
    const result = lastValueFrom(source.pipe(functionCallArguments(), toArray()));
    source.error(failure);
    await expect(result).rejects.toBe(failure);
  });

  it('sends an update only when the partial arguments changed', async () => {
    const pieces = ['{', ' ', '"a', '":', ' 1', '2', ',"b"', ':[', 'true', ']', '}'];
    const updates = await run([start('response.created', 'resp_1'), added(0), ...pieces.map((piece) => delta({ output_index: 0, delta: piece }))]);
    const partials = updates.map((u) => u.partial);
    expect(partials.length).toBeGreaterThan(1);
    expect(partials.length).toBeLessThan(pieces.length);
    partials.slice(1).forEach((partial, i) => expect(partial, `update ${i + 1} repeats the one before`).not.toEqual(partials[i]));
    expect(partials.at(-1)).toEqual(JSON.parse(pieces.join('')));
  });
});
