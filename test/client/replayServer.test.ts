import { createServer, type Server, type Socket } from 'node:net';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ClientOptions,
  type FinalResponse,
  type ResponseStreamEvent,
  type StreamTruncatedError,
  createClient,
  finalResponse,
  isAPIError,
  isAPITimeoutError,
  isResponseStreamError,
  isStreamTruncatedError,
  responseState,
} from '../../src/index.js';
import { type ReplayFault, type ReplayServer, startReplayServer } from '../../src/testing/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { SECRET, echoedForms, errorTexts, fastScheduler, showsSecret } from './fakeFetch.js';
import { resumableRecording } from './resumableRecording.js';
import { deltaText } from '../support/deltaText.js';

const recording = resumableRecording();
const EVENTS = recording.events;
const PARAMS = { model: 'gpt-5-nano', input: 'Say hello', background: true };

let server: ReplayServer | undefined;
let fault: ReplayFault | ((request: { method: string; attempt: number }) => ReplayFault | undefined) | undefined;
/** Every error any test saw; none may show the key. */
const seenErrors: unknown[] = [];

async function start(options: { delayMs?: number; chunkSize?: number; events?: readonly ResponseStreamEvent[] } = {}): Promise<ReplayServer> {
  server = await startReplayServer({
    ...(options.events === undefined ? { recording: recording.text } : {}),
    ...options,
    faults: (request) => (typeof fault === 'function' ? fault(request) : fault),
  });
  return server;
}

function client(options: ClientOptions = {}) {
  return createClient({ apiKey: SECRET, baseURL: server!.baseURL, ...options });
}

async function errorOf<T>(source: import('rxjs').Observable<T>): Promise<unknown> {
  const { error, errored } = await collectNotifications(source);
  expect(errored).toBe(true);
  seenErrors.push(error);
  return error;
}

beforeEach(() => {
  fault = undefined;
});

afterEach(async () => {
  if (server === undefined) return;
  await server.waitForIdle(1000);
  expect(server.openConnections()).toBe(0);
  await server.close();
  server = undefined;
  for (const error of seenErrors.splice(0)) expect(showsSecret(ownTexts(error))).toBe(false);
});

/** Every string an error shows, except its snapshot: that is the user's own received data and may keep what the server sent. */
function ownTexts(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('snapshot' in error)) return errorTexts(error);
  const holder = error as { snapshot: unknown };
  const snapshot = holder.snapshot;
  holder.snapshot = undefined;
  try {
    return errorTexts(error);
  } finally {
    holder.snapshot = snapshot;
  }
}

