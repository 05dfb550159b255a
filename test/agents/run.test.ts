// The tool loop over HTTP against a scripted replay session: each request is checked by the
// server (previous_response_id, function_call_output items, the whole input without store),
// and the events, tool events and cancellation are checked on the client side.
import { readFileSync } from 'node:fs';
import { Observable, filter, firstValueFrom, from, lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  type ResponseStreamEvent,
  type RunEvent,
  createClient,
  defineTool,
  diagnostics,
  finalResponse,
  finalSnapshot,
  functionCallArguments,
  functionCalls,
  itemLifecycles,
  outputText,
  reasoning,
  scanResponse,
  isEventType,
  isMaxTurnsExceededError,
  isToolCallError,
  ofType,
  responseState,
  splitResponses,
  textDeltas,
} from '../../src/index.js';
import { type ReplaySession, type ReplayTurn, startReplaySession } from '../../src/testing/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { recording } from '../support/fixtures.js';
import { until } from '../support/until.js';
import { turn } from './turns.js';

let session: ReplaySession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function start(turns: ReplayTurn[], delayMs?: number) {
  session = await startReplaySession({ turns, ...(delayMs === undefined ? {} : { delayMs }) });
  return createClient({ baseURL: session.baseURL, apiKey: 'sk-test', maxRetries: 0 });
}

const calculator = defineTool({
  name: 'calculator',
  description: 'Basic arithmetic',
  parameters: z.object({ a: z.number(), b: z.number(), op: z.enum(['add', 'subtract', 'multiply', 'divide']) }),
  execute: ({ a, b, op }) => (op === 'add' ? a + b : op === 'subtract' ? a - b : op === 'multiply' ? a * b : a / b),
});

const weather = defineTool({
  name: 'get_weather',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, celsius: city === 'Paris' ? 21 : 9 }),
});

/** Two calls of get_weather in one turn, then the answer to their outputs. */
const weatherTurns = (): ReplayTurn[] => [
  { events: turn('resp_1', { calls: [['call_p', 'get_weather', '{"city":"Paris"}'], ['call_o', 'get_weather', '{"city":"Oslo"}']] }), expect: { previous_response_id: null } },
  {
    events: turn('resp_2', { text: 'Paris 21, Oslo 9.' }),
    expect: {
      previous_response_id: 'resp_1',
      function_call_outputs: [
        { call_id: 'call_p', output: '{"city":"Paris","celsius":21}' },
        { call_id: 'call_o', output: '{"city":"Oslo","celsius":9}' },
      ],
    },
  },
];

const types = (events: readonly RunEvent[]) => events.map((e) => e.type).filter((t) => t.startsWith('rx.'));

