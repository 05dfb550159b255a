// runTools() over a scripted transport: each turn's request is recorded and answered with
// hand-made events (test/agents/turns.ts), so every rule of the loop's TSDoc, RunOptions and the
// README's "The tool loop" can be checked without a server: what each request carries (with
// and without `store`), when and how each call runs, what the model is told when a call
// fails, approval, concurrency, maxTurns and cancellation.
import { Observable, Subject, config, from, of, takeWhile, throwError } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  type ResponseCreateParams,
  type ResponseStreamEvent,
  type ResponsesTransport,
  type RunEvent,
  type RunOptions,
  type Tool,
  defineTool,
  isClientOptionsError,
  isMaxTurnsExceededError,
  isToolCallError,
  runTools,
} from '../../src/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { settle } from '../support/settle.js';
import { thrown } from '../support/thrown.js';
import { completed, created, functionCall, itemDone, message, numbered, reasoningItem, response } from '../operators/streamEvents.js';
import { turn } from './turns.js';

// Each test takes milliseconds; a loop that never ends (a mutant under Stryker) fails at once
// instead of holding the run until its timeout.
vi.setConfig({ testTimeout: 3000 });

type Answer = readonly ResponseStreamEvent[] | Observable<ResponseStreamEvent>;

/** A transport answering the n-th request with the n-th answer, recording requests and signals. */
function scripted(...answers: Answer[]) {
  const requests: ResponseCreateParams[] = [];
  const signals: AbortSignal[] = [];
  const transport: ResponsesTransport = (params, signal) => {
    requests.push(params);
    signals.push(signal);
    const answer = answers[requests.length - 1];
    if (answer === undefined) return throwError(() => new Error(`no answer for request ${requests.length}`));
    return Array.isArray(answer) ? from(answer as ResponseStreamEvent[]) : (answer as Observable<ResponseStreamEvent>);
  };
  return { transport, requests, signals };
}

const rx = (events: readonly RunEvent[]) => events.filter((e) => e.type.startsWith('rx.'));
const outputsOf = (request: ResponseCreateParams | undefined) =>
  (request?.input as { type?: string; call_id?: string; output?: string }[]).filter((i) => i.type === 'function_call_output').map((i) => [i.call_id, i.output]);

/** A tool with a plain JSON Schema (arguments not validated) that returns what `run` does. */
const plainTool = (name: string, run: Tool<unknown, unknown>['execute'] = (args) => args) =>
  defineTool({ name, parameters: { type: 'object' }, execute: run }) as Tool<never, unknown>;

const addTool = () =>
  defineTool({ name: 'add', parameters: z.object({ a: z.number(), b: z.number() }), execute: ({ a, b }) => a + b }) as Tool<never, unknown>;

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const run = (transport: ResponsesTransport, options: RunOptions, params: ResponseCreateParams = { model: 'm', input: 'hi' }) => collectNotifications(runTools(transport, params, options));

describe('runTools: options', () => {
  it('refuses a maxTurns that is not an integer >= 1, naming it', () => {
    const { transport } = scripted();
    for (const maxTurns of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = thrown(() => runTools(transport, { model: 'm' }, { tools: [], maxTurns }));
      expect(isClientOptionsError(error)).toBe(true);
      expect(error).toMatchObject({ option: 'maxTurns', message: `Invalid maxTurns: expected an integer >= 1, got ${String(maxTurns)}` });
    }
  });

  it('refuses a concurrency under 1, naming it, and accepts 1', () => {
    const { transport } = scripted();
    for (const concurrency of [0, 0.5, -1, Number.NaN]) {
      const error = thrown(() => runTools(transport, { model: 'm' }, { tools: [], concurrency }));
      expect(isClientOptionsError(error)).toBe(true);
      expect(error).toMatchObject({ option: 'concurrency', message: `Invalid concurrency: expected a number >= 1, got ${String(concurrency)}` });
    }
    expect(thrown(() => runTools(transport, { model: 'm' }, { tools: [], concurrency: 1, maxTurns: 1 }))).toBeUndefined();
  });

  it('refuses two tools with the same name', () => {
    const { transport } = scripted();
    const error = thrown(() => runTools(transport, { model: 'm' }, { tools: [plainTool('echo'), plainTool('other'), plainTool('echo')] }));
    expect(isClientOptionsError(error)).toBe(true);
    expect(error).toMatchObject({ option: 'tools', message: 'Two tools are named "echo"' });
  });

  it('stops after 10 turns by default', async () => {
    const looping = Array.from({ length: 12 }, (_, i) => turn(`resp_${i + 1}`, { calls: [[`call_${i + 1}`, 'echo', '{}']] }));
    const { transport, requests } = scripted(...looping);
    const result = await run(transport, { tools: [plainTool('echo')] });
    expect(isMaxTurnsExceededError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ maxTurns: 10, lastResponseId: 'resp_10' });
    expect(requests).toHaveLength(10);
  });
});