describe('client against the replay server', () => {
  it('sends one request for three subscribers, with the key as bearer token', async () => {
    await start({ delayMs: 1 });
    const events$ = client().responses.stream(PARAMS);
    const results = await Promise.all([1, 2, 3].map(() => lastValueFrom(events$.pipe(toArray()))));
    for (const events of results) expect(events).toEqual(EVENTS);
    expect(server!.requests).toHaveLength(1);
    expect(server!.requests[0]).toMatchObject({ method: 'POST', path: '/v1/responses', body: { ...PARAMS, stream: true } });
    expect(server!.requests[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('gives a late subscriber the full replay', async () => {
    await start({ delayMs: 3 });
    const events$ = client().responses.stream(PARAMS);
    const early: ResponseStreamEvent[] = [];
    const done = new Promise<void>((resolve) => events$.subscribe({ next: (e) => early.push(e), complete: resolve }));
    while (early.length < 5) await new Promise((resolve) => setTimeout(resolve, 1));
    const late = await lastValueFrom(events$.pipe(toArray()));
    await done;
    expect(late).toEqual(EVENTS);
    expect(early).toEqual(EVENTS);
    expect(server!.requests).toHaveLength(1);
  });

  it('closes the connection within 1 s when the last subscriber unsubscribes', async () => {
    await start();
    fault = { kind: 'stall', afterEvents: 3 };
    const events$ = client().responses.stream(PARAMS);
    const seen: ResponseStreamEvent[] = [];
    const a = events$.subscribe((e) => seen.push(e));
    const b = events$.subscribe();
    while (seen.length < 3) await new Promise((resolve) => setTimeout(resolve, 1));
    a.unsubscribe();
    expect(server!.openConnections()).toBe(1);
    b.unsubscribe();
    await server!.waitForIdle(1000);
    expect(server!.openConnections()).toBe(0);
  });

  it.each([400, 401, 403, 404, 409, 422, 429, 500, 503, 418])('turns a real %i into its error class with request id and message', async (status) => {
    await start();
    fault = { kind: 'status', status, body: { error: { message: `Replayed failure ${status}`, type: 'test_error', param: 'input', code: `code_${status}` } } };
    const error = await errorOf(client({ maxRetries: 0 }).responses.stream(PARAMS));
    const name = { 400: 'BadRequestError', 401: 'AuthenticationError', 403: 'PermissionDeniedError', 404: 'NotFoundError', 409: 'ConflictError', 422: 'UnprocessableEntityError', 429: 'RateLimitError', 500: 'InternalServerError', 503: 'InternalServerError' }[status as 400] ?? 'APIError';
    expect(isAPIError(error)).toBe(true);
    expect(error).toMatchObject({ name, status, code: `code_${status}`, type: 'test_error', param: 'input', serverMessage: `Replayed failure ${status}` });
    const { requestID, message } = error as { requestID: string; message: string };
    expect(requestID).toMatch(/\S/);
    expect(message).toContain(`Replayed failure ${status}`);
    expect(message).toContain(requestID);
    expect(server!.requests).toHaveLength(1);
  });

  it('removes the key when a server echoes it in a message, a header or a page', async () => {
    await start();
    fault = (request): ReplayFault =>
      request.attempt === 1
        ? { kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${SECRET}`, code: 'invalid_api_key' } }, headers: { 'x-echo': SECRET } }
        : { kind: 'status', status: 500, body: `<html><body>upstream rejected key=${SECRET}</body></html>`, headers: { 'content-type': 'text/html' } };
    const c = client({ maxRetries: 0 });
    const auth = await errorOf(c.responses.create(PARAMS));
    expect(auth).toMatchObject({ name: 'AuthenticationError', serverMessage: 'Incorrect API key provided: [redacted]', headers: expect.objectContaining({ 'x-echo': '[redacted]' }) });
    const page = await errorOf(c.responses.stream(PARAMS));
    expect((page as Error).message).toContain('upstream rejected key=[redacted]');
    for (const error of [auth, page]) expect(errorTexts(error)).not.toContain(SECRET);
  });

  it('reads an HTML error page into a readable message', async () => {
    await start();
    fault = { kind: 'status', status: 502, body: '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } };
    const error = await errorOf(client({ maxRetries: 0 }).responses.create(PARAMS));
    expect(error).toMatchObject({ name: 'InternalServerError', status: 502 });
    expect((error as Error).message).toContain('text/html: "502 Bad Gateway Bad Gateway"');
  });

  it('retries a 429 after its retry-after, then streams', async () => {
    await start();
    const arrivals: number[] = [];
    fault = (request) => {
      arrivals.push(Date.now());
      return request.attempt <= 2 ? { kind: 'status', status: 429, headers: { 'retry-after': '1' } } : undefined;
    };
    const scheduler = fastScheduler(10);
    const events = await lastValueFrom(client({ scheduler }).responses.stream(PARAMS).pipe(toArray()));
    expect(events).toEqual(EVENTS);
    expect(server!.requests).toHaveLength(3);
    expect(scheduler.delays.filter((d) => d === 1000)).toHaveLength(2);
    // 1 s of client time is 100 ms here.
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(90);
    expect(arrivals[2]! - arrivals[1]!).toBeGreaterThanOrEqual(90);
  });

  it('backs off on 503 and gives up after maxRetries', async () => {
    await start();
    fault = { kind: 'status', status: 503 };
    const scheduler = fastScheduler(10);
    const error = await errorOf(client({ scheduler, maxRetries: 2 }).responses.stream(PARAMS));
    expect(error).toMatchObject({ name: 'InternalServerError', status: 503 });
    expect(server!.requests).toHaveLength(3);
    const delays = scheduler.delays.filter((d) => d < 10_000);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(375);
    expect(delays[0]).toBeLessThanOrEqual(625);
    expect(delays[1]).toBeGreaterThanOrEqual(750);
    expect(delays[1]).toBeLessThanOrEqual(1250);
  });

  it('retries a connection reset before the response', async () => {
    await start();
    fault = (request) => (request.attempt === 1 ? { kind: 'reset' } : undefined);
    const events = await lastValueFrom(client({ scheduler: fastScheduler(100) }).responses.stream(PARAMS).pipe(toArray()));
    expect(events).toEqual(EVENTS);
    expect(server!.requests).toHaveLength(2);
  });

  it('never retries once body bytes arrived: a drop is StreamTruncatedError with the partial text', async () => {
    await start();
    const cut = EVENTS.findIndex((e) => e.type === 'response.output_text.delta') + 4;
    fault = { kind: 'drop', afterEvents: cut };
    const error = await errorOf(client().responses.stream(PARAMS).pipe(finalResponse()));
    expect(isStreamTruncatedError(error)).toBe(true);
    const truncated = error as StreamTruncatedError;
    expect(truncated.lastSequenceNumber).toBe(cut - 1);
    expect(truncated.snapshot?.outputText).toBe(deltaText(EVENTS.slice(0, cut)));
    expect(truncated.snapshot?.outputText).not.toBe('');
    expect(truncated.cause).toMatchObject({ name: 'APIConnectionError' });
    expect(server!.requests).toHaveLength(1);
  });

  it('fires the idle timeout on a stalled stream', async () => {
    await start();
    fault = { kind: 'stall', afterEvents: 2 };
    const error = await errorOf(client({ timeouts: { idleMs: 150 } }).responses.stream(PARAMS));
    expect(isStreamTruncatedError(error)).toBe(true);
    expect((error as Error).cause).toMatchObject({ name: 'APITimeoutError', kind: 'idle', timeoutMs: 150 });
    expect(server!.requests).toHaveLength(1);
  });

  it('recovers from a stall with resume', async () => {
    await start();
    fault = (request) => (request.method === 'POST' ? { kind: 'stall', afterEvents: 4 } : undefined);
    const events = await lastValueFrom(client({ timeouts: { idleMs: 150 } }).responses.stream(PARAMS, { resume: true }).pipe(toArray()));
    expect(events).toEqual(EVENTS);
    expect(server!.requests.map((r) => `${r.method} ${r.query.starting_after ?? ''}`)).toEqual(['POST ', 'GET 3']);
  });

  it('reports a 200 with the wrong content type', async () => {
    await start();
    fault = { kind: 'contentType', contentType: 'text/html', body: '<html><body>Sign in to the proxy</body></html>' };
    const error = await errorOf(client().responses.stream(PARAMS));
    expect(error).toMatchObject({ name: 'APIError', status: 200 });
    expect((error as Error).message).toContain('expected text/event-stream, got text/html: "Sign in to the proxy"');
  });

  it('reads a stream split into single bytes', async () => {
    await start();
    fault = { kind: 'splitBytes' };
    expect(await lastValueFrom(client().responses.stream(PARAMS).pipe(toArray()))).toEqual(EVENTS);
  });

  it('create, retrieve and cancel', async () => {
    await start();
    const c = client();
    const created = await lastValueFrom(c.responses.create(PARAMS));
    const final = await lastValueFrom(c.responses.stream(PARAMS).pipe(finalResponse()));
    expect(created.id).toBe(final.id);
    expect((await lastValueFrom(c.responses.retrieve(final.id))).id).toBe(final.id);
    expect((await lastValueFrom(c.responses.cancel(final.id))).status).toBe('cancelled');
    const replayed = await lastValueFrom(c.responses.retrieve(final.id, { stream: true, starting_after: 3 }).pipe(toArray()));
    expect(replayed).toEqual(EVENTS.slice(4));
    const missing = await errorOf(c.responses.retrieve('resp_missing'));
    expect(missing).toMatchObject({ name: 'NotFoundError', status: 404 });
  });
});

describe('resume against the replay server', () => {
  it('yields the same final response as an uninterrupted run, whatever event the drop follows', async () => {
    await start();
    const c = client({ scheduler: fastScheduler(100) });
    const expected = await lastValueFrom(c.responses.stream(PARAMS).pipe(finalResponse()));
    for (let afterEvents = 1; afterEvents <= EVENTS.length; afterEvents++) {
      fault = (request) => (request.method === 'POST' ? { kind: 'drop', afterEvents } : undefined);
      const before = server!.requests.length;
      const events$ = c.responses.stream(PARAMS, { resume: true });
      const [events, response] = await Promise.all([lastValueFrom(events$.pipe(toArray())), lastValueFrom(events$.pipe(finalResponse()))]);
      expect(events, `drop after ${afterEvents} event(s)`).toEqual(EVENTS);
      expect(response as FinalResponse).toEqual(expected);
      const made = server!.requests.slice(before);
      // A drop after the terminal event needs no reconnect.
      expect(made.length).toBe(afterEvents === EVENTS.length ? 1 : 2);
      if (made.length === 2) expect(made[1]).toMatchObject({ method: 'GET', query: { stream: 'true', starting_after: String(afterEvents - 1) } });
    }
  });

  it('survives a drop in the middle of any frame', async () => {
    await start();
    const c = client({ scheduler: fastScheduler(100) });
    const expected = await lastValueFrom(c.responses.stream(PARAMS).pipe(finalResponse()));
    const frames = EVENTS.map((e) => Buffer.byteLength(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`));
    let offset = 0;
    for (let index = 0; index < EVENTS.length; index++) {
      const afterBytes = offset + Math.floor(frames[index]! / 2);
      offset += frames[index]!;
      fault = (request) => (request.method === 'POST' ? { kind: 'drop', afterBytes } : undefined);
      const result = await collectNotifications(c.responses.stream(PARAMS, { resume: true }).pipe(finalResponse()));
      if (index === 0) {
        // Cut inside the first frame: no response id yet, nothing to resume.
        expect(result.error).toMatchObject({ name: 'StreamTruncatedError' });
        seenErrors.push(result.error);
      } else {
        expect(result.values, `drop inside frame ${index}`).toEqual([expected]);
      }
    }
  });

  it('survives every connection breaking, as long as each one brings something new', async () => {
    await start({ chunkSize: 64 });
    const c = client({ scheduler: fastScheduler(100), maxRetries: 1 });
    const expected = await lastValueFrom(c.responses.stream(PARAMS).pipe(finalResponse()));
    const largest = Math.max(...EVENTS.map((e) => Buffer.byteLength(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`)));
    fault = { kind: 'drop', afterBytes: largest + 1 };
    const events$ = c.responses.stream(PARAMS, { resume: true });
    const [events, response] = await Promise.all([lastValueFrom(events$.pipe(toArray())), lastValueFrom(events$.pipe(finalResponse()))]);
    expect(events).toEqual(EVENTS);
    expect(response).toEqual(expected);
    expect(server!.requests.length).toBeGreaterThan(2);
  });

  it('cannot resume a drop before the first event: StreamTruncatedError', async () => {
    await start();
    fault = { kind: 'drop', afterEvents: 0 };
    const error = await errorOf(client().responses.stream(PARAMS, { resume: true }));
    expect(error).toMatchObject({ name: 'StreamTruncatedError', message: expect.stringContaining('no response id') });
  });

  it('gives up after maxRetries reconnects that bring nothing new', async () => {
    await start();
    fault = (request) => (request.method === 'POST' ? { kind: 'drop', afterEvents: 3 } : { kind: 'drop', afterEvents: 0 });
    const error = await errorOf(client({ scheduler: fastScheduler(100), maxRetries: 2 }).responses.stream(PARAMS, { resume: true }));
    expect(error).toMatchObject({ name: 'StreamTruncatedError', lastSequenceNumber: 2 });
    expect(server!.requests).toHaveLength(3);
  });
});

describe('connect timeout against a silent loopback socket', () => {
  let silent: Server | undefined;
  const sockets = new Set<Socket>();

  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
    silent = undefined;
  });

  it('fires, retries, and gives up with APITimeoutError (connect)', async () => {
    let connections = 0;
    const requested = new Set<Socket>();
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => {
        if (!requested.has(socket)) connections++;
        requested.add(socket);
      });
      socket.on('close', () => {
        sockets.delete(socket);
        requested.delete(socket);
      });
    });
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const c = createClient({ apiKey: SECRET, baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 1, timeouts: { connectMs: 1_000 }, scheduler: fastScheduler(10) });
    const { error } = await collectNotifications(c.responses.stream(PARAMS));
    expect(isAPITimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'connect', timeoutMs: 1_000 });
    expect(connections).toBe(2);
    expect(errorTexts(error)).not.toContain(SECRET);
    // Each timed-out attempt closed its socket (undici may keep a fresh, unused one open).
    await expect.poll(() => requested.size, { timeout: 1000 }).toBe(0);
  });
});

describe('an error event against the replay server', () => {
  const at = EVENTS.findIndex((e) => e.type === 'response.output_text.delta') + 2;
  const ECHO = Object.values(echoedForms(SECRET)).join(' | ');
  const nested = {
    type: 'error',
    sequence_number: at,
    error: { type: 'invalid_request_error', code: 'invalid_api_key', message: `Incorrect API key provided: ${SECRET}, again: ${ECHO}`, param: SECRET },
  };
  const flat = { type: 'error', sequence_number: at, code: 'server_error', message: `upstream ${SECRET} failed (${SECRET})`, param: null };
  /** What the server would send after the error (it never does: it stalls, keeping the body open). */
  const after = EVENTS.slice(at);

  /** Rejects when `promise` has not settled after 5 s: far less than the 60 s idle timeout used. */
  const soon = <T>(promise: Promise<T>): Promise<T> =>
    Promise.race([promise, new Promise<T>((_resolve, reject) => setTimeout(() => reject(new Error('still waiting 5 s after the error event')), 5_000).unref())]);

  it.each([
    ['nested (OpenAI, Open Responses)', nested, { code: 'invalid_api_key', type: 'invalid_request_error', param: '[redacted]' }],
    ['flat', flat, { code: 'server_error', type: null, param: null }],
  ] as const)('ends finalResponse() and every subscriber at once when the server keeps the body open: %s shape', async (_shape, errorEvent, fields) => {
    expect.hasAssertions();
    await start({ events: [...EVENTS.slice(0, at), errorEvent as unknown as ResponseStreamEvent, ...after] });
    fault = { kind: 'stall', afterEvents: at + 1 };
    const events$ = client({ timeouts: { idleMs: 60_000 } }).responses.stream(PARAMS);
    const [raw, final] = await soon(Promise.all([collectNotifications(events$), collectNotifications(events$.pipe(finalResponse()))]));
    // Every event up to and including the error one is delivered, as the server sent it.
    expect(raw.values).toEqual([...EVENTS.slice(0, at), errorEvent]);
    for (const { error, errored } of [raw, final]) {
      expect(errored).toBe(true);
      expect(isResponseStreamError(error)).toBe(true);
      seenErrors.push(error);
    }
    const error = final.error as import('../../src/index.js').ResponseStreamError;
    expect(error).toMatchObject({ name: 'ResponseStreamError', sequenceNumber: at, ...fields });
    expect(error.requestID).toBe(`req_${server!.requests.length}`);
    expect(error.message).toContain(error.requestID);
    expect(error.snapshot?.outputText).toBe(deltaText(EVENTS.slice(0, at)));
    expect(error.snapshot?.outputText).not.toBe('');
    // The key is gone from everything on the error, however the server echoed it...
    expect(error.serverMessage).toMatch(/\[redacted\]/);
    expect(showsSecret(ownTexts(error))).toBe(false);
    expect(showsSecret(JSON.stringify(error.payload))).toBe(false);
    expect(error.payload).toMatchObject(fields.type === null ? { code: 'server_error' } : { type: 'invalid_request_error', code: 'invalid_api_key' });
    // ... while the snapshot keeps what the server sent.
    expect(JSON.stringify(error.snapshot?.streamError)).toContain(SECRET);
    // The connection is released: afterEach waits for the server to see it closed.
    await server!.waitForIdle(1000);
    expect(server!.openConnections()).toBe(0);
    expect(server!.requests).toHaveLength(1);
  });

  it.each([
    ['nested', nested],
    ['flat', flat],
  ] as const)('responseState() over the client never publishes the key: only the client\'s redacted error, at once (%s shape)', async (_shape, errorEvent) => {
    expect.hasAssertions();
    await start({ events: [...EVENTS.slice(0, at), errorEvent as unknown as ResponseStreamEvent, ...after] });
    fault = { kind: 'stall', afterEvents: at + 1 };
    const states = await soon(lastValueFrom(client({ timeouts: { idleMs: 60_000 } }).responses.stream(PARAMS).pipe(responseState(), toArray())));
    expect(states.length).toBeGreaterThan(2);
    for (const state of states) {
      const text = JSON.stringify(state);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(encodeURIComponent(SECRET));
      expect(showsSecret(text)).toBe(false);
      if (state.error !== undefined) expect(showsSecret(ownTexts(state.error))).toBe(false);
    }
    const failed = states.filter((state) => state.status === 'failed');
    expect(failed).toHaveLength(1); // no state with an error of its own first
    const error = failed[0]!.error as import('../../src/index.js').ResponseStreamError;
    seenErrors.push(error);
    expect(isResponseStreamError(error)).toBe(true);
    expect(error.requestID).toBe(`req_${server!.requests.length}`);
    expect(error.serverMessage).toMatch(/\[redacted\]/);
    expect(showsSecret(JSON.stringify(error.payload))).toBe(false);
    expect(failed[0]!.text).toBe(deltaText(EVENTS.slice(0, at)));
    await server!.waitForIdle(1000);
    expect(server!.openConnections()).toBe(0);
  });
});