describe('client.responses.run', () => {
  it('runs parallel calls, sends previous_response_id and the outputs in call order, and ends on a turn without calls', async () => {
    const client = await start(weatherTurns());
    const events = await lastValueFrom(client.responses.run({ model: 'm', input: 'Weather?' }, { tools: [weather] }).pipe(toArray()));
    expect(session?.mismatches).toStrictEqual([]);
    expect(session?.turnsServed).toBe(2);
    expect([...types(events)].sort()).toStrictEqual(['rx.tool_call.result', 'rx.tool_call.result', 'rx.tool_call.started', 'rx.tool_call.started', 'rx.turn.ended', 'rx.turn.ended']);
    expect(types(events).slice(-2)).toStrictEqual(['rx.turn.ended', 'rx.turn.ended']);
    // The first request declared the tool with its JSON Schema.
    const body = session?.requests[0]?.body as { tools: { name: string; parameters: { required: string[] } }[] };
    expect(body.tools.map((t) => [t.name, t.parameters.required])).toStrictEqual([['get_weather', ['city']]]);
  });

  it('feeds the response operators unchanged: they ignore the tool events', async () => {
    const turns = () => [
      { events: turn('resp_1', { calls: [['call_1', 'calculator', '{"a":2,"b":3,"op":"add"}']] }) },
      { events: turn('resp_2', { text: 'It is 5.' }), expect: { previous_response_id: 'resp_1', function_call_outputs: [{ call_id: 'call_1', output: '5' }] } },
    ];
    const client = await start(turns());
    const run$ = client.responses.run({ model: 'm', input: '2+3?' }, { tools: [calculator] });
    const events = await lastValueFrom(run$.pipe(toArray()));
    await session?.close();
    // The same responses with the tool events taken out: every operator must agree.
    const plain = events.filter((e) => !e.type.startsWith('rx.'));
    const from = (list: readonly ResponseStreamEvent[]) => new Observable<ResponseStreamEvent>((s) => { list.forEach((e) => s.next(e)); s.complete(); });
    for (const [name, op] of [
      ['textDeltas', textDeltas()],
      ['finalResponse', finalResponse()],
      ['functionCalls', functionCalls()],
      ['diagnostics', diagnostics()],
      ['outputText', outputText()],
      ['reasoning', reasoning()],
      ['scanResponse', scanResponse()],
      ['finalSnapshot', finalSnapshot()],
      ['functionCallArguments', functionCallArguments()],
    ] as const) {
      const withTools = await lastValueFrom(from(events).pipe(op as never, toArray()));
      const without = await lastValueFrom(from(plain).pipe(op as never, toArray()));
      expect(withTools, name).toStrictEqual(without);
    }
    expect(await lastValueFrom(from(events).pipe(textDeltas(), toArray()))).toStrictEqual(['It ', 'is ', '5.']);
    expect((await lastValueFrom(from(events).pipe(finalResponse()))).output_text).toBe('It is 5.');
    expect(await lastValueFrom(from(events).pipe(splitResponses(), toArray()))).toHaveLength(2);
    expect(await lastValueFrom(from(events).pipe(itemLifecycles(), toArray()))).toHaveLength(2);
    const states = await lastValueFrom(from(events).pipe(responseState(), toArray()));
    expect(states.at(-1)?.status).toBe('completed');
    const started = await lastValueFrom(from(events).pipe(ofType('rx.tool_call.result'), toArray()));
    expect(started.map((e) => [e.name, e.result, e.turn])).toStrictEqual([['calculator', 5, 1]]);
  });

  it('runs a call as soon as its item is done, while the text of the turn still streams', async () => {
    const client = await start([
      { events: turn('resp_1', { calls: [['call_1', 'calculator', '{"a":1,"b":1,"op":"add"}']], textAfterFirstCall: 'Let me compute that for you.' }) },
      { events: turn('resp_2', { text: '2' }), expect: { function_call_outputs: [{ call_id: 'call_1', output: '2' }] } },
    ]);
    const events = await lastValueFrom(client.responses.run({ model: 'm', input: '1+1' }, { tools: [calculator] }).pipe(toArray()));
    const resultAt = events.findIndex((e) => e.type === 'rx.tool_call.result');
    const lastDeltaOfTurn1 = events.findIndex((e) => e.type === 'response.output_text.done');
    expect(resultAt).toBeGreaterThan(0);
    expect(resultAt).toBeLessThan(lastDeltaOfTurn1);
    expect(session?.mismatches).toStrictEqual([]);
  });

  it('tells the model about invalid arguments, and runs its corrected retry', async () => {
    const client = await start([
      { events: turn('resp_1', { calls: [['call_1', 'calculator', '{"a":"two","b":3,"op":"add"}']] }) },
      { events: turn('resp_2', { calls: [['call_2', 'calculator', '{"a":2,"b":3,"op":"add"}']] }), expect: { function_call_outputs: [{ call_id: 'call_1', output: /invalid arguments for calculator: a: .*call the tool again/i }] } },
      { events: turn('resp_3', { text: '5' }), expect: { previous_response_id: 'resp_2', function_call_outputs: [{ call_id: 'call_2', output: '5' }] } },
    ]);
    const events = await lastValueFrom(client.responses.run({ model: 'm', input: '2+3' }, { tools: [calculator] }).pipe(toArray()));
    expect(session?.mismatches).toStrictEqual([]);
    const failed = events.filter((e) => isEventType(e, 'rx.tool_call.failed'));
    expect(failed.map((e) => [e.call_id, e.reason])).toStrictEqual([['call_1', 'invalid_arguments']]);
  });

  it('reports a tool that throws to the model, or ends the loop with ToolCallError when asked', async () => {
    const broken = defineTool({ name: 'broken', parameters: z.object({}), execute: () => Promise.reject(new Error('disk full')) });
    const client = await start([
      { events: turn('resp_1', { calls: [['call_1', 'broken', '{}']] }) },
      { events: turn('resp_2', { text: 'Sorry.' }), expect: { function_call_outputs: [{ call_id: 'call_1', output: 'Error: broken failed: disk full' }] } },
      { events: turn('resp_3', { calls: [['call_9', 'broken', '{}']] }) },
    ]);
    const events = await lastValueFrom(client.responses.run({ model: 'm', input: 'x' }, { tools: [broken] }).pipe(toArray()));
    expect(events.filter((e) => isEventType(e, 'rx.tool_call.failed')).map((e) => e.reason)).toStrictEqual(['tool_error']);
    expect(session?.mismatches).toStrictEqual([]);
    const fatal = await collectNotifications(client.responses.run({ model: 'm', input: 'x' }, { tools: [broken], toolErrors: 'throw' }));
    expect(isToolCallError(fatal.error)).toBe(true);
    expect(fatal.error).toMatchObject({ reason: 'tool_error', toolName: 'broken', callId: 'call_9', code: 'tool_call_failed' });
  });

  it('tells the model when it calls a tool that does not exist, naming the ones that do', async () => {
    const client = await start([
      { events: turn('resp_1', { calls: [['call_1', 'get_stock_price', '{"ticker":"ACME"}']] }) },
      { events: turn('resp_2', { text: 'I cannot look that up.' }), expect: { previous_response_id: 'resp_1', function_call_outputs: [{ call_id: 'call_1', output: /no tool named "get_stock_price".*calculator, get_weather/ }] } },
    ]);
    const events = await lastValueFrom(client.responses.run({ model: 'm', input: 'ACME?' }, { tools: [calculator, weather] }).pipe(toArray()));
    expect(session?.mismatches).toStrictEqual([]);
    expect(events.filter((e) => isEventType(e, 'rx.tool_call.failed')).map((e) => [e.call_id, e.name, e.reason])).toStrictEqual([['call_1', 'get_stock_price', 'unknown_tool']]);
    expect(events.some((e) => e.type === 'rx.tool_call.started')).toBe(false);
  });

  it('stops at maxTurns with MaxTurnsExceededError, or cleanly with onMaxTurns: "end"', async () => {
    const looping = (n: number) => ({ events: turn(`resp_${n}`, { calls: [[`call_${n}`, 'calculator', '{"a":1,"b":1,"op":"add"}']] }) });
    const client = await start([looping(1), looping(2), looping(3), looping(4)]);
    const result = await collectNotifications(client.responses.run({ model: 'm', input: 'x' }, { tools: [calculator], maxTurns: 2 }));
    expect(isMaxTurnsExceededError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ maxTurns: 2, lastResponseId: 'resp_2' });
    const ended = await collectNotifications(client.responses.run({ model: 'm', input: 'x' }, { tools: [calculator], maxTurns: 2, onMaxTurns: 'end' }));
    expect(ended.completed).toBe(true);
    expect(ended.values.filter((e) => e.type === 'rx.turn.ended')).toHaveLength(2);
    expect(session?.turnsServed).toBe(4);
  });

  it('sends a refusal for a denied call and does not run it', async () => {
    let ran = 0;
    const remove = defineTool({ name: 'delete_file', parameters: z.object({ path: z.string() }), execute: () => ++ran });
    const client = await start([
      { events: turn('resp_1', { calls: [['call_1', 'delete_file', '{"path":"/etc"}'], ['call_2', 'calculator', '{"a":1,"b":2,"op":"add"}']] }) },
      { events: turn('resp_2', { text: 'ok' }), expect: { function_call_outputs: [{ call_id: 'call_1', output: /denied/ }, { call_id: 'call_2', output: '3' }] } },
    ]);
    const asked: string[] = [];
    const events = await lastValueFrom(
      client.responses
        .run({ model: 'm', input: 'x' }, { tools: [remove, calculator], needsApproval: (call) => call.name === 'delete_file', approve: (call) => { asked.push(call.call_id); return Promise.resolve(false); } })
        .pipe(toArray()),
    );
    expect(ran).toBe(0);
    expect(asked).toStrictEqual(['call_1']);
    expect(events.filter((e) => isEventType(e, 'rx.tool_call.failed')).map((e) => [e.call_id, e.reason])).toStrictEqual([['call_1', 'denied']]);
    expect(session?.mismatches).toStrictEqual([]);
  });

  it('runs the calls of one turn at the same time: each waits for the other to start', { timeout: 3000 }, async () => {
    // A barrier: neither call can finish until both have started. Run one after the other,
    // the first would wait forever and the test time out.
    let arrived = 0;
    let open!: () => void;
    const barrier = new Promise<void>((resolve) => (open = resolve));
    const meet = defineTool({
      name: 'meet',
      parameters: z.object({ who: z.string() }),
      execute: async ({ who }) => {
        if (++arrived === 2) open();
        await barrier;
        return who;
      },
    });
    const client = await start([
      { events: turn('resp_1', { calls: [['c1', 'meet', '{"who":"a"}'], ['c2', 'meet', '{"who":"b"}']] }) },
      { events: turn('resp_2', { text: 'met' }), expect: { function_call_outputs: [{ call_id: 'c1', output: 'a' }, { call_id: 'c2', output: 'b' }] } },
    ]);
    const answer = await lastValueFrom(client.responses.run({ model: 'm', input: 'x' }, { tools: [meet] }).pipe(finalResponse()));
    expect(answer.output_text).toBe('met');
    expect(arrived).toBe(2);
    expect(session?.mismatches).toStrictEqual([]);
  });

  it('limits concurrent calls with concurrency', async () => {
    let running = 0;
    let most = 0;
    const slow = defineTool({
      name: 'slow',
      parameters: z.object({ n: z.number() }),
      execute: ({ n }) => new Promise<number>((resolve) => { running++; most = Math.max(most, running); setTimeout(() => { running--; resolve(n); }, 5); }),
    });
    const client = await start([
      { events: turn('resp_1', { calls: [['c1', 'slow', '{"n":1}'], ['c2', 'slow', '{"n":2}'], ['c3', 'slow', '{"n":3}']] }) },
      { events: turn('resp_2', { text: 'done' }), expect: { function_call_outputs: [{ call_id: 'c1', output: '1' }, { call_id: 'c2', output: '2' }, { call_id: 'c3', output: '3' }] } },
    ]);
    await lastValueFrom(client.responses.run({ model: 'm', input: 'x' }, { tools: [slow], concurrency: 1 }));
    expect(most).toBe(1);
    expect(session?.mismatches).toStrictEqual([]);
  });
});

