// WebSocket mode of a replay server, seen from a plain `ws` client: upgrades (refused,
// redirected, slow), what each response.create gets back, and the socket faults.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ReplayServer, type ReplayWebSocketOptions, startReplayServer } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { until } from '../support/until.js';

const text = recording('azure-text-1.jsonl');
const EVENTS = text.events;
const SHORT = EVENTS.slice(0, 3);

let server: ReplayServer | undefined;
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const ws of clients.splice(0)) ws.terminate();
  await server?.close();
  server = undefined;
});

async function start(webSocket: ReplayWebSocketOptions = {}, delayMs?: number): Promise<ReplayServer> {
  server = await startReplayServer({ recording: text.text, webSocket, ...(delayMs === undefined ? {} : { delayMs }) });
  return server;
}

/** A connected client, with every text frame it receives (parsed when JSON) and how it closed. */
interface Client {
  ws: WebSocket;
  frames: { data: unknown; at: number }[];
  closed: Promise<{ code: number; reason: string }>;
}
async function open(path = '/v1/responses'): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${server!.port}${path}`);
  clients.push(ws);
  const frames: Client['frames'] = [];
  ws.on('message', (data) => {
    const raw = data.toString();
    let parsed: unknown = raw;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // kept as text
    }
    frames.push({ data: parsed, at: performance.now() });
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, closed };
}

/** What an upgrade to `path` got instead of a WebSocket: status, headers and body. */
function refusal(path = '/v1/responses'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server!.port}${path}`, { followRedirects: false });
    ws.on('error', () => undefined);
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
  });
}

const create = (client: Client, extra: Record<string, unknown> = {}): void => client.ws.send(JSON.stringify({ type: 'response.create', model: 'm', input: 'Hi', ...extra }));
const waitFrames = (client: Client, n: number): Promise<void> => until(() => client.frames.length >= n, `${n} frames`);
const dataOf = (client: Client): unknown[] => client.frames.map((f) => f.data);