describe('runTools: requests', () => {
  it('sends the params with the hosted tools first, then the definitions, and leaves the params as they were', async () => {
    const { transport, requests } = scripted(turn('resp_1', { text: 'hi' }));
    const hosted = { type: 'web_search' };
    const params: ResponseCreateParams = { model: 'm', input: 'hi', tools: [hosted], temperature: 0 };
    const copy = structuredClone(params);
    const echo = plainTool('echo');
    const result = await run(transport, { tools: [echo] }, params);
    expect(result.completed).toBe(true);
    expect(requests).toStrictEqual([{ model: 'm', input: 'hi', tools: [hosted, echo.definition], temperature: 0 }]);
    expect(params).toStrictEqual(copy);
  });

  it('sends no input, previous_response_id or include it was not given (with store on)', async () => {
    const { transport, requests } = scripted(turn('resp_1', { text: 'hi' }), turn('resp_2', { text: 'hi' }));
    await run(transport, { tools: [] }, { model: 'm', previous_response_id: null } as ResponseCreateParams);
    await run(transport, { tools: [] }, { model: 'm', tools: 'not a list' } as unknown as ResponseCreateParams);
    expect(requests).toStrictEqual([
      { model: 'm', tools: [] },
      { model: 'm', tools: [] },
    ]);
  });

  it('continues a conversation from the previous_response_id it is given', async () => {
    const { transport, requests } = scripted(turn('resp_1', { text: 'hi' }));
    await run(transport, { tools: [] }, { model: 'm', input: 'again', previous_response_id: 'resp_0' });
    expect(requests).toStrictEqual([{ model: 'm', input: 'again', previous_response_id: 'resp_0', tools: [] }]);
  });

  it('with store: false, asks for reasoning.encrypted_content once, beside what include already holds', async () => {
    const { transport, requests } = scripted(turn('r1', { text: 'a' }), turn('r2', { text: 'a' }), turn('r3', { text: 'a' }));
    await run(transport, { tools: [] }, { model: 'm', store: false });
    await run(transport, { tools: [] }, { model: 'm', store: false, include: ['message.output_text.logprobs'] });
    await run(transport, { tools: [] }, { model: 'm', store: false, include: ['reasoning.encrypted_content', 'message.output_text.logprobs'] });
    expect(requests.map((r) => r.include)).toStrictEqual([
      ['reasoning.encrypted_content'],
      ['message.output_text.logprobs', 'reasoning.encrypted_content'],
      ['reasoning.encrypted_content', 'message.output_text.logprobs'],
    ]);
  });

  it('with store on, sends previous_response_id and only the outputs, in the order of the calls', async () => {
    const { transport, requests } = scripted(
      turn('resp_1', { calls: [['call_a', 'echo', '{"n":1}'], ['call_b', 'echo', '{"n":2}']] }),
      turn('resp_2', { calls: [['call_c', 'echo', '{"n":3}']] }),
      turn('resp_3', { text: 'done' }),
    );
    const result = await run(transport, { tools: [plainTool('echo')] }, { model: 'm', input: 'go', include: ['x'] });
    expect(result.completed).toBe(true);
    expect(requests.slice(1)).toStrictEqual([
      { model: 'm', include: ['x'], tools: [plainTool('echo').definition], previous_response_id: 'resp_1', input: [{ type: 'function_call_output', call_id: 'call_a', output: '{"n":1}' }, { type: 'function_call_output', call_id: 'call_b', output: '{"n":2}' }] },
      { model: 'm', include: ['x'], tools: [plainTool('echo').definition], previous_response_id: 'resp_2', input: [{ type: 'function_call_output', call_id: 'call_c', output: '{"n":3}' }] },
    ]);
  });

  it('sends the outputs in the order of the calls when the later call finishes first', async () => {
    const slow = deferred<string>();
    const { transport, requests } = scripted(turn('resp_1', { calls: [['call_a', 'wait', '{}'], ['call_b', 'now', '{}']] }), turn('resp_2', { text: 'done' }));
    const pending = run(transport, { tools: [plainTool('wait', () => slow.promise), plainTool('now', () => 'fast')] });
    await settle();
    expect(requests).toHaveLength(1);
    slow.resolve('slow');
    await pending;
    expect(outputsOf(requests[1])).toStrictEqual([['call_a', 'slow'], ['call_b', 'fast']]);
  });

  it('takes the response id from created, queued or in_progress, the terminal event last, ignoring empty ones', async () => {
    const withIds = (ids: readonly [string, string][], callId: string): ResponseStreamEvent[] => {
      const call = functionCall(`fc_${callId}`, callId, 'echo', '{}');
      return numbered([
        ...ids.map(([type, id]) => ({ type, response: response(id, 'in_progress') }) as ResponseStreamEvent),
        itemDone(0, call),
      ]);
    };
    const { transport, requests } = scripted(
      [...withIds([['response.created', 'resp_a'], ['response.in_progress', '']], 'c1'), completed('', [])],
      [...withIds([['response.queued', 'resp_q'], ['response.created', '']], 'c2'), completed('resp_b', [])],
      [...withIds([['response.created', ''], ['response.in_progress', 'resp_c']], 'c3'), { type: 'response.completed', response: { status: 'completed' } } as ResponseStreamEvent],
      turn('resp_d', { text: 'done' }),
    );
    await run(transport, { tools: [plainTool('echo')] });
    expect(requests.slice(1).map((r) => r.previous_response_id)).toStrictEqual(['resp_a', 'resp_b', 'resp_c']);
  });

  it('with store on but no response id, sends the whole conversation instead', async () => {
    const events = turn('resp_1', { calls: [['call_a', 'echo', '{}']] }).map((e) => (e.type === 'response.created' || e.type === 'response.completed' ? { ...e, response: { ...(e.response as object), id: undefined } } : e)) as ResponseStreamEvent[];
    const { transport, requests } = scripted(events, turn('resp_2', { text: 'done' }));
    await run(transport, { tools: [plainTool('echo')] }, { model: 'm', input: 'go' });
    expect(requests[1]).not.toHaveProperty('previous_response_id');
    expect(requests[1]?.input).toStrictEqual([
      { role: 'user', content: 'go' },
      functionCall('fc_call_a', 'call_a', 'echo', '{}'),
      { type: 'function_call_output', call_id: 'call_a', output: '{}' },
    ]);
  });

  it('with store: false, sends the input so far, every output item of each turn, then its outputs', async () => {
    const first = turn('resp_1', { calls: [['call_a', 'echo', '{"n":1}']], text: 'thinking aloud' });
    const { transport, requests } = scripted(first, turn('resp_2', { calls: [['call_b', 'echo', '{"n":2}']] }), turn('resp_3', { text: 'done' }));
    const input = [{ role: 'user', content: 'go' }];
    await run(transport, { tools: [plainTool('echo')] }, { model: 'm', input, store: false });
    const turn1 = [functionCall('fc_call_a', 'call_a', 'echo', '{"n":1}'), message('msg_resp_1', 'thinking aloud')];
    const out1 = { type: 'function_call_output', call_id: 'call_a', output: '{"n":1}' };
    const turn2 = [functionCall('fc_call_b', 'call_b', 'echo', '{"n":2}')];
    const out2 = { type: 'function_call_output', call_id: 'call_b', output: '{"n":2}' };
    expect(requests.map((r) => r.input)).toStrictEqual([input, [...input, ...turn1, out1], [...input, ...turn1, out1, ...turn2, out2]]);
    expect(requests.slice(1).every((r) => !('previous_response_id' in r))).toBe(true);
    expect(input).toStrictEqual([{ role: 'user', content: 'go' }]);
  });

  it('with store: false, leaves out reasoning without encrypted_content and reasoning that nothing follows', async () => {
    const kept = { ...reasoningItem('rs_1', ['plan']), encrypted_content: 'enc1' };
    const unreadable = reasoningItem('rs_2', ['no content']);
    const call = functionCall('fc_1', 'call_1', 'echo', '{}');
    const trailing = { ...reasoningItem('rs_3', ['after']), encrypted_content: 'enc3' };
    const output = [kept, unreadable, call, trailing, unreadable];
    const events = numbered([created('resp_1'), ...output.map((item, i) => itemDone(i, item)), completed('resp_1', output)]);
    const { transport, requests } = scripted(events, turn('resp_2', { text: 'done' }));
    await run(transport, { tools: [plainTool('echo')] }, { model: 'm', input: 'go', store: false });
    expect(requests[1]?.input).toStrictEqual([{ role: 'user', content: 'go' }, kept, call, { type: 'function_call_output', call_id: 'call_1', output: '{}' }]);
  });

  it('with store on and no response id, keeps reasoning without encrypted_content but not reasoning that nothing follows', async () => {
    const plain = reasoningItem('rs_1', ['plan']);
    const call = functionCall('fc_1', 'call_1', 'echo', '{}');
    const output = [plain, call, plain];
    const events = [...output.map((item, i) => itemDone(i, item)), { type: 'response.completed', response: { status: 'completed', output } } as ResponseStreamEvent];
    const { transport, requests } = scripted(events, turn('resp_2', { text: 'done' }));
    await run(transport, { tools: [plainTool('echo')] }, { model: 'm' });
    expect(requests[1]?.input).toStrictEqual([plain, call, { type: 'function_call_output', call_id: 'call_1', output: '{}' }]);
  });

  it('with store: false and no output list in the terminal event, sends the done items in output order', async () => {
    const call = functionCall('fc_1', 'call_1', 'echo', '{}');
    const text = message('msg_1', 'between');
    const events = numbered([created('resp_1'), itemDone(1, call), itemDone(0, text), completed('resp_1', [])]);
    const { transport, requests } = scripted(events, turn('resp_2', { text: 'done' }));
    await run(transport, { tools: [plainTool('echo')] }, { model: 'm', store: false });
    expect(requests[1]?.input).toStrictEqual([text, call, { type: 'function_call_output', call_id: 'call_1', output: '{}' }]);
  });
});