describe('hosted tools', () => {
  // Recorded responses in which the server ran its own tool (web search, code interpreter, MCP).
  it.each(['openai-web-search-tool-1.jsonl', 'openai-code-interpreter-tool-1.jsonl', 'openai-mcp-tool-1.jsonl'])('%s: passes its events through, runs nothing locally, and ends after the one turn', async (name) => {
    const events = recording(name).events;
    let ran = 0;
    const local = defineTool({ name: 'local', parameters: z.object({}), execute: () => ++ran });
    const client = await start([{ events }]);
    const out = await lastValueFrom(client.responses.run({ model: 'm', input: 'x' }, { tools: [local] }).pipe(toArray()));
    expect(ran).toBe(0);
    expect(session?.turnsServed).toBe(1);
    expect(out.filter((e) => !e.type.startsWith('rx.'))).toStrictEqual(events);
    expect(out.filter((e) => e.type.startsWith('rx.'))).toStrictEqual([{ type: 'rx.turn.ended', turn: 1, response_id: (events[0] as { response: { id: string } }).response.id, function_calls: 0 }]);
  });
});

describe('responseState() over a run', () => {
  it("shows each call's run on its view: running, then done with the result, or failed with the reason", async () => {
    const client = await start([
      { events: turn('resp_1', { calls: [['call_ok', 'calculator', '{"a":2,"b":3,"op":"add"}'], ['call_bad', 'calculator', '{"a":"two","b":3,"op":"add"}']] }) },
      { events: turn('resp_2', { text: '5' }) },
    ]);
    const states = await lastValueFrom(client.responses.run({ model: 'm', input: '2+3' }, { tools: [calculator] }).pipe(responseState(), toArray()));
    expect(session?.mismatches).toStrictEqual([]);
    const callView = (state: (typeof states)[number], callId: string) => {
      const view = state.items.find((v) => v.kind === 'function_call' && v.call_id === callId);
      return view?.kind === 'function_call' ? view : undefined;
    };
    const firstTurn = states.filter((st) => st.responseIndex === 0);
    // What the good call's view showed, state after state, without repeats.
    const okRuns = firstTurn.map((st) => callView(st, 'call_ok')?.tool?.status ?? 'none').filter((x, i, all) => x !== all[i - 1]);
    expect(okRuns).toStrictEqual(['none', 'running', 'done']);
    const last = firstTurn.at(-1) as (typeof states)[number];
    expect(last.status).toBe('completed');
    // The run survived the terminal event's rebuild of the items.
    expect(callView(last, 'call_ok')?.tool).toStrictEqual({ status: 'done', result: 5, output: '5', reason: undefined, error: undefined });
    const bad = callView(last, 'call_bad')?.tool;
    expect(bad).toMatchObject({ status: 'failed', reason: 'invalid_arguments', result: undefined });
    expect(bad?.output).toMatch(/invalid arguments for calculator/);
    // toolCalls lists the same views as items.
    expect(last.toolCalls).toStrictEqual(last.items.filter((v) => v.kind === 'function_call'));
    expect(last.toolCalls[0]).toBe(callView(last, 'call_ok'));
    // A run's change replaces only its own view: the other call's view keeps its identity.
    const runningAt = firstTurn.findIndex((st) => callView(st, 'call_ok')?.tool?.status === 'running');
    const doneAt = firstTurn.findIndex((st) => callView(st, 'call_ok')?.tool?.status === 'done');
    expect(doneAt).toBe(runningAt + 1);
    const before = firstTurn[runningAt] as (typeof states)[number];
    const after = firstTurn[doneAt] as (typeof states)[number];
    expect(after.text).toBe(before.text);
    expect(after.items.filter((v) => v !== callView(after, 'call_ok'))).toStrictEqual(before.items.filter((v) => v !== callView(before, 'call_ok')));
    for (let i = 0; i < after.items.length; i++) if (after.items[i] !== callView(after, 'call_ok')) expect(after.items[i]).toBe(before.items[i]);
    // The next turn starts over: its items are its own, and it ends the run.
    expect(states.at(-1)).toMatchObject({ status: 'completed', responseIndex: 1, text: '5' });
    expect(states.at(-1)?.toolCalls).toStrictEqual([]);
  });
});

