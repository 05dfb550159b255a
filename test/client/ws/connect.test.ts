import { type Observable, Subscription, lastValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ClientOptions,
  type ResponseStreamEvent,
  type ResponsesSocket,
  createClient,
  finalResponse,
  isAPIConnectionError,
  isAPITimeoutError,
  isAuthenticationError,
  isInternalServerError,
  isRateLimitError,
  isResponseStreamError,
  isStreamParseError,
  isStreamTruncatedError,
  outputText,
} from '../../../src/index.js';
import { type ReplayServer, type ReplayWebSocketOptions, startReplayServer } from '../../../src/testing/index.js';
import { collectNotifications } from '../../support/collectNotifications.js';
import { until } from '../../support/until.js';
import { SECRET } from '../fakeFetch.js';
import { resumableRecording } from '../resumableRecording.js';
import { deltaText } from '../../support/deltaText.js';

const recording = resumableRecording();
const EVENTS = recording.events;
const PARAMS = { model: 'gpt-5-nano', input: 'Say hello' };
const FULL_TEXT = deltaText(EVENTS);

let server: ReplayServer | undefined;
let socket: ResponsesSocket | undefined;
const seenErrors: unknown[] = [];

async function start(webSocket: ReplayWebSocketOptions = {}, options: { delayMs?: number } = {}): Promise<ReplayServer> {
  server = await startReplayServer({ recording: recording.text, webSocket, ...options });
  return server;
}

function connect(options: ClientOptions = {}, maxReconnects?: number): ResponsesSocket {
  const client = createClient({ apiKey: SECRET, baseURL: server!.baseURL, headers: { 'x-team': 'rx' }, ...options });
  socket = client.responses.connect(maxReconnects === undefined ? {} : { maxReconnects });
  return socket;
}

async function errorOf<T>(source: Observable<T>): Promise<unknown> {
  const { error, errored } = await collectNotifications(source);
  expect(errored).toBe(true);
  seenErrors.push(error);
  return error;
}

afterEach(async () => {
  socket?.close();
  socket = undefined;
  if (server !== undefined) {
    await until(() => server!.openWebSockets() === 0, 'the client to close its WebSocket');
    await server.close();
    server = undefined;
  }
  for (const error of seenErrors) expect(JSON.stringify(error) + String(error) + String((error as Error).stack)).not.toContain(SECRET);
  seenErrors.length = 0;
});