describe('runTools: calls', () => {
  it('runs a call when its item is done, with the validated arguments and its context, and reports it', async () => {
    const contexts: unknown[] = [];
    const tool = defineTool({
      name: 'len',
      parameters: z.object({ s: z.string().transform((s) => s.length) }),
      execute: ({ s }, context) => {
        contexts.push({ callId: context.callId, turn: context.turn, aborted: context.signal.aborted });
        return { length: s };
      },
    }) as Tool<never, unknown>;
    const events = turn('resp_1', { calls: [['call_1', 'len', '{"s":"abcd"}']], text: 'ok' });
    const last = turn('resp_2', { text: 'done' });
    const { transport } = scripted(turn('resp_0', { calls: [['call_0', 'len', '{"s":""}']] }), events, last);
    const result = await run(transport, { tools: [tool] });
    expect(result.completed).toBe(true);
    expect(contexts).toStrictEqual([{ callId: 'call_0', turn: 1, aborted: false }, { callId: 'call_1', turn: 2, aborted: false }]);
    const types = result.values.map((e) => e.type);
    const doneAt = types.indexOf('response.output_item.done', types.indexOf('response.output_item.done') + 1);
    expect(types.slice(doneAt + 1, doneAt + 3)).toStrictEqual(['rx.tool_call.started', 'rx.tool_call.result']);
    expect(rx(result.values)).toStrictEqual([
      { type: 'rx.tool_call.started', turn: 1, call_id: 'call_0', name: 'len', arguments: { s: 0 } },
      { type: 'rx.tool_call.result', turn: 1, call_id: 'call_0', name: 'len', result: { length: 0 }, output: '{"length":0}' },
      { type: 'rx.turn.ended', turn: 1, response_id: 'resp_0', function_calls: 1 },
      { type: 'rx.tool_call.started', turn: 2, call_id: 'call_1', name: 'len', arguments: { s: 4 } },
      { type: 'rx.tool_call.result', turn: 2, call_id: 'call_1', name: 'len', result: { length: 4 }, output: '{"length":4}' },
      { type: 'rx.turn.ended', turn: 2, response_id: 'resp_1', function_calls: 1 },
      { type: 'rx.turn.ended', turn: 3, response_id: 'resp_2', function_calls: 0 },
    ]);
    // Every response event passes through, in order.
    expect(result.values.filter((e) => !e.type.startsWith('rx.'))).toStrictEqual([...turn('resp_0', { calls: [['call_0', 'len', '{"s":""}']] }), ...events, ...last]);
  });

  it('ends after a response without calls, with no call counted', async () => {
    const { transport, requests } = scripted(turn('resp_1', { text: 'hello' }));
    const result = await run(transport, { tools: [plainTool('echo')] });
    expect(result.completed).toBe(true);
    expect(rx(result.values)).toStrictEqual([{ type: 'rx.turn.ended', turn: 1, response_id: 'resp_1', function_calls: 0 }]);
    expect(requests).toHaveLength(1);
  });

  it('turns what execute gives into the output: a string as is, a value as JSON, nothing as empty', async () => {
    const cases: [string, () => unknown, unknown, string][] = [
      ['text', () => 'plain "text"', 'plain "text"', 'plain "text"'],
      ['number', () => 0, 0, '0'],
      ['nothing', () => undefined, undefined, ''],
      ['nulled', () => null, null, 'null'],
      ['promise', () => Promise.resolve({ a: [1] }), { a: [1] }, '{"a":[1]}'],
      ['thenable', () => ({ then: (ok: (v: unknown) => void) => ok('from then') }), 'from then', 'from then'],
      ['observable', () => of(1, 2, 3), 3, '3'],
      ['silent', () => from([]), undefined, ''],
      ['big', () => 10n, 10n, '10'],
      ['fn', () => () => 1, expect.any(Function), ''],
    ];
    const calls = cases.map(([name], i) => [`call_${i}`, name, '{}'] as const);
    const { transport, requests } = scripted(turn('resp_1', { calls }), turn('resp_2', { text: 'done' }));
    const result = await run(transport, { tools: cases.map(([name, execute]) => plainTool(name, execute)) });
    expect(result.completed).toBe(true);
    const results = result.values.filter((e) => e.type === 'rx.tool_call.result') as { name: string; result: unknown; output: string }[];
    // Results arrive as each tool finishes (Promises later): compare them in the order of the calls.
    const order = cases.map(([name]) => name);
    const byCall = [...results].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    expect(byCall.map((e) => [e.name, e.result, e.output])).toStrictEqual(cases.map(([name, , value, output]) => [name, value, output]));
    expect(outputsOf(requests[1])).toStrictEqual(cases.map(([, , , output], i) => [`call_${i}`, output]));
  });

  it('runs the calls the terminal response lists when no output_item.done came, in their order, once each', async () => {
    const a = functionCall('fc_a', 'call_a', 'echo', '{"n":"a"}');
    const b = functionCall('fc_b', 'call_b', 'echo', '{"n":"b"}');
    const text = message('msg_1', 'x');
    const { transport, requests } = scripted(numbered([created('resp_1'), itemDone(2, b), completed('resp_1', [text, a, b])]), turn('resp_2', { text: 'done' }));
    const ran: unknown[] = [];
    const result = await run(transport, { tools: [plainTool('echo', (args) => ran.push(args))] });
    expect(ran).toStrictEqual([{ n: 'b' }, { n: 'a' }]);
    expect(rx(result.values).filter((e) => e.type === 'rx.tool_call.started').map((e) => (e as { call_id: string }).call_id)).toStrictEqual(['call_b', 'call_a']);
    // echo returns how many calls ran so far: b ran first.
    expect(outputsOf(requests[1])).toStrictEqual([['call_a', '2'], ['call_b', '1']]);
  });

  it('runs every call the terminal response lists, when a tool answers at once', async () => {
    const a = functionCall('fc_a', 'call_a', 'echo', '{"n":"a"}');
    const b = functionCall('fc_b', 'call_b', 'echo', '{"n":"b"}');
    const { transport, requests } = scripted(numbered([created('resp_1'), completed('resp_1', [a, b])]), turn('resp_2', { text: 'done' }));
    const result = await run(transport, { tools: [plainTool('echo', (args) => (args as { n: string }).n)] });
    expect(result.completed).toBe(true);
    expect(outputsOf(requests[1])).toStrictEqual([['call_a', 'a'], ['call_b', 'b']]);
    expect(rx(result.values).filter((e) => e.type === 'rx.turn.ended')[0]).toMatchObject({ turn: 1, function_calls: 2 });
  });

  it('ignores an output_item.done without an item or an output_index', async () => {
    const call = functionCall('fc_1', 'call_1', 'echo', '{}');
    const events = numbered([
      created('resp_1'),
      { type: 'response.output_item.done', output_index: 0 } as ResponseStreamEvent,
      { type: 'response.output_item.done', item: call } as ResponseStreamEvent,
      completed('resp_1', [message('msg_1', 'no calls')]),
    ]);
    const { transport, requests } = scripted(events);
    const result = await run(transport, { tools: [plainTool('echo')] });
    expect(result.completed).toBe(true);
    expect(rx(result.values)).toStrictEqual([{ type: 'rx.turn.ended', turn: 1, response_id: 'resp_1', function_calls: 0 }]);
    expect(requests).toHaveLength(1);
  });

  it('runs no call of a response that failed or errored before the call was done, and ends', async () => {
    const call = functionCall('fc_1', 'call_1', 'echo', '{}');
    const failedEvent = { type: 'response.failed', response: response('resp_1', 'failed', [call]) } as ResponseStreamEvent;
    const errorEvent = { type: 'error', code: 'server_error', message: 'boom' } as unknown as ResponseStreamEvent;
    for (const ending of [[failedEvent], [errorEvent, completed('resp_1', [call])]]) {
      let ran = 0;
      const { transport, requests } = scripted(numbered([created('resp_1'), ...ending, itemDone(0, call)]), turn('resp_2', { text: 'no' }));
      const result = await run(transport, { tools: [plainTool('echo', () => ++ran)] });
      expect(result.completed).toBe(true);
      expect(ran).toBe(0);
      expect(rx(result.values)).toStrictEqual([{ type: 'rx.turn.ended', turn: 1, response_id: 'resp_1', function_calls: 0 }]);
      expect(requests).toHaveLength(1);
    }
  });

  it('finishes a call done before the response failed, then ends without another request', async () => {
    const call = functionCall('fc_1', 'call_1', 'echo', '{}');
    const { transport, requests } = scripted(numbered([created('resp_1'), itemDone(0, call), { type: 'response.failed', response: response('resp_1', 'failed', [call]) } as ResponseStreamEvent]), turn('resp_2', { text: 'no' }));
    const result = await run(transport, { tools: [plainTool('echo', () => 'ran')] });
    expect(result.completed).toBe(true);
    expect(rx(result.values).map((e) => e.type)).toStrictEqual(['rx.tool_call.started', 'rx.tool_call.result', 'rx.turn.ended']);
    expect(rx(result.values).at(-1)).toMatchObject({ function_calls: 1 });
    expect(requests).toHaveLength(1);
  });

  it('waits for a call still running when the stream ends', async () => {
    const later = deferred<string>();
    const { transport, requests } = scripted(turn('resp_1', { calls: [['call_1', 'wait', '{}']] }), turn('resp_2', { text: 'done' }));
    const pending = run(transport, { tools: [plainTool('wait', () => later.promise)] });
    await settle();
    expect(requests).toHaveLength(1);
    later.resolve('late');
    const result = await pending;
    expect(result.completed).toBe(true);
    expect(outputsOf(requests[1])).toStrictEqual([['call_1', 'late']]);
  });

  it('passes empty or blank arguments to the tool as {}', async () => {
    const seen: unknown[] = [];
    const { transport } = scripted(turn('resp_1', { calls: [['c1', 'echo', ''], ['c2', 'echo', '  \n']] }), turn('resp_2', { text: 'done' }));
    await run(transport, { tools: [plainTool('echo', (args) => seen.push(args))] });
    expect(seen).toStrictEqual([{}, {}]);
  });

  it('runs a call whose item has no call_id or arguments under empty ones', async () => {
    const seen: unknown[] = [];
    const item = { type: 'function_call', id: 'fc_1', name: 'echo', status: 'completed' };
    const { transport, requests } = scripted(numbered([created('resp_1'), itemDone(0, item), completed('resp_1', [item])]), turn('resp_2', { text: 'done' }));
    const result = await run(transport, { tools: [plainTool('echo', (args) => { seen.push(args); return 'x'; })] });
    expect(seen).toStrictEqual([{}]);
    expect(rx(result.values)[0]).toStrictEqual({ type: 'rx.tool_call.started', turn: 1, call_id: '', name: 'echo', arguments: {} });
    expect(outputsOf(requests[1])).toStrictEqual([['', 'x']]);
  });

  it('tells the model about an unknown tool, naming the tools there are (or none)', async () => {
    const { transport, requests } = scripted(
      turn('resp_1', { calls: [['c1', 'nope', '{}']] }),
      turn('resp_2', { text: 'ok' }),
      turn('resp_3', { calls: [['c2', 42 as unknown as string, '{}']] }),
      turn('resp_4', { text: 'ok' }),
    );
    const first = await run(transport, { tools: [plainTool('echo'), addTool()] });
    const second = await run(transport, { tools: [] });
    expect(outputsOf(requests[1])).toStrictEqual([['c1', 'Error: there is no tool named "nope". Available tools: echo, add.']]);
    expect(outputsOf(requests[3])).toStrictEqual([['c2', 'Error: there is no tool named "". Available tools: none.']]);
    const failed = rx(first.values)[0] as { error: Error };
    expect(failed).toMatchObject({ type: 'rx.tool_call.failed', turn: 1, call_id: 'c1', name: 'nope', reason: 'unknown_tool', output: 'Error: there is no tool named "nope". Available tools: echo, add.' });
    expect(failed.error).toBeInstanceOf(Error);
    expect(failed.error.message).toBe('Unknown tool "nope"');
    expect(rx(second.values)[0]).toMatchObject({ name: '', reason: 'unknown_tool' });
  });

  it('tells the model its arguments are not JSON', async () => {
    const { transport, requests } = scripted(turn('resp_1', { calls: [['c1', 'add', '{"a":1,']] }), turn('resp_2', { text: 'ok' }));
    const result = await run(transport, { tools: [addTool()] });
    const [[, output]] = outputsOf(requests[1]) as [[string, string]];
    let reason = '';
    try {
      JSON.parse('{"a":1,');
    } catch (err) {
      reason = (err as Error).message;
    }
    expect(output).toBe(`Error: the arguments of add are not valid JSON (${reason}). Call the tool again with valid JSON arguments.`);
    expect(rx(result.values)[0]).toMatchObject({ type: 'rx.tool_call.failed', reason: 'invalid_arguments', error: expect.any(SyntaxError) });
  });

  it("tells the model every issue of the schema, each with its path", async () => {
    const issues = [{ message: 'first', path: ['a', { key: 'b' }, 0] }, { message: 'second' }, { message: 'third', path: [] }];
    const picky = defineTool({
      name: 'picky',
      parameters: { '~standard': { version: 1, vendor: 'test', validate: () => ({ issues }), jsonSchema: { input: () => ({ type: 'object' }), output: () => ({}) } } },
      execute: () => 'never',
    }) as Tool<never, unknown>;
    const { transport, requests } = scripted(turn('resp_1', { calls: [['c1', 'picky', '{}']] }), turn('resp_2', { text: 'ok' }));
    const result = await run(transport, { tools: [picky] });
    expect(outputsOf(requests[1])).toStrictEqual([['c1', 'Error: invalid arguments for picky: a.b.0: first; second; third. Fix the arguments and call the tool again.']]);
    expect(rx(result.values)[0]).toStrictEqual({
      type: 'rx.tool_call.failed',
      turn: 1,
      call_id: 'c1',
      name: 'picky',
      reason: 'invalid_arguments',
      error: issues,
      output: 'Error: invalid arguments for picky: a.b.0: first; second; third. Fix the arguments and call the tool again.',
    });
  });

  it('waits for an asynchronous schema, and tells the model when it cannot answer', async () => {
    const asyncSchema = (validate: (value: unknown) => Promise<unknown>) => ({ '~standard': { version: 1 as const, vendor: 'test', validate, jsonSchema: { input: () => ({ type: 'object' }), output: () => ({}) } } });
    const slow = defineTool({ name: 'slow', parameters: asyncSchema(async (value) => ({ value: { checked: value } })), execute: (args) => args }) as Tool<never, unknown>;
    // A schema breaking the Standard Schema contract (no result at all) cannot be read.
    const broken = defineTool({ name: 'broken', parameters: asyncSchema(async () => null), execute: () => 'never' }) as Tool<never, unknown>;
    const { transport, requests } = scripted(turn('resp_1', { calls: [['c1', 'slow', '{"x":1}'], ['c2', 'broken', '{}']] }), turn('resp_2', { text: 'ok' }));
    const result = await run(transport, { tools: [slow, broken] });
    expect(outputsOf(requests[1])).toStrictEqual([['c1', '{"checked":{"x":1}}'], ['c2', 'Error: the arguments of broken could not be checked.']]);
    expect(rx(result.values).find((e) => e.type === 'rx.tool_call.failed')).toMatchObject({ call_id: 'c2', reason: 'invalid_arguments', error: expect.any(TypeError) });
  });

  it('tells the model a tool failed, whether it threw, rejected or errored', async () => {
    const tools = [
      plainTool('throws', () => {
        throw new Error('sync boom');
      }),
      plainTool('throwsText', () => {
        throw 'text boom';
      }),
      plainTool('rejects', () => Promise.reject(new Error('async boom'))),
      plainTool('errors', () => throwError(() => new Error('stream boom'))),
    ];
    const calls = tools.map((t, i) => [`c${i}`, t.name, '{}'] as const);
    const { transport, requests } = scripted(turn('resp_1', { calls }), turn('resp_2', { text: 'ok' }));
    const result = await run(transport, { tools });
    expect(outputsOf(requests[1])).toStrictEqual([
      ['c0', 'Error: throws failed: sync boom'],
      ['c1', 'Error: throwsText failed: text boom'],
      ['c2', 'Error: rejects failed: async boom'],
      ['c3', 'Error: errors failed: stream boom'],
    ]);
    const failed = rx(result.values).filter((e) => e.type === 'rx.tool_call.failed') as { reason: string; error: unknown }[];
    expect(failed.map((e) => e.reason)).toStrictEqual(['tool_error', 'tool_error', 'tool_error', 'tool_error']);
    expect(failed[1]?.error).toBe('text boom');
  });

  it("with toolErrors: 'throw', ends with ToolCallError, aborting the request and the other calls", async () => {
    const stream = new Subject<ResponseStreamEvent>();
    const { transport, signals } = scripted(stream);
    let otherSignal: AbortSignal | undefined;
    const cause = new Error('disk full');
    const pending = run(transport, {
      toolErrors: 'throw',
      tools: [plainTool('hang', (_args, { signal }) => ((otherSignal = signal), new Promise(() => undefined))), plainTool('broken', () => Promise.reject(cause))],
    });
    stream.next(created('resp_1'));
    stream.next(itemDone(0, functionCall('fc_0', 'c0', 'hang', '{}')));
    stream.next(itemDone(1, functionCall('fc_1', 'c1', 'broken', '{}')));
    const result = await pending;
    expect(isToolCallError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ reason: 'tool_error', toolName: 'broken', callId: 'c1', message: 'Tool call broken (c1) failed: tool_error', cause });
    expect(rx(result.values).map((e) => e.type)).toStrictEqual(['rx.tool_call.started', 'rx.tool_call.started']);
    expect(signals[0]?.aborted).toBe(true);
    expect(otherSignal?.aborted).toBe(true);
    expect(stream.observed).toBe(false);
  });

  it("with toolErrors: 'throw', ends with ToolCallError for an unknown tool or bad arguments too", async () => {
    for (const [call, reason] of [[['c1', 'nope', '{}'], 'unknown_tool'], [['c1', 'add', '{"a":"x","b":1}'], 'invalid_arguments']] as const) {
      const { transport } = scripted(turn('resp_1', { calls: [call] }), turn('resp_2', { text: 'ok' }));
      // The loop fails while the transport is still being subscribed: its teardown must cope.
      const unhandled: unknown[] = [];
      config.onUnhandledError = (error) => unhandled.push(error);
      try {
        const result = await run(transport, { tools: [addTool()], toolErrors: 'throw' });
        expect(result.error).toMatchObject({ name: 'ToolCallError', reason, toolName: call[1], callId: 'c1' });
        expect(rx(result.values)).toStrictEqual([]);
        await settle(20);
      } finally {
        config.onUnhandledError = null;
      }
      expect(unhandled).toStrictEqual([]);
    }
  });

  it('ends with the transport\'s error', async () => {
    const failure = new Error('connection reset');
    const { transport } = scripted(turn('resp_1', { calls: [['c1', 'echo', '{}']] }), throwError(() => failure));
    const result = await run(transport, { tools: [plainTool('echo')] });
    expect(result.error).toBe(failure);
    expect(rx(result.values).map((e) => e.type)).toStrictEqual(['rx.tool_call.started', 'rx.tool_call.result', 'rx.turn.ended']);
  });
});