describe('store: false', () => {
  // A recorded store:false session: turn 1 has a reasoning item (with encrypted_content) and a
  // calculator call; turns 2 and 3 call the calculator again; turn 4 answers.
  const lines = readFileSync(new URL('../fixtures/openai-reasoning-encrypted-content-1.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ResponseStreamEvent);
  const recorded: ResponseStreamEvent[][] = [];
  for (const event of lines) {
    if (event.type === 'response.created') recorded.push([]);
    recorded.at(-1)?.push(event);
  }
  const outputsOf = (events: ResponseStreamEvent[]) => (events.find((e) => e.type === 'response.completed') as { response: { output: Record<string, unknown>[] } }).response.output;
  const calc = (args: string) => {
    const { a, b, op } = JSON.parse(args) as { a: number; b: number; op: string };
    return String(op === 'add' ? a + b : op === 'multiply' ? a * b : op === 'subtract' ? a - b : a / b);
  };

  it.each(['http', 'websocket'] as const)('sends the whole input each turn over %s: previous input, every output item (reasoning included), then the outputs', async (transport) => {
    expect(recorded).toHaveLength(4);
    expect(outputsOf(recorded[0] as ResponseStreamEvent[]).map((i) => i.type)).toStrictEqual(['reasoning', 'function_call']);
    // The expected input of each turn, from the recording alone.
    let input: unknown[] = [{ role: 'user', content: 'What is (12 + 7) * 3 * 10?' }];
    const turns: ReplayTurn[] = [{ events: recorded[0] as ResponseStreamEvent[], expect: { check: (b) => (JSON.stringify(b.include) === '["reasoning.encrypted_content"]' && b.store === false ? undefined : `include/store: ${JSON.stringify([b.include, b.store])}`) } }];
    for (let i = 1; i < recorded.length; i++) {
      const previous = outputsOf(recorded[i - 1] as ResponseStreamEvent[]);
      const outputs = previous.filter((item) => item.type === 'function_call').map((item) => ({ type: 'function_call_output', call_id: item.call_id, output: calc(item.arguments as string) }));
      input = [...input, ...previous, ...outputs];
      turns.push({ events: recorded[i] as ResponseStreamEvent[], expect: { input: [...input], previous_response_id: null, check: noOrphanReasoning } });
    }
    const client = await start(turns);
    const answer = await lastValueFrom(client.responses.run({ model: 'm', input: 'What is (12 + 7) * 3 * 10?', store: false }, { tools: [calculator], transport }).pipe(finalResponse()));
    expect(session?.mismatches).toStrictEqual([]);
    expect(session?.turnsServed).toBe(4);
    expect(answer.output_text).toBe(outputsOf(recorded[3] as ResponseStreamEvent[]).map((m) => ((m.content as { text: string }[])[0]?.text ?? '')).join(''));
    // The reasoning item went back with its encrypted content.
    const second = (transport === 'http' ? session?.requests[1]?.body : session?.socketMessages[1]?.message) as { input: Record<string, unknown>[] };
    expect(second.input.find((i) => i.type === 'reasoning')?.encrypted_content).toEqual(expect.any(String));
  });

  it('leaves out a reasoning item that nothing follows, so the API cannot reject it', async () => {
    const first = recorded[0] as ResponseStreamEvent[];
    // The same turn, with the reasoning item moved after the call: nothing follows it now.
    const moved = first.map((e) => {
      if (e.type !== 'response.completed') return e;
      const response = (e as { response: { output: Record<string, unknown>[] } }).response;
      return { ...e, response: { ...response, output: [response.output[1], response.output[0]] } } as ResponseStreamEvent;
    });
    const client = await start([{ events: moved }, { events: recorded[3] as ResponseStreamEvent[], expect: { check: noOrphanReasoning } }]);
    await lastValueFrom(client.responses.run({ model: 'm', input: 'x', store: false }, { tools: [calculator] }));
    expect(session?.mismatches).toStrictEqual([]);
    const second = session?.requests[1]?.body as { input: Record<string, unknown>[] };
    expect(second.input.map((i) => i.type ?? 'message')).toStrictEqual(['message', 'function_call', 'function_call_output']);
  });
});

/** The API's rule: a reasoning item must be followed by another output item of its turn. */
function noOrphanReasoning(body: Record<string, unknown>): string | undefined {
  const input = body.input as Record<string, unknown>[];
  for (let i = 0; i < input.length; i++) {
    const next = input[i + 1];
    if (input[i]?.type === 'reasoning' && (next === undefined || next.type === 'reasoning' || next.type === 'function_call_output' || next.role === 'user')) {
      return `reasoning item ${String(input[i]?.id)} provided without its required following item`;
    }
  }
  return undefined;
}

describe('cancellation', () => {
  it('unsubscribing while a turn streams cancels the request and leaves no connection', async () => {
    const client = await start([{ events: turn('resp_1', { text: 'a long answer that keeps streaming for a while' }) }], 20);
    const first = await firstValueFrom(client.responses.run({ model: 'm', input: 'x' }, { tools: [calculator] }).pipe(filter((e) => e.type === 'response.output_text.delta')));
    expect(first.type).toBe('response.output_text.delta');
    await session?.waitForIdle(2000);
    expect(session?.openConnections()).toBe(0);
  });

  it('unsubscribing while Observable and Promise tools run cancels both at once', async () => {
    let observableTornDown = false;
    let promiseSignal: AbortSignal | undefined;
    const ticking = defineTool({
      name: 'ticking',
      parameters: z.object({}),
      execute: () => new Observable<number>((s) => { const t = setInterval(() => s.next(1), 5); return () => { clearInterval(t); observableTornDown = true; }; }),
    });
    const waiting = defineTool({
      name: 'waiting',
      parameters: z.object({}),
      execute: (_args, { signal }) => { promiseSignal = signal; return new Promise<never>((_r, reject) => signal.addEventListener('abort', () => reject(signal.reason))); },
    });
    const client = await start([{ events: turn('resp_1', { calls: [['c1', 'ticking', '{}'], ['c2', 'waiting', '{}']] }) }]);
    const run$ = client.responses.run({ model: 'm', input: 'x' }, { tools: [ticking, waiting] });
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      const sub = run$.subscribe((e) => {
        seen.push(e.type);
        if (seen.filter((t) => t === 'rx.tool_call.started').length === 2) {
          setTimeout(() => { sub.unsubscribe(); resolve(); }, 15);
        }
      });
    });
    expect(observableTornDown).toBe(true);
    expect(promiseSignal?.aborted).toBe(true);
    expect(seen).not.toContain('rx.tool_call.result');
    await session?.waitForIdle(2000);
  });

  it('unsubscribing while a call waits for approval drops the question and never runs the tool', async () => {
    let ran = false;
    let asked!: () => void;
    const waitingForAnswer = new Promise<void>((resolve) => (asked = resolve));
    let questionWithdrawn = false;
    const remove = defineTool({ name: 'delete_file', parameters: z.object({ path: z.string() }), execute: () => (ran = true) });
    const client = await start([{ events: turn('resp_1', { calls: [['c1', 'delete_file', '{"path":"/tmp/x"}']] }) }]);
    const subscription = client.responses
      .run(
        { model: 'm', input: 'x' },
        {
          tools: [remove],
          needsApproval: () => true,
          approve: () => new Observable<boolean>(() => { asked(); return () => { questionWithdrawn = true; }; }),
        },
      )
      .subscribe();
    await waitingForAnswer;
    subscription.unsubscribe();
    expect(questionWithdrawn).toBe(true);
    expect(ran).toBe(false);
    await session?.waitForIdle(2000);
    expect(session?.openConnections()).toBe(0);
  });

  it('with an approval hook that answers at once, unsubscribing still cancels the running Observable tool', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let tornDown = false;
    const ticking = defineTool({
      name: 'ticking',
      parameters: z.object({}),
      execute: () => new Observable<number>(() => { started(); return () => { tornDown = true; }; }),
    });
    const client = await start([{ events: turn('resp_1', { calls: [['c1', 'ticking', '{}']] }) }]);
    const subscription = client.responses.run({ model: 'm', input: 'x' }, { tools: [ticking], needsApproval: () => false }).subscribe();
    await running;
    subscription.unsubscribe();
    expect(tornDown).toBe(true);
    await session?.waitForIdle(2000);
  });

  it('unsubscribing between turns (while the next request streams) stops the loop', async () => {
    const client = await start([
      { events: turn('resp_1', { calls: [['c1', 'calculator', '{"a":1,"b":1,"op":"add"}']] }) },
      { events: turn('resp_2', { text: 'slow second turn text' }), delayMs: 20 },
    ]);
    const events = await lastValueFrom(
      new Observable<RunEvent>((s) => {
        const sub = client.responses.run({ model: 'm', input: 'x' }, { tools: [calculator] }).subscribe((e) => {
          s.next(e);
          if (e.type === 'response.created' && (e as { response: { id: string } }).response.id === 'resp_2') { sub.unsubscribe(); s.complete(); }
        });
        return sub;
      }).pipe(toArray()),
    );
    expect(types(events)).toStrictEqual(['rx.tool_call.started', 'rx.tool_call.result', 'rx.turn.ended']);
    await session?.waitForIdle(2000);
    expect(session?.openConnections()).toBe(0);
  });
});