describe('responses.connect(): one response', () => {
  it('streams the recorded events over ws:// with the key and default headers on the upgrade', async () => {
    const s = await start();
    const ws = connect();
    expect(ws.url).toBe(`ws://127.0.0.1:${s.port}/v1/responses`);
    const events = await lastValueFrom(ws.create({ ...PARAMS, background: true }).pipe(toArray()));
    expect(events).toEqual(EVENTS);
    const upgrade = s.requests[0]!;
    expect(upgrade).toMatchObject({ method: 'GET', path: '/v1/responses' });
    expect(upgrade.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(upgrade.headers['x-team']).toBe('rx');
    // stream and background are HTTP-only: the socket message carries the rest of the body.
    expect(s.socketMessages.map((m) => m.message)).toEqual([{ type: 'response.create', ...PARAMS }]);
  });

  it('is lazy and shared: nothing before a subscription, one message for many subscribers', async () => {
    const s = await start();
    const ws = connect();
    const events = ws.create(PARAMS);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(s.webSocketConnections()).toBe(0);
    expect(ws.state).toBe('idle');
    const [text, response] = await Promise.all([lastValueFrom(events.pipe(outputText())), lastValueFrom(events.pipe(finalResponse()))]);
    expect(text).toBe(FULL_TEXT);
    expect(response.output_text).toBe(FULL_TEXT);
    expect(s.socketMessages).toHaveLength(1);
  });

  it('runs several responses in a row on exactly one connection', async () => {
    const s = await start();
    const ws = connect();
    for (let i = 0; i < 4; i++) {
      const response = await lastValueFrom(ws.create({ ...PARAMS, input: `turn ${i}` }).pipe(finalResponse()));
      expect(response.output_text).toBe(FULL_TEXT);
    }
    expect(s.webSocketConnections()).toBe(1);
    expect(s.socketMessages.map((m) => (m.message as { input: string }).input)).toEqual(['turn 0', 'turn 1', 'turn 2', 'turn 3']);
    expect(ws.state).toBe('open');
  });

  it('uses https -> wss for the URL', () => {
    const client = createClient({ apiKey: SECRET, baseURL: 'https://example.test/openai/v1', apiVersion: '2025-01-01' });
    expect(client.responses.connect().url).toBe('wss://example.test/openai/v1/responses?api-version=2025-01-01');
  });
});

describe('responses.connect(): queueing', () => {
  it('queues a create issued while another streams, and serves them in order', async () => {
    const s = await start({ responses: [EVENTS, EVENTS.map((e) => ({ ...e }))] }, { delayMs: 2 });
    const ws = connect();
    const order: string[] = [];
    const first = lastValueFrom(ws.create({ ...PARAMS, input: 'a' }).pipe(toArray())).then((events) => (order.push('a'), events));
    const second = lastValueFrom(ws.create({ ...PARAMS, input: 'b' }).pipe(toArray())).then((events) => (order.push('b'), events));
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual(EVENTS);
    expect(b).toEqual(EVENTS);
    expect(order).toEqual(['a', 'b']);
    expect(s.webSocketConnections()).toBe(1);
  });

  it('removes a queued create when its subscriber leaves', async () => {
    const s = await start({}, { delayMs: 2 });
    const ws = connect();
    const first = lastValueFrom(ws.create({ ...PARAMS, input: 'a' }).pipe(finalResponse()));
    const dropped = ws.create({ ...PARAMS, input: 'b' }).subscribe();
    const third = lastValueFrom(ws.create({ ...PARAMS, input: 'c' }).pipe(finalResponse()));
    dropped.unsubscribe();
    await Promise.all([first, third]);
    expect(s.socketMessages.map((m) => (m.message as { input: string }).input)).toEqual(['a', 'c']);
    expect(s.webSocketConnections()).toBe(1);
  });

  it('streams lanes (stream_id) side by side', async () => {
    const s = await start({}, { delayMs: 2 });
    const ws = connect();
    const [a, b] = await Promise.all([
      lastValueFrom(ws.create(PARAMS, { streamId: 'a' }).pipe(toArray())),
      lastValueFrom(ws.create(PARAMS, { streamId: 'b' }).pipe(toArray())),
    ]);
    expect(a.map((e) => (e as { stream_id?: string }).stream_id)).toEqual(EVENTS.map(() => 'a'));
    expect(b.map((e) => (e as { stream_id?: string }).stream_id)).toEqual(EVENTS.map(() => 'b'));
    expect(deltaText(a)).toBe(FULL_TEXT);
    expect(s.socketMessages.map((m) => (m.message as { stream_id?: string }).stream_id)).toEqual(['a', 'b']);
  });
});

describe('responses.connect(): faults', () => {
  const CUT = 5;
  const partialText = deltaText(EVENTS.slice(0, CUT));

  it('a drop mid-stream errors with StreamTruncatedError holding the partial snapshot; the next create reconnects', async () => {
    const s = await start({ faults: [{ kind: 'drop', afterEvents: CUT }] });
    const ws = connect();
    const error = await errorOf(ws.create(PARAMS).pipe(finalResponse()));
    expect(isStreamTruncatedError(error)).toBe(true);
    const truncated = error as import('../../../src/index.js').StreamTruncatedError;
    expect(truncated.snapshot?.outputText).toBe(partialText);
    expect(truncated.lastSequenceNumber).toBe((EVENTS[CUT - 1] as { sequence_number: number }).sequence_number);
    expect(isAPIConnectionError(truncated.cause)).toBe(true);
    expect(String((truncated.cause as Error).message)).toContain('1006');
    const next = await lastValueFrom(ws.create(PARAMS).pipe(finalResponse()));
    expect(next.output_text).toBe(FULL_TEXT);
    expect(s.webSocketConnections()).toBe(2);
  });

  for (const code of [1001, 1005, 1006, 1011, 1012, 1013]) {
    it(`close ${code} cuts the response streaming and reconnects for the one waiting`, async () => {
      const s = await start({ faults: [{ kind: 'close', code, afterEvents: CUT }] });
      const ws = connect();
      const first = errorOf(ws.create({ ...PARAMS, input: 'cut' }).pipe(finalResponse()));
      const second = lastValueFrom(ws.create({ ...PARAMS, input: 'waits' }).pipe(finalResponse()));
      const error = await first;
      expect(isStreamTruncatedError(error)).toBe(true);
      expect((error as Error).message).toContain(`code ${code}`);
      expect((await second).output_text).toBe(FULL_TEXT);
      expect(s.webSocketConnections()).toBe(2);
    });
  }

  it('a connection that drops with nothing in flight reconnects quietly on the next create', async () => {
    const s = await start({ faults: [{ kind: 'close', code: 1008, afterEvents: EVENTS.length }] });
    const ws = connect();
    expect((await lastValueFrom(ws.create(PARAMS).pipe(finalResponse()))).output_text).toBe(FULL_TEXT);
    await until(() => ws.state === 'idle', 'the client to see the close');
    expect((await lastValueFrom(ws.create(PARAMS).pipe(finalResponse()))).output_text).toBe(FULL_TEXT);
    expect(s.webSocketConnections()).toBe(2);
  });

  for (const code of [1008, 4000]) {
    it(`close ${code} is final: the waiting response fails too`, async () => {
      const s = await start({ faults: [{ kind: 'close', code, reason: 'go away', afterEvents: CUT }] });
      const ws = connect();
      const first = errorOf(ws.create(PARAMS));
      const second = errorOf(ws.create(PARAMS));
      expect(isStreamTruncatedError(await first)).toBe(true);
      const waiting = await second;
      expect(isAPIConnectionError(waiting)).toBe(true);
      expect((waiting as Error).message).toContain(`code ${code} (go away)`);
      expect(s.webSocketConnections()).toBe(1);
    });
  }

  it('an error message with a status becomes the APIError of that status, key redacted', async () => {
    await start({ faults: [{ kind: 'error', status: 429, code: 'rate_limit_exceeded', message: `Slow down, ${SECRET}`, afterEvents: 2 }] });
    const ws = connect();
    const error = await errorOf(ws.create(PARAMS).pipe(finalResponse()));
    expect(isRateLimitError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('rate_limit_exceeded');
    expect((error as Error).message).toContain('Slow down, [redacted]');
  });

  it('an error message without a status is the stream error event: ResponseStreamError from finalResponse()', async () => {
    await start({ faults: [{ kind: 'error', code: 'server_is_overloaded', message: 'Try later', afterEvents: 3 }] });
    const ws = connect();
    const events = ws.create(PARAMS);
    const all = await lastValueFrom(events.pipe(toArray()));
    expect(all.at(-1)?.type).toBe('error');
    const error = await errorOf(events.pipe(finalResponse()));
    expect(isResponseStreamError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('server_is_overloaded');
  });

  it('a refused upgrade (401) is an AuthenticationError, not retried', async () => {
    const s = await start({ upgrades: [{ kind: 'status', status: 401 }] });
    const ws = connect();
    expect(isAuthenticationError(await errorOf(ws.create(PARAMS)))).toBe(true);
    expect(s.webSocketConnections()).toBe(0);
    expect(s.requests).toHaveLength(1);
  });

  it('a redirected upgrade is refused: the key is not sent to the new address', async () => {
    const s = await start({ upgrades: [{ kind: 'redirect', location: 'ws://127.0.0.2:1/v1/responses' }] });
    const ws = connect();
    const error = await errorOf(ws.create(PARAMS));
    expect(isAPIConnectionError(error)).toBe(true);
    expect((error as Error).message).toContain('redirect');
    expect(s.requests).toHaveLength(1);
  });

  it('retries a refused upgrade (503) with backoff, then connects', async () => {
    const s = await start({ upgrades: [{ kind: 'status', status: 503 }] });
    const ws = connect();
    expect((await lastValueFrom(ws.create(PARAMS).pipe(finalResponse()))).output_text).toBe(FULL_TEXT);
    expect(s.requests.filter((r) => r.path === '/v1/responses')).toHaveLength(2);
  });

  it('gives up after maxReconnects', async () => {
    const s = await start({ upgrades: [{ kind: 'status', status: 503 }, { kind: 'status', status: 503 }] });
    const ws = connect({}, 1);
    expect(isInternalServerError(await errorOf(ws.create(PARAMS)))).toBe(true);
    expect(s.requests).toHaveLength(2);
  });

  it('a slow accept beyond connectMs is an APITimeoutError (connect)', async () => {
    await start({ upgrades: [{ kind: 'delay', ms: 400 }] });
    const ws = connect({ timeouts: { connectMs: 50 } }, 0);
    const error = await errorOf(ws.create(PARAMS));
    expect(isAPITimeoutError(error)).toBe(true);
    expect((error as { kind: string }).kind).toBe('connect');
  });

  it('a slow accept within connectMs just waits', async () => {
    await start({ upgrades: [{ kind: 'delay', ms: 60 }] });
    const ws = connect();
    expect((await lastValueFrom(ws.create(PARAMS).pipe(finalResponse()))).output_text).toBe(FULL_TEXT);
  });

  it('a silent server past idleMs cuts the response (cause: APITimeoutError idle)', async () => {
    await start({ faults: [{ kind: 'stall', afterEvents: CUT }] });
    const ws = connect({ timeouts: { idleMs: 80 } });
    const error = await errorOf(ws.create(PARAMS).pipe(finalResponse()));
    expect(isStreamTruncatedError(error)).toBe(true);
    expect((error as StreamTruncated).snapshot?.outputText).toBe(partialText);
    expect(isAPITimeoutError((error as Error).cause)).toBe(true);
  });

  it('invalid JSON is a StreamParseError', async () => {
    await start({ faults: [{ kind: 'invalidJson', afterEvents: CUT }] });
    const ws = connect();
    expect(isStreamParseError(await errorOf(ws.create(PARAMS).pipe(finalResponse())))).toBe(true);
  });
});

type StreamTruncated = import('../../../src/index.js').StreamTruncatedError;

describe('responses.connect(): ending', () => {
  it('unsubscribing while connecting closes the connection', async () => {
    const s = await start({ upgrades: [{ kind: 'delay', ms: 50 }] });
    const ws = connect();
    const subscription = ws.create(PARAMS).subscribe();
    await new Promise((resolve) => setTimeout(resolve, 10));
    subscription.unsubscribe();
    expect(ws.state).toBe('idle');
    await new Promise((resolve) => setTimeout(resolve, 80));
    await until(() => s.openWebSockets() === 0, 'no socket');
    expect(s.socketMessages).toHaveLength(0);
  });

  it('unsubscribing mid-stream closes the connection; a later create opens a new one', async () => {
    const s = await start({}, { delayMs: 5 });
    const ws = connect();
    const first = await lastValueFrom(ws.create(PARAMS).pipe(take(3), toArray()));
    expect(first).toEqual(EVENTS.slice(0, 3));
    await until(() => s.openWebSockets() === 0, 'the abandoned connection to close');
    expect(ws.state).toBe('idle');
    expect((await lastValueFrom(ws.create(PARAMS).pipe(finalResponse()))).output_text).toBe(FULL_TEXT);
    expect(s.webSocketConnections()).toBe(2);
  });

  it('an aborted signal ends the response with its reason', async () => {
    const s = await start({}, { delayMs: 5 });
    const ws = connect();
    const controller = new AbortController();
    const events = ws.create(PARAMS, { signal: controller.signal });
    const seen = collectNotifications(events);
    await until(() => s.socketMessages.length === 1, 'the create');
    controller.abort(new Error('user stop'));
    const { error } = await seen;
    expect((error as Error).message).toBe('user stop');
    await until(() => s.openWebSockets() === 0, 'no socket');
  });

  it('close() cuts the streaming response, fails the waiting one and every later create', async () => {
    const s = await start({}, { delayMs: 5 });
    const ws = connect();
    const streaming = errorOf(ws.create(PARAMS));
    const waiting = errorOf(ws.create(PARAMS));
    await until(() => s.socketMessages.length === 1, 'the create');
    ws.close();
    expect(isStreamTruncatedError(await streaming)).toBe(true);
    expect(isAPIConnectionError(await waiting)).toBe(true);
    expect(ws.state).toBe('closed');
    expect(isAPIConnectionError(await errorOf(ws.create(PARAMS)))).toBe(true);
    await until(() => s.openWebSockets() === 0, 'no socket');
  });

  it('stays open between responses until close()', async () => {
    const s = await start();
    const ws = connect();
    await lastValueFrom(ws.create(PARAMS));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(s.openWebSockets()).toBe(1);
    ws.close();
    await until(() => s.openWebSockets() === 0, 'no socket');
  });

  it('a queued and a streaming response, both dropped, leave nothing open', async () => {
    const s = await start({}, { delayMs: 5 });
    const ws = connect();
    const subscriptions = new Subscription();
    subscriptions.add(ws.create(PARAMS).subscribe());
    subscriptions.add(ws.create(PARAMS).subscribe());
    await until(() => s.socketMessages.length === 1, 'the create');
    subscriptions.unsubscribe();
    await until(() => s.openWebSockets() === 0, 'no socket');
    expect(s.socketMessages).toHaveLength(1);
  });
});