describe('runTools: maxTurns', () => {
  const looping = () => [1, 2, 3].map((n) => turn(`resp_${n}`, { calls: [[`call_${n}`, 'echo', '{}']] }));

  it('errors with MaxTurnsExceededError after the last turn ended, when calls are still asked for', async () => {
    const { transport, requests } = scripted(...looping());
    const result = await run(transport, { tools: [plainTool('echo')], maxTurns: 2 });
    expect(isMaxTurnsExceededError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ maxTurns: 2, lastResponseId: 'resp_2' });
    expect(rx(result.values).at(-1)).toStrictEqual({ type: 'rx.turn.ended', turn: 2, response_id: 'resp_2', function_calls: 1 });
    expect(requests).toHaveLength(2);
  });

  it("completes instead with onMaxTurns: 'end', and ends normally when the last turn asks for nothing", async () => {
    const { transport, requests } = scripted(...looping());
    const ended = await run(transport, { tools: [plainTool('echo')], maxTurns: 1, onMaxTurns: 'end' });
    expect(ended.completed).toBe(true);
    expect(requests).toHaveLength(1);
    const quiet = scripted(turn('resp_1', { text: 'done' }));
    expect((await run(quiet.transport, { tools: [plainTool('echo')], maxTurns: 1 })).completed).toBe(true);
  });
});

