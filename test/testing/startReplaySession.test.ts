// A scripted session in WebSocket mode: our own WebSocket client drives two turns over one
// socket, and the session checks each response.create as it checks an HTTP request.
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ResponsesSocket, createClient, finalResponse, functionCalls, isBadRequestError } from '../../src/index.js';
import { type ReplaySession, type ReplayTurn, startReplaySession } from '../../src/testing/index.js';
import { turn } from '../agents/turns.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { until } from '../support/until.js';

let session: ReplaySession | undefined;
let socket: ResponsesSocket | undefined;
afterEach(async () => {
  socket?.close();
  socket = undefined;
  if (session !== undefined) {
    await until(() => session?.openWebSockets() === 0, 'the client to close its WebSocket');
    await session.close();
    session = undefined;
  }
});

async function connect(turns: ReplayTurn[]): Promise<ResponsesSocket> {
  session = await startReplaySession({ turns });
  socket = createClient({ baseURL: session.baseURL, apiKey: 'sk-test', maxRetries: 0 }).responses.connect();
  return socket;
}

const TURNS: ReplayTurn[] = [
  { events: turn('resp_1', { calls: [['call_1', 'get_weather', '{"city":"Paris"}']] }), expect: { previous_response_id: null } },
  { events: turn('resp_2', { text: 'Paris: 21 °C.' }), expect: { previous_response_id: 'resp_1', function_call_outputs: [{ call_id: 'call_1', output: '{"celsius":21}' }] } },
];

describe('startReplaySession over WebSocket', () => {
  it('plays the turns in order on one socket, checking each response.create', async () => {
    const ws = await connect(TURNS);
    const calls = await lastValueFrom(ws.create({ model: 'm', input: 'Weather in Paris?' }).pipe(functionCalls(), toArray()));
    expect(calls.map((c) => [c.call_id, c.name, c.arguments])).toStrictEqual([['call_1', 'get_weather', '{"city":"Paris"}']]);
    const answer = await lastValueFrom(
      ws.create({ model: 'm', previous_response_id: 'resp_1', input: [{ type: 'function_call_output', call_id: 'call_1', output: '{"celsius":21}' }] }).pipe(finalResponse()),
    );
    expect(answer.id).toBe('resp_2');
    expect(answer.output_text).toBe('Paris: 21 °C.');
    expect(session?.mismatches).toStrictEqual([]);
    expect(session?.turnsServed).toBe(2);
    expect(session?.webSocketConnections()).toBe(1);
    expect(session?.socketMessages.map((m) => [m.connection, (m.message as { type: string }).type])).toStrictEqual([
      [1, 'response.create'],
      [1, 'response.create'],
    ]);
  });

  it('answers a response.create that breaks the script with a 400 error frame naming the difference', async () => {
    const ws = await connect(TURNS);
    await lastValueFrom(ws.create({ model: 'm', input: 'Weather in Paris?' }));
    // Turn 2 without previous_response_id, and with a wrong output.
    const result = await collectNotifications(ws.create({ model: 'm', input: [{ type: 'function_call_output', call_id: 'call_1', output: '{"celsius":-40}' }] }));
    expect(isBadRequestError(result.error)).toBe(true);
    expect(session?.mismatches).toHaveLength(1);
    expect(session?.mismatches[0]).toContain('Turn 2: previous_response_id is null, expected "resp_1"');
    expect(session?.mismatches[0]).toContain('function_call_output 0 is "{\\"celsius\\":-40}"');
    expect((result.error as Error).message).toContain('previous_response_id is null');
    expect(session?.turnsServed).toBe(1);
  });

  it('counts turns across HTTP and WebSocket: one session, one script', async () => {
    const ws = await connect(TURNS);
    const client = createClient({ baseURL: (session as ReplaySession).baseURL, apiKey: 'sk-test', maxRetries: 0 });
    await lastValueFrom(client.responses.stream({ model: 'm', input: 'Weather in Paris?' }));
    const answer = await lastValueFrom(
      ws.create({ model: 'm', previous_response_id: 'resp_1', input: [{ type: 'function_call_output', call_id: 'call_1', output: '{"celsius":21}' }] }).pipe(finalResponse()),
    );
    expect(answer.id).toBe('resp_2');
    expect(session?.mismatches).toStrictEqual([]);
    // The POST, then the WebSocket upgrade (a GET), in arrival order.
    expect(session?.requests.map((r) => r.method)).toStrictEqual(['POST', 'GET']);
  });

  it('refuses a response.create after the last turn, numbering it among the requests', async () => {
    const ws = await connect(TURNS.slice(0, 1));
    await lastValueFrom(ws.create({ model: 'm', input: 'Weather in Paris?' }));
    const result = await collectNotifications(ws.create({ model: 'm', input: 'Again' }));
    expect(isBadRequestError(result.error)).toBe(true);
    expect(session?.mismatches).toStrictEqual(['Turn 2: request 2 came after the last of 1 scripted turn(s)']);
  });

  it("paces a WebSocket turn with the session's delayMs when the turn has none", async () => {
    session = await startReplaySession({ turns: TURNS.slice(0, 1), delayMs: 60 });
    socket = createClient({ baseURL: session.baseURL, apiKey: 'sk-test', maxRetries: 0 }).responses.connect();
    const started = performance.now();
    const events = await lastValueFrom(socket.create({ model: 'm', input: 'Weather in Paris?' }).pipe(toArray()));
    // A lower bound only: a loaded machine makes it slower, never faster.
    expect(performance.now() - started).toBeGreaterThanOrEqual(60 * (events.length - 1) - 5);
  });

  it('close() stops a WebSocket turn still being paced, leaving no timer behind', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const s = await startReplaySession({ turns: TURNS.slice(0, 1), delayMs: 60_000 });
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/v1/responses`);
    const frames: string[] = [];
    ws.on('message', (data) => frames.push(data.toString()));
    const closed = new Promise((resolve) => ws.once('close', resolve));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'response.create', model: 'm', input: 'Weather in Paris?' }));
    await until(() => frames.length === 1, 'the first event');
    expect(timers()).toBeGreaterThan(before);
    await s.close();
    await closed;
    expect(timers()).toBeLessThanOrEqual(before);
    expect(frames).toHaveLength(1);
  });
});