describe('attachReplayWebSocket: upgrades', () => {
  it('refuses an upgrade on another path with a 404 in the API error shape, recorded as a GET', async () => {
    const s = await start();
    const refused = await refusal('/v1/chat?x=1');
    expect(refused.status).toBe(404);
    expect(refused.headers['x-request-id']).toBe('req_1');
    expect(refused.headers['content-type']).toBe('application/json');
    expect(JSON.parse(refused.body)).toEqual({ error: { message: 'No WebSocket route for /v1/chat.', type: 'invalid_request_error', param: null, code: null } });
    expect(s.requests).toEqual([expect.objectContaining({ method: 'GET', path: '/v1/chat', query: { x: '1' }, body: undefined, attempt: 1 })]);
    expect(s.webSocketConnections()).toBe(0);
    // Only /v1/responses itself (with or without a final slash) is the route.
    for (const path of ['/x/v1/responses', '/v1/responses/extra']) expect((await refusal(path)).status, path).toBe(404);
    await open('/v1/responses/');
  });

  it('refuses upgrades with the scripted status: the default error body, a given object or a given text', async () => {
    await start({ upgrades: [{ kind: 'status', status: 401 }, { kind: 'status', status: 503, body: { error: 'busy' } }, { kind: 'status', status: 500, body: 'oops' }] });
    const first = await refusal();
    expect([first.status, first.headers['x-request-id'], first.headers['content-type'], JSON.parse(first.body)]).toEqual([
      401,
      'req_1',
      'application/json',
      { error: { message: 'Replayed 401 Unauthorized', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
    ]);
    const second = await refusal();
    expect([second.status, JSON.parse(second.body)]).toEqual([503, { error: 'busy' }]);
    const third = await refusal();
    expect([third.status, third.body, third.headers['content-length']]).toEqual([500, 'oops', '4']);
    // The fourth upgrade has no fault: it is accepted.
    await open();
    expect(server!.webSocketConnections()).toBe(1);
  });

  it('redirects an upgrade with a 307 and its location', async () => {
    await start({ upgrades: [{ kind: 'redirect', location: 'ws://127.0.0.1:1/elsewhere' }] });
    const redirected = await refusal();
    expect([redirected.status, redirected.headers.location, redirected.headers['x-request-id'], redirected.body]).toEqual([307, 'ws://127.0.0.1:1/elsewhere', 'req_1', '']);
  });

  it('accepts a delayed upgrade only after its ms', async () => {
    await start({ upgrades: [{ kind: 'delay', ms: 300 }] });
    const started = performance.now();
    await open();
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('counts accepted and open connections, and close() ends them', async () => {
    const s = await start();
    const a = await open();
    const b = await open();
    expect([s.webSocketConnections(), s.openWebSockets()]).toEqual([2, 2]);
    a.ws.close();
    await a.closed;
    await until(() => s.openWebSockets() === 1, 'the server to see the close');
    expect(s.webSocketConnections()).toBe(2);
    await s.close();
    expect((await b.closed).code).toBe(1006);
    server = undefined;
  });
});

describe('attachReplayWebSocket: messages', () => {
  it('streams the recording as JSON frames for a response.create, and records the message', async () => {
    const s = await start();
    const client = await open();
    create(client);
    await waitFrames(client, EVENTS.length);
    expect(dataOf(client)).toEqual(EVENTS);
    expect(s.socketMessages).toEqual([{ connection: 1, attempt: 1, message: { type: 'response.create', model: 'm', input: 'Hi' } }]);
  });

  it('answers a message that is not a response.create with an error frame, and records it as sent', async () => {
    const s = await start();
    const client = await open();
    client.ws.send('not json');
    client.ws.send(JSON.stringify({ type: 'response.cancel' }));
    client.ws.send(JSON.stringify([1]));
    client.ws.send(Buffer.from('{"type":"response.create"}'), { binary: true });
    client.ws.send('null');
    await waitFrames(client, 5);
    const error = { type: 'error', status: 400, error: { message: "Expected a JSON message of type 'response.create'.", type: 'invalid_request_error', param: null, code: 'invalid_message' } };
    expect(dataOf(client)).toEqual([error, error, error, error, error]);
    expect(s.socketMessages.map((m) => m.message)).toEqual(['not json', { type: 'response.cancel' }, [1], '', null]);
    expect(s.socketMessages.map((m) => m.attempt)).toEqual([1, 2, 3, 4, 5]);
  });

  it('serves the scripted responses in turn over every connection, starting again after the last', async () => {
    const s = await start({ responses: [SHORT, EVENTS.slice(0, 1)] });
    const a = await open();
    const b = await open();
    create(a);
    await waitFrames(a, 3);
    create(b);
    await waitFrames(b, 1);
    create(a);
    await waitFrames(a, 6);
    expect(dataOf(a)).toEqual([...SHORT, ...SHORT]);
    expect(dataOf(b)).toEqual(EVENTS.slice(0, 1));
    expect(s.socketMessages.map((m) => [m.connection, m.attempt])).toEqual([[1, 1], [2, 2], [1, 3]]);
  });

  it('serves the recording when the scripted list is empty', async () => {
    await start({ responses: [] });
    const client = await open();
    create(client);
    await waitFrames(client, EVENTS.length);
    expect(dataOf(client)).toEqual(EVENTS);
  });

  it('echoes stream_id on every event, and runs lanes side by side but one lane in order', async () => {
    await start({ responses: [SHORT] }, 40);
    const client = await open();
    create(client, { stream_id: 'a' });
    create(client, { stream_id: 'a' });
    create(client, { stream_id: 'b' });
    await waitFrames(client, 9);
    const lanes = dataOf(client).map((frame) => (frame as { stream_id: string }).stream_id);
    // Lane b starts with lane a's first response; a's second starts after a's first ended.
    expect(lanes.slice(0, 2).sort()).toEqual(['a', 'b']);
    expect(lanes.filter((l) => l === 'a')).toHaveLength(6);
    expect(dataOf(client).filter((f) => (f as { stream_id: string }).stream_id === 'b')).toEqual(SHORT.map((e) => ({ ...e, stream_id: 'b' })));
    const aFrames = dataOf(client).filter((f) => (f as { stream_id: string }).stream_id === 'a');
    expect(aFrames).toEqual([...SHORT, ...SHORT].map((e) => ({ ...e, stream_id: 'a' })));
  });

  it('echoes no stream_id that is not a string', async () => {
    await start({ responses: [SHORT] });
    const client = await open();
    create(client, { stream_id: 5 });
    await waitFrames(client, 3);
    expect(dataOf(client)).toEqual(SHORT);
  });

  it('sends the first event at once when only delayMs is set, and nothing after the last', async () => {
    await start({ responses: [EVENTS.slice(0, 1)] }, 20_000);
    const client = await open();
    create(client);
    // The delay is 20 s: the first frame within until()'s 2 s shows it came without one.
    await waitFrames(client, 1);
    await settle();
    expect(dataOf(client)).toEqual(EVENTS.slice(0, 1));
  });

  it('waits firstEventDelayMs before the first event of each response, and delayMs between events', async () => {
    await start({ responses: [SHORT], firstEventDelayMs: 250 }, 100);
    const client = await open();
    const sent = performance.now();
    create(client);
    await waitFrames(client, 3);
    expect(client.frames[0]!.at - sent).toBeGreaterThanOrEqual(230);
    expect(client.frames[1]!.at - client.frames[0]!.at).toBeGreaterThanOrEqual(80);
    expect(client.frames[2]!.at - client.frames[1]!.at).toBeGreaterThanOrEqual(80);
  });
});

/** Time for a frame that should not come to arrive, were it sent. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 150));

describe('attachReplayWebSocket: close()', () => {
  it('leaves no timer behind for a response still being paced', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const s = await start({ responses: [SHORT] }, 60_000);
    const client = await open();
    create(client);
    await waitFrames(client, 1);
    expect(timers()).toBeGreaterThan(before);
    await s.close();
    server = undefined;
    await client.closed;
    expect(timers()).toBeLessThanOrEqual(before);
  });
});

describe('attachReplayWebSocket: faults', () => {
  it('drop: cuts the connection without a close frame after afterEvents events (default 0)', async () => {
    await start({ faults: [{ kind: 'drop', afterEvents: 2 }] });
    const client = await open();
    create(client);
    expect((await client.closed).code).toBe(1006);
    expect(dataOf(client)).toEqual(EVENTS.slice(0, 2));
    await server!.close();
    await start({ faults: [{ kind: 'drop' }] });
    const next = await open();
    create(next);
    expect((await next.closed).code).toBe(1006);
    expect(next.frames).toEqual([]);
  });

  it('close: closes with the code and reason; 1005 sends no code, 1006 drops', async () => {
    for (const [fault, expected] of [
      [{ kind: 'close', code: 4001, reason: 'bye', afterEvents: 1 }, { code: 4001, reason: 'bye', frames: 1 }],
      [{ kind: 'close', code: 1005 }, { code: 1005, reason: '', frames: 0 }],
      [{ kind: 'close', code: 1006, afterEvents: 2 }, { code: 1006, reason: '', frames: 2 }],
    ] as const) {
      await start({ faults: [fault] });
      const client = await open();
      create(client);
      const { code, reason } = await client.closed;
      expect({ code, reason, frames: client.frames.length }, JSON.stringify(fault)).toEqual(expected);
      await server!.close();
      server = undefined;
    }
  });

  it('error: sends the error message instead of the rest, with status and stream_id only when given', async () => {
    await start({
      faults: [
        { kind: 'error', status: 429, code: 'tokens_per_minute', type: 'tokens', message: 'Slow down', param: 'model', afterEvents: 1 },
        { kind: 'error' },
      ],
    });
    const client = await open();
    create(client, { stream_id: 's1' });
    await waitFrames(client, 2);
    create(client);
    await waitFrames(client, 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(dataOf(client)).toEqual([
      { ...EVENTS[0], stream_id: 's1' },
      { type: 'error', error: { message: 'Slow down', type: 'tokens', param: 'model', code: 'tokens_per_minute' }, status: 429, stream_id: 's1' },
      { type: 'error', error: { message: 'Replayed 500 Internal Server Error', type: 'server_error', param: null, code: null } },
    ]);
  });

  it('stall: a pause of ms after afterEvents events, then the rest; without ms nothing more', async () => {
    await start({ responses: [SHORT], faults: [{ kind: 'stall', ms: 300, afterEvents: 1 }, { kind: 'stall', afterEvents: 2 }] });
    const client = await open();
    create(client);
    await waitFrames(client, 3);
    expect(dataOf(client)).toEqual(SHORT);
    expect(client.frames[1]!.at - client.frames[0]!.at).toBeGreaterThanOrEqual(280);
    create(client);
    await waitFrames(client, 5);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(dataOf(client).slice(3)).toEqual(SHORT.slice(0, 2));
  });

  it('invalidJson: a frame that is not JSON in place of the next event, then the rest', async () => {
    await start({ responses: [SHORT], faults: [{ kind: 'invalidJson', afterEvents: 1 }] });
    const client = await open();
    create(client);
    await waitFrames(client, 4);
    expect(dataOf(client)).toEqual([SHORT[0], '{"type":"response.output_text.delta","delta":', SHORT[1], SHORT[2]]);
  });

  it('the function form chooses per message; a function that throws gives a 500 error message', async () => {
    const seen: number[] = [];
    await start({
      responses: [SHORT],
      faults: (message) => {
        seen.push(message.attempt);
        if (message.attempt === 2) throw new Error('boom');
        return message.attempt === 1 ? { kind: 'error', status: 400, message: 'first refused' } : undefined;
      },
    });
    const client = await open();
    for (let i = 0; i < 3; i++) create(client);
    await waitFrames(client, 5);
    expect(seen).toEqual([1, 2, 3]);
    expect(dataOf(client)).toEqual([
      { type: 'error', error: { message: 'first refused', type: 'invalid_request_error', param: null, code: null }, status: 400 },
      { type: 'error', error: { message: 'startReplayServer: the webSocket faults function threw', type: 'server_error', param: null, code: null }, status: 500 },
      ...SHORT,
    ]);
  });
});