describe('runTools: approval', () => {
  const denied = 'The user denied this call of echo; it was not run. Do not retry it unless asked.';
  const notApproved = 'The user did not approve this call of echo; it was not run.';

  async function decide(options: Partial<RunOptions>) {
    let ran = 0;
    const { transport, requests } = scripted(turn('resp_1', { calls: [['c1', 'echo', '{"n":1}']] }), turn('resp_2', { text: 'ok' }));
    const result = await run(transport, { tools: [plainTool('echo', () => (++ran, 'ran'))], ...options });
    return { ran, output: outputsOf(requests[1])[0]?.[1], events: rx(result.values) };
  }

  it('runs the call when it needs no approval, asking with the validated arguments and the turn', async () => {
    const asked: unknown[] = [];
    const outcome = await decide({ needsApproval: (call) => (asked.push(call), false), approve: () => false });
    expect(outcome).toMatchObject({ ran: 1, output: 'ran' });
    expect(asked).toStrictEqual([{ call_id: 'c1', name: 'echo', arguments: { n: 1 }, turn: 1 }]);
  });

  it('denies a call that needs approval when nothing approves', async () => {
    const outcome = await decide({ needsApproval: () => true });
    expect(outcome).toMatchObject({ ran: 0, output: denied });
    expect(outcome.events.slice(0, 2)).toStrictEqual([
      { type: 'rx.tool_call.failed', turn: 1, call_id: 'c1', name: 'echo', reason: 'denied', error: new Error('Denied'), output: denied },
      { type: 'rx.turn.ended', turn: 1, response_id: 'resp_1', function_calls: 1 },
    ]);
  });

  it.each([
    ['true', () => true, 1],
    ['a Promise of true', () => Promise.resolve(true), 1],
    ["an Observable's first value", () => of(true, false), 1],
    ['false', () => false, 0],
    ['a truthy value that is not true', () => 'yes' as unknown as boolean, 0],
    ['an Observable that completes without answering', () => from([] as boolean[]), 0],
  ])('approve answering %s decides', async (_name, approve, ran) => {
    const asked: unknown[] = [];
    const outcome = await decide({ needsApproval: () => Promise.resolve(true), approve: (call) => (asked.push(call), approve()) });
    expect(outcome).toMatchObject({ ran, output: ran === 1 ? 'ran' : denied });
    expect(asked).toStrictEqual([{ call_id: 'c1', name: 'echo', arguments: { n: 1 }, turn: 1 }]);
  });

  it('takes a hook that throws or fails as a call not approved', async () => {
    const cause = new Error('hook broke');
    for (const options of [
      { needsApproval: () => { throw cause; } },
      { needsApproval: () => Promise.reject(cause) },
      { needsApproval: () => true, approve: () => { throw cause; } },
      { needsApproval: () => of(true), approve: () => throwError(() => cause) },
    ] as Partial<RunOptions>[]) {
      const outcome = await decide(options);
      expect(outcome).toMatchObject({ ran: 0, output: notApproved });
      expect(outcome.events[0]).toStrictEqual({ type: 'rx.tool_call.failed', turn: 1, call_id: 'c1', name: 'echo', reason: 'denied', error: cause, output: notApproved });
    }
  });
});

