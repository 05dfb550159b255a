// startReplaySession over HTTP, driven with fetch: each POST /v1/responses is checked against
// the next turn's expectation, and the refusals name every difference.
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/index.js';
import { type ReplaySession, type ReplayTurn, startReplaySession } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';

const text = recording('azure-text-1.jsonl');
const FIRST = text.events.slice(0, 3);
const SECOND = text.events.slice(3, 5);
const frame = (event: ResponseStreamEvent): string => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
const sseBody = (events: readonly ResponseStreamEvent[]): string => events.map(frame).join('');

let session: ReplaySession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function start(turns: ReplayTurn[], delayMs?: number): Promise<ReplaySession> {
  session = await startReplaySession(delayMs === undefined ? { turns } : { turns, delayMs });
  return session;
}

const post = (s: ReplaySession, body: unknown): Promise<Response> =>
  fetch(`${s.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** Posts `body` and returns the 400's error message (failing when the request was served). */
async function refusal(s: ReplaySession, body: unknown): Promise<string> {
  const response = await post(s, body);
  const json = (await response.json()) as { error: { message: string; type: string } };
  expect(response.status).toBe(400);
  expect(json.error.type).toBe('invalid_request_error');
  return json.error.message;
}

const output = (call_id: string, value: unknown): Record<string, unknown> => ({ type: 'function_call_output', call_id, output: value });

describe('startReplaySession over HTTP', () => {
  it('streams each turn in order as SSE with a request id, and counts the turns served', async () => {
    const s = await start([{ events: FIRST }, { events: SECOND }]);
    const first = await post(s, { input: 'Hi' });
    expect([first.status, first.headers.get('content-type'), first.headers.get('cache-control'), first.headers.get('x-request-id')]).toEqual([
      200,
      'text/event-stream; charset=utf-8',
      'no-cache',
      'req_1',
    ]);
    expect(await first.text()).toBe(sseBody(FIRST));
    expect(s.turnsServed).toBe(1);
    expect(await (await post(s, { input: 'Again' })).text()).toBe(sseBody(SECOND));
    expect(s.turnsServed).toBe(2);
    expect(s.mismatches).toEqual([]);
  });

  it('refuses a request after the last turn, naming it, and lists it in mismatches', async () => {
    const s = await start([{ events: FIRST }]);
    await (await post(s, {})).text();
    expect(await refusal(s, {})).toBe('Turn 2: request 2 came after the last of 1 scripted turn(s)');
    expect(s.mismatches).toEqual(['Turn 2: request 2 came after the last of 1 scripted turn(s)']);
    expect(s.turnsServed).toBe(1);
  });

  it('answers anything but POST /v1/responses with a 404', async () => {
    const s = await start([{ events: FIRST }]);
    for (const [method, path] of [['GET', '/v1/responses'], ['POST', '/v1/responses/resp_1/cancel'], ['POST', '/x/v1/responses']] as const) {
      const response = await fetch(`${s.baseURL.replace(/\/v1$/, '')}${path}`, { method });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { message: `No route for ${method} ${path}.` } });
    }
    expect(s.turnsServed).toBe(0);
    expect(await (await post(s, {})).text()).toBe(sseBody(FIRST));
  });

  it('checks previous_response_id, null meaning none, and keeps the turn for the next request after a refusal', async () => {
    const s = await start([{ events: FIRST, expect: { previous_response_id: null } }, { events: SECOND, expect: { previous_response_id: 'resp_1' } }]);
    expect(await refusal(s, { previous_response_id: 'resp_0' })).toBe('Turn 1: previous_response_id is "resp_0", expected null');
    expect((await post(s, {})).status).toBe(200);
    expect(await refusal(s, {})).toBe('Turn 2: previous_response_id is null, expected "resp_1"');
    expect(await refusal(s, '[1,2]')).toBe('Turn 2: previous_response_id is null, expected "resp_1"');
    expect(await (await post(s, { previous_response_id: 'resp_1' })).text()).toBe(sseBody(SECOND));
    expect(s.mismatches).toHaveLength(3);
  });

  it('checks the function_call_output items: count, call ids, and outputs as text or by pattern', async () => {
    const expectOutputs = { function_call_outputs: [{ call_id: 'call_1', output: '{"celsius":21}' }, { call_id: 'call_2', output: /^sunny/ }, { call_id: 'call_3' }] };
    const s = await start([{ events: FIRST, expect: expectOutputs }]);
    expect(await refusal(s, { input: [output('call_1', '{"celsius":21}')] })).toBe('Turn 1: 1 function_call_output item(s), expected 3');
    expect(
      await refusal(s, {
        input: [{ type: 'message', role: 'user', content: 'x' }, output('call_9', '{"celsius":21}'), output('call_2', 'rainy'), output('call_3', 'anything')],
      }),
    ).toBe('Turn 1: function_call_output 0 answers "call_9", expected "call_1"; function_call_output 1 is "rainy", expected /^sunny/');
    // An output sent as JSON rather than text is compared as its JSON text.
    const served = await post(s, { input: [output('call_1', { celsius: 21 }), output('call_2', 'sunny, 25'), output('call_3', 7)] });
    expect(await served.text()).toBe(sseBody(FIRST));
    expect(s.mismatches).toHaveLength(2);
  });

  it('checks the whole input and runs the custom check, naming both', async () => {
    const input = [{ role: 'user', content: 'Hi' }];
    const s = await start([{ events: FIRST, expect: { input, check: (body) => (body.model === 'm' ? undefined : `model is ${String(body.model)}`) } }]);
    expect(await refusal(s, { model: 'x', input: [{ role: 'user', content: 'Ho' }] })).toBe(
      'Turn 1: input differs from the expected 1 item(s): got [{"role":"user","content":"Ho"}]; model is x',
    );
    expect(await refusal(s, { model: 'm', input: [{ role: 'user', content: 'y'.repeat(400) }] })).toBe(
      `Turn 1: input differs from the expected 1 item(s): got ${JSON.stringify([{ role: 'user', content: 'y'.repeat(400) }]).slice(0, 300)}`,
    );
    expect((await post(s, { model: 'm', input })).status).toBe(200);
    expect(s.turnsServed).toBe(1);
  });

  it('hands out a copy of the mismatches', async () => {
    const s = await start([]);
    await refusal(s, {});
    const seen = s.mismatches as string[];
    seen.length = 0;
    expect(s.mismatches).toHaveLength(1);
  });

  it("paces a turn's events with its own delayMs, else the session's", async () => {
    const s = await start([{ events: FIRST, delayMs: 150 }, { events: FIRST }], 0);
    let started = performance.now();
    await (await post(s, {})).text();
    const paced = performance.now() - started;
    expect(paced).toBeGreaterThanOrEqual(280);
    started = performance.now();
    await (await post(s, {})).text();
    // Unpaced, it saves at least half of the pauses (an absolute bound would fail on a busy machine).
    expect(performance.now() - started).toBeLessThan(paced - 150);
    await s.close();
    const bySession = await start([{ events: FIRST }], 150);
    started = performance.now();
    await (await post(bySession, {})).text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('skips null entries of the input when it counts function_call_output items', async () => {
    const s = await start([{ events: FIRST, expect: { function_call_outputs: [{ call_id: 'call_1', output: 'ok' }] } }]);
    const served = await post(s, { input: [null, output('call_1', 'ok')] });
    expect(await served.text()).toBe(sseBody(FIRST));
    expect(s.mismatches).toEqual([]);
  });

  it('names the session in the message of a waitForIdle that timed out', async () => {
    const s = await start([{ events: FIRST, delayMs: 5000 }]);
    const abort = new AbortController();
    const response = await fetch(`${s.baseURL}/responses`, { method: 'POST', body: '{}', signal: abort.signal });
    expect(response.status).toBe(200);
    await expect(s.waitForIdle(30)).rejects.toThrow('ReplaySession.waitForIdle: 1 connection still open after 30 ms');
    abort.abort();
    await s.waitForIdle(2000);
  });
});