describe('over WebSocket mode', () => {
  const createsOf = (s: ReplaySession) => s.socketMessages.map((m) => m.message as Record<string, unknown>);

  it("transport: 'websocket' runs every turn on one socket of its own, sends the outputs with previous_response_id, and closes it at the end", async () => {
    const client = await start(weatherTurns());
    const events = await lastValueFrom(client.responses.run({ model: 'm', input: 'Weather?' }, { tools: [weather], transport: 'websocket' }).pipe(toArray()));
    expect(session?.mismatches).toStrictEqual([]);
    expect(session?.turnsServed).toBe(2);
    expect(events.filter((e) => isEventType(e, 'rx.tool_call.result')).map((e) => e.call_id).sort()).toStrictEqual(['call_o', 'call_p']);
    expect(await lastValueFrom(from(events).pipe(finalResponse()))).toMatchObject({ id: 'resp_2', output_text: 'Paris 21, Oslo 9.' });
    // No HTTP request for a response: one upgrade, then two response.create messages on it.
    expect(session?.requests.map((r) => `${r.method} ${r.path}`)).toStrictEqual(['GET /v1/responses']);
    expect(session?.webSocketConnections()).toBe(1);
    const creates = createsOf(session as ReplaySession);
    expect(creates.map((m) => [m.type, m.previous_response_id ?? null])).toStrictEqual([
      ['response.create', null],
      ['response.create', 'resp_1'],
    ]);
    expect(creates[0]).not.toHaveProperty('stream');
    expect(creates[1]?.input).toStrictEqual([
      { type: 'function_call_output', call_id: 'call_p', output: '{"city":"Paris","celsius":21}' },
      { type: 'function_call_output', call_id: 'call_o', output: '{"city":"Oslo","celsius":9}' },
    ]);
    // The run closed its socket when it ended.
    await until(() => session?.openWebSockets() === 0, 'the run to close its WebSocket');
  });

  it('runs on a socket it is given and leaves it open for the next run', async () => {
    const client = await start([...weatherTurns(), { events: turn('resp_3', { text: 'Again.' }), expect: { previous_response_id: 'resp_2' } }]);
    const socket = client.responses.connect();
    try {
      const first = await lastValueFrom(client.responses.run({ model: 'm', input: 'Weather?' }, { tools: [weather], transport: socket }).pipe(finalResponse()));
      expect(socket.state).toBe('open');
      const second = await lastValueFrom(client.responses.run({ model: 'm', input: 'Again?', previous_response_id: first.id }, { tools: [weather], transport: socket }).pipe(finalResponse()));
      expect(second.output_text).toBe('Again.');
      expect(session?.mismatches).toStrictEqual([]);
      expect(session?.webSocketConnections()).toBe(1);
      expect(createsOf(session as ReplaySession)).toHaveLength(3);
    } finally {
      socket.close();
    }
    await until(() => session?.openWebSockets() === 0, 'the run to close its WebSocket');
  });

  it('unsubscribing while a tool runs cancels it and closes the run\'s socket', async () => {
    let signal: AbortSignal | undefined;
    let called!: () => void;
    const running = new Promise<void>((resolve) => (called = resolve));
    const waiting = defineTool({
      name: 'waiting',
      parameters: z.object({}),
      execute: (_args, context) => { signal = context.signal; called(); return new Promise<never>(() => undefined); },
    });
    const client = await start([{ events: turn('resp_1', { calls: [['c1', 'waiting', '{}']] }) }]);
    const subscription = client.responses.run({ model: 'm', input: 'x' }, { tools: [waiting], transport: 'websocket' }).subscribe();
    await running;
    expect(signal?.aborted).toBe(false);
    expect(session?.openWebSockets()).toBe(1);
    subscription.unsubscribe();
    expect(signal?.aborted).toBe(true);
    await until(() => session?.openWebSockets() === 0, 'the run to close its WebSocket');
  });

  it('refuses a transport that is not one', async () => {
    const client = await start([]);
    expect(() => client.responses.run({ model: 'm', input: 'x' }, { tools: [], transport: 'carrier-pigeon' as never })).toThrow(/Invalid transport/);
  });
});