describe('runTools: concurrency', () => {
  it('runs at most `concurrency` calls at once, starting the next as one ends', async () => {
    const gates = [deferred<string>(), deferred<string>(), deferred<string>()];
    const started: string[] = [];
    const tool = plainTool('gate', (args) => {
      const n = (args as { n: number }).n;
      started.push(`c${n}`);
      return gates[n]!.promise;
    });
    const { transport, requests } = scripted(turn('resp_1', { calls: [['c0', 'gate', '{"n":0}'], ['c1', 'gate', '{"n":1}'], ['c2', 'gate', '{"n":2}']] }), turn('resp_2', { text: 'ok' }));
    const pending = run(transport, { tools: [tool], concurrency: 2 });
    await settle();
    expect(started).toStrictEqual(['c0', 'c1']);
    gates[1]!.resolve('one');
    await settle();
    expect(started).toStrictEqual(['c0', 'c1', 'c2']);
    gates[2]!.resolve('two');
    await settle();
    expect(requests).toHaveLength(1);
    gates[0]!.resolve('zero');
    const result = await pending;
    expect(result.completed).toBe(true);
    expect(outputsOf(requests[1])).toStrictEqual([['c0', 'zero'], ['c1', 'one'], ['c2', 'two']]);
  });

  it('gives no slot to a call that fails before running, and frees the slot of a denied or failed one', async () => {
    const gate = deferred<string>();
    const started: string[] = [];
    const tools = [
      plainTool('ask', () => (started.push('ask'), 'asked')),
      plainTool('fails', () => (started.push('fails'), Promise.reject(new Error('no')))),
      plainTool('wait', () => (started.push('wait'), gate.promise)),
      plainTool('last', () => (started.push('last'), 'last')),
    ];
    const calls = [['c0', 'nope', '{}'], ['c1', 'ask', '{}'], ['c2', 'fails', '{}'], ['c3', 'wait', '{}'], ['c4', 'last', '{}']] as const;
    const { transport, requests } = scripted(turn('resp_1', { calls }), turn('resp_2', { text: 'ok' }));
    const pending = run(transport, { tools, concurrency: 1, needsApproval: (call) => call.name === 'ask', approve: () => Promise.resolve(false) });
    await settle();
    // c0 (unknown) took no slot; c1 was denied and c2 failed, each freeing its slot; c3 holds it now.
    expect(started).toStrictEqual(['fails', 'wait']);
    gate.resolve('waited');
    await pending;
    expect(started).toStrictEqual(['fails', 'wait', 'last']);
    expect(outputsOf(requests[1]).map(([id]) => id)).toStrictEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
  });

  it('runs the calls of later turns once the slots of earlier ones are free', async () => {
    const { transport, requests } = scripted(turn('resp_1', { calls: [['c1', 'echo', '{}']] }), turn('resp_2', { calls: [['c2', 'echo', '{}']] }), turn('resp_3', { text: 'ok' }));
    const result = await run(transport, { tools: [plainTool('echo', () => Promise.resolve('x'))], concurrency: 1 });
    expect(result.completed).toBe(true);
    expect(requests).toHaveLength(3);
  });
});

describe('runTools: cancellation', () => {
  it('unsubscribing while a turn streams aborts its signal and unsubscribes from it', () => {
    const stream = new Subject<ResponseStreamEvent>();
    const { transport, signals } = scripted(stream);
    const subscription = runTools(transport, { model: 'm' }, { tools: [] }).subscribe();
    expect(stream.observed).toBe(true);
    expect(signals[0]?.aborted).toBe(false);
    subscription.unsubscribe();
    expect(signals[0]?.aborted).toBe(true);
    expect(stream.observed).toBe(false);
  });

  it('unsubscribing while tools run aborts their signals with the loop\'s reason, unsubscribes them and never starts queued ones', async () => {
    const stream = new Subject<ResponseStreamEvent>();
    const inner = new Subject<string>();
    const { transport, signals } = scripted(stream);
    const toolSignals: AbortSignal[] = [];
    const started: string[] = [];
    const gate = deferred<string>();
    const tools = [
      plainTool('observable', (_a, { signal }) => (toolSignals.push(signal), started.push('observable'), inner)),
      plainTool('promise', (_a, { signal }) => (toolSignals.push(signal), started.push('promise'), gate.promise)),
      plainTool('queued', () => (started.push('queued'), 'q')),
    ];
    const seen: RunEvent[] = [];
    const subscription = runTools(transport, { model: 'm' }, { tools, concurrency: 2 }).subscribe((e) => seen.push(e));
    stream.next(created('resp_1'));
    ['observable', 'promise', 'queued'].forEach((name, i) => stream.next(itemDone(i, functionCall(`fc_${i}`, `c${i}`, name, '{}'))));
    expect(started).toStrictEqual(['observable', 'promise']);
    expect(toolSignals.map((s) => s.aborted)).toStrictEqual([false, false]);
    subscription.unsubscribe();
    expect(signals[0]?.aborted).toBe(true);
    expect(toolSignals.map((s) => s.aborted)).toStrictEqual([true, true]);
    expect(toolSignals[0]?.reason).toBe(signals[0]?.reason);
    expect(inner.observed).toBe(false);
    gate.resolve('late');
    await settle();
    expect(started).toStrictEqual(['observable', 'promise']);
    expect(seen.filter((e) => e.type === 'rx.tool_call.result')).toStrictEqual([]);
  });

  it('a subscriber leaving at rx.turn.ended gets no next request', async () => {
    const { transport, requests } = scripted(turn('resp_1', { calls: [['c1', 'echo', '{}']] }), turn('resp_2', { text: 'ok' }));
    const seen: RunEvent[] = [];
    runTools(transport, { model: 'm' }, { tools: [plainTool('echo')] })
      .pipe(takeWhile((e) => e.type !== 'rx.turn.ended', true))
      .subscribe((e) => seen.push(e));
    await settle();
    expect(rx(seen).at(-1)).toMatchObject({ type: 'rx.turn.ended', turn: 1 });
    expect(requests).toHaveLength(1);
  });

  it('a subscriber leaving at a result starts no queued call', async () => {
    const ran: string[] = [];
    const { transport } = scripted(turn('resp_1', { calls: [['c1', 'echo', '{"n":"1"}'], ['c2', 'echo', '{"n":"2"}']] }), turn('resp_2', { text: 'ok' }));
    const seen: RunEvent[] = [];
    runTools(transport, { model: 'm' }, { tools: [plainTool('echo', (args) => ran.push((args as { n: string }).n))], concurrency: 1 })
      .pipe(takeWhile((e) => e.type !== 'rx.tool_call.result', true))
      .subscribe((e) => seen.push(e));
    await settle();
    expect(ran).toStrictEqual(['1']);
    expect(rx(seen).map((e) => e.type)).toStrictEqual(['rx.tool_call.started', 'rx.tool_call.result']);
  });

  it('unsubscribing while a call waits for approval drops the question and never runs the call', async () => {
    const approval = new Subject<boolean>();
    const { transport, requests } = scripted(turn('resp_1', { calls: [['c1', 'echo', '{}']] }), turn('resp_2', { text: 'ok' }));
    const seen: RunEvent[] = [];
    const subscription = runTools(transport, { model: 'm' }, { tools: [plainTool('echo')], needsApproval: () => true, approve: () => approval }).subscribe((e) => seen.push(e));
    expect(approval.observed).toBe(true);
    subscription.unsubscribe();
    expect(approval.observed).toBe(false);
    approval.next(true);
    await settle();
    expect(requests).toHaveLength(1);
    expect(rx(seen)).toStrictEqual([]);
  });
});

describe('runTools: what each event tells the loop', () => {
  it('takes the response id of response.queued, and of in_progress only when it has one', async () => {
    const call = (id: string) => itemDone(0, functionCall(`fc_${id}`, id, 'echo', '{}'));
    const bare = (type: string) => ({ type }) as ResponseStreamEvent;
    const noId = (type: string) => ({ type, response: { status: 'in_progress' } }) as ResponseStreamEvent;
    const { transport, requests } = scripted(
      [{ type: 'response.queued', response: response('resp_q', 'queued') } as ResponseStreamEvent, bare('response.created'), call('c1'), bare('response.completed')],
      [created('resp_a'), noId('response.in_progress'), call('c2'), noId('response.completed')],
      turn('resp_3', { text: 'done' }),
    );
    // An event the loop cannot read would throw in its handler, which RxJS reports aside.
    const unhandled: unknown[] = [];
    config.onUnhandledError = (error) => unhandled.push(error);
    try {
      const result = await run(transport, { tools: [plainTool('echo')] });
      expect(result.completed).toBe(true);
      await settle(20);
    } finally {
      config.onUnhandledError = null;
    }
    expect(unhandled).toStrictEqual([]);
    expect(requests.slice(1).map((r) => r.previous_response_id)).toStrictEqual(['resp_q', 'resp_a']);
  });

  it('reads the id and the calls of a response.incomplete', async () => {
    const a = functionCall('fc_a', 'call_a', 'echo', '{}');
    const { transport, requests } = scripted(
      [{ type: 'response.created', response: response('', 'in_progress') } as ResponseStreamEvent, { type: 'response.incomplete', response: response('resp_i', 'incomplete', [a]) } as ResponseStreamEvent],
      turn('resp_2', { text: 'done' }),
    );
    await run(transport, { tools: [plainTool('echo', () => 'ran')] });
    expect(requests[1]).toMatchObject({ previous_response_id: 'resp_i', input: [{ type: 'function_call_output', call_id: 'call_a', output: 'ran' }] });
  });

  it('keeps counting concurrency right in a later turn after calls queued', async () => {
    const gates = [deferred<string>(), deferred<string>()];
    let running = 0;
    let most = 0;
    const tool = plainTool('gate', async (args) => {
      running++;
      most = Math.max(most, running);
      const n = (args as { n?: number }).n;
      const out = n === undefined ? 'now' : await gates[n]!.promise;
      running--;
      return out;
    });
    const { transport, requests } = scripted(
      turn('resp_1', { calls: [['c1', 'gate', '{}'], ['c2', 'gate', '{}'], ['c3', 'gate', '{}']] }),
      turn('resp_2', { calls: [['c4', 'gate', '{"n":0}'], ['c5', 'gate', '{"n":1}']] }),
      turn('resp_3', { text: 'done' }),
    );
    const pending = run(transport, { tools: [tool], concurrency: 1 });
    await settle(20);
    expect(requests).toHaveLength(2);
    expect(most).toBe(1);
    gates[0]!.resolve('a');
    gates[1]!.resolve('b');
    expect((await pending).completed).toBe(true);
    expect(most).toBe(1);
  });

  it("aborts a tool's signal once its call has finished: the loop wants nothing more from it", async () => {
    let signal: AbortSignal | undefined;
    const seen: boolean[] = [];
    const stream = new Subject<ResponseStreamEvent>();
    const { transport } = scripted(stream);
    const subscription = runTools(transport, { model: 'm' }, { tools: [plainTool('echo', (_a, context) => ((signal = context.signal), Promise.resolve('done')))] }).subscribe((e) => {
      if (e.type === 'rx.tool_call.result') seen.push(signal?.aborted ?? false);
    });
    stream.next(created('resp_1'));
    stream.next(itemDone(0, functionCall('fc_1', 'c1', 'echo', '{}')));
    await settle();
    // The loop still runs (its stream is open), the call is done: its signal is aborted.
    expect(seen).toStrictEqual([false]);
    expect(signal?.aborted).toBe(true);
    expect(stream.observed).toBe(true);
    subscription.unsubscribe();
  });
});

describe('runTools: a loop failing while a turn is subscribed', () => {
  it("unsubscribes from that turn's stream, in the first turn or a later one", async () => {
    for (const failing of [1, 2]) {
      const unsubscribed: number[] = [];
      let requests = 0;
      const transport: ResponsesTransport = () =>
        new Observable<ResponseStreamEvent>((subscriber) => {
          const n = ++requests;
          if (n < failing) {
            for (const e of turn(`resp_${n}`, { calls: [['c0', 'echo', '{}']] })) subscriber.next(e);
            subscriber.complete();
            return undefined;
          }
          // Events sent at once, a stream that stays open (a transport that replays what it has).
          for (const e of turn(`resp_${n}`, { calls: [['c1', 'nope', '{}']] }).slice(0, -1)) subscriber.next(e);
          return () => unsubscribed.push(n);
        });
      const result = await run(transport, { tools: [plainTool('echo')], toolErrors: 'throw' });
      expect(result.error).toMatchObject({ name: 'ToolCallError', reason: 'unknown_tool' });
      expect(requests).toBe(failing);
      expect(unsubscribed).toStrictEqual([failing]);
      // subscribe() itself returns: the loop's teardown finds no stream to release.
      requests = 0;
      const errors: unknown[] = [];
      expect(() => runTools(transport, { model: 'm' }, { tools: [plainTool('echo')], toolErrors: 'throw' }).subscribe({ error: (e: unknown) => errors.push(e) })).not.toThrow();
      expect(errors).toHaveLength(1);
    }
  });
});
