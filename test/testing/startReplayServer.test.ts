import { describe, expect, it, vi } from 'vitest';
import { fromRecording, type ResponseStreamEvent } from '../../src/index.js';
import { type ReplayServer, type ReplayServerOptions, startReplayServer } from '../../src/testing/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { recording } from '../support/fixtures.js';
import { replayServersPerTest } from '../support/replayServersPerTest.js';

/** A short, single-response text recording with a `sequence_number` on every event. */
const text = recording('azure-text-1.jsonl');
/** Four responses concatenated into one stream. */
const several = recording('azure-reasoning-encrypted-content-1.jsonl');

const responseIdOf = (events: readonly ResponseStreamEvent[]): string =>
  (events[0] as { response: { id: string } }).response.id;
const terminalResponseOf = (events: readonly ResponseStreamEvent[]): unknown =>
  (events.at(-1) as { response: unknown }).response;
const frame = (event: ResponseStreamEvent): string => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
/** The SSE body the server sends for `events` when nothing goes wrong. */
const sseBody = (events: readonly ResponseStreamEvent[]): string => events.map(frame).join('');

const startServer = replayServersPerTest();
const serve = (options: ReplayServerOptions = { recording: text.text }): Promise<ReplayServer> => startServer(options);

function createStream(server: ReplayServer, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.baseURL}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-5-nano', input: 'Say hello', stream: true }),
    ...init,
  });
}

/** Everything a body delivered, with the chunks' arrival times, and how the read ended. */
interface BodyRead {
  bytes: Uint8Array;
  chunks: { length: number; at: number }[];
  error: unknown;
}
async function readBody(response: Response): Promise<BodyRead> {
  const reader = response.body!.getReader();
  const parts: Uint8Array[] = [];
  const chunks: { length: number; at: number }[] = [];
  let error: unknown;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      chunks.push({ length: value.length, at: performance.now() });
    }
  } catch (cause) {
    error = cause;
  }
  return { bytes: Buffer.concat(parts), chunks, error };
}
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

const tcpResources = (): number => process.getActiveResourcesInfo().filter((name) => /TCP/i.test(name)).length;

describe('startReplayServer: routes', () => {
  it('listens on the loopback address only, at an ephemeral port', async () => {
    const server = await serve();
    expect(server.port).toBeGreaterThan(0);
    expect(server.baseURL).toBe(`http://127.0.0.1:${server.port}/v1`);
  });

  it('streams every event of the recording as SSE frames for POST /v1/responses with stream: true', async () => {
    const server = await serve();
    const response = await createStream(server);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-request-id')).toBe('req_1');
    const body = await response.text();
    expect(body).toBe(sseBody(text.events));
    const parsed = await collectNotifications(fromRecording(body));
    expect(parsed.values).toEqual(text.events);
  });

  it('answers a non-streaming POST /v1/responses with the final response as JSON', async () => {
    const server = await serve();
    for (const stream of [false, undefined]) {
      const response = await createStream(server, { body: JSON.stringify({ model: 'gpt-5-nano', input: 'Hi', stream }) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual(terminalResponseOf(text.events));
    }
  });

  it('answers a POST /v1/responses whose body is not JSON with a 400 error', async () => {
    const server = await serve();
    const response = await createStream(server, { body: 'not json' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param: null, code: null } });
  });

  it('serves only the first response of a recording that holds several', async () => {
    const firstId = responseIdOf(several.events);
    const first = several.events.slice(
      0,
      several.events.findIndex((e, i) => i > 0 && e.type === 'response.created'),
    );
    expect(first.length).toBeLessThan(several.events.length);
    for (const options of [{ recording: several.text }, { events: several.events }]) {
      const server = await serve(options);
      expect(await (await createStream(server)).text()).toBe(sseBody(first));
      const final = (await (await createStream(server, { body: '{"stream":false}' })).json()) as { id: string; status: string };
      expect(final).toMatchObject({ id: firstId, status: 'completed' });
      expect(final).toEqual(terminalResponseOf(first));
    }
  });

  it('answers a non-streaming request for a stream cut short with the response as accumulated', async () => {
    const server = await serve({ events: text.events.slice(0, 5) });
    const response = await createStream(server, { body: '{"stream":false}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: responseIdOf(text.events), status: 'in_progress' });
  });

  it('answers a non-streaming request for a stream that ended with an error event with that error', async () => {
    const error = { type: 'error', sequence_number: 2, code: 'rate_limit_exceeded', message: 'Slow down', param: null } as ResponseStreamEvent;
    const server = await serve({ events: [...text.events.slice(0, 2), error] });
    const response = await createStream(server, { body: '{"stream":false}' });
    expect(response.status).toBe(429);
    expect(response.headers.get('x-request-id')).toBe('req_1');
    expect(await response.json()).toEqual({ error: { message: 'Slow down', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
  });

  it('returns the final response for GET /v1/responses/:id', async () => {
    const server = await serve();
    const response = await fetch(`${server.baseURL}/responses/${responseIdOf(text.events)}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(terminalResponseOf(text.events));
  });

  it('resumes with GET /v1/responses/:id?stream=true&starting_after=N, and replays all without N', async () => {
    const server = await serve();
    const url = `${server.baseURL}/responses/${responseIdOf(text.events)}?stream=true`;
    const resumed = await fetch(`${url}&starting_after=4`);
    expect(resumed.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const expected = text.events.filter((e) => (e as { sequence_number: number }).sequence_number > 4);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(text.events.length);
    expect(await resumed.text()).toBe(sseBody(expected));
    expect(await (await fetch(url)).text()).toBe(sseBody(text.events));
  });

  it('answers an unknown response id with a 404 JSON error', async () => {
    const server = await serve();
    for (const [method, path] of [['GET', '/responses/resp_unknown'], ['POST', '/responses/resp_unknown/cancel']] as const) {
      const response = await fetch(`${server.baseURL}${path}`, { method });
      expect(response.status).toBe(404);
      expect(response.headers.get('x-request-id')).toMatch(/^req_\d+$/);
      expect(await response.json()).toEqual({
        error: { message: expect.stringContaining('resp_unknown'), type: 'invalid_request_error', param: null, code: null },
      });
    }
  });

  it('cancels with POST /v1/responses/:id/cancel', async () => {
    const server = await serve();
    const id = responseIdOf(text.events);
    const response = await fetch(`${server.baseURL}/responses/${id}/cancel`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ...(terminalResponseOf(text.events) as object), status: 'cancelled' });
  });

  it('answers anything else with a 404 in the OpenAI error shape, carrying x-request-id', async () => {
    const server = await serve();
    const origin = server.baseURL.replace(/\/v1$/, '');
    for (const [method, url] of [
      ['GET', `${server.baseURL}/models`],
      ['DELETE', `${server.baseURL}/responses`],
      ['POST', `${origin}/responses`],
    ] as const) {
      const response = await fetch(url, { method });
      expect(response.status, `${method} ${url}`).toBe(404);
      expect(response.headers.get('x-request-id')).toMatch(/^req_\d+$/);
      expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param: null, code: null } });
    }
  });
});

describe('startReplayServer: requests', () => {
  it('records every request in order: method, path, query, lower-cased headers and parsed body', async () => {
    const server = await serve();
    await (await createStream(server, { headers: { 'content-type': 'application/json', 'X-Custom-Header': 'Yes', Authorization: 'Bearer test' } })).text();
    await (await fetch(`${server.baseURL}/responses/${responseIdOf(text.events)}?stream=true&starting_after=3`)).text();
    await (await fetch(`${server.baseURL}/other`, { method: 'PUT', body: 'plain text' })).text();
    expect(server.requests).toEqual([
      {
        method: 'POST',
        path: '/v1/responses',
        query: {},
        headers: expect.objectContaining({ 'content-type': 'application/json', 'x-custom-header': 'Yes', authorization: 'Bearer test' }),
        body: { model: 'gpt-5-nano', input: 'Say hello', stream: true },
        attempt: 1,
      },
      expect.objectContaining({ method: 'GET', path: `/v1/responses/${responseIdOf(text.events)}`, query: { stream: 'true', starting_after: '3' }, body: undefined, attempt: 2 }),
      expect.objectContaining({ method: 'PUT', path: '/v1/other', body: 'plain text', attempt: 3 }),
    ]);
  });

  it('cuts the body into chunkSize-byte writes delayMs apart, delivering the same bytes', async () => {
    const server = await serve({ recording: text.text, chunkSize: 1024, delayMs: 20 });
    const started = performance.now();
    const read = await readBody(await createStream(server));
    const expected = sseBody(text.events);
    expect(decode(read.bytes)).toBe(expected);
    const writes = Math.ceil(Buffer.byteLength(expected) / 1024);
    expect(writes).toBeGreaterThan(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual((writes - 1) * 20 - 5);
  });
});

describe('startReplayServer: faults', () => {
  it('status: answers with the status, extra headers and the OpenAI error body, then serves the next request', async () => {
    const server = await serve({ recording: text.text, faults: [{ kind: 'status', status: 429, headers: { 'Retry-After': '1' } }] });
    const limited = await createStream(server);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-request-id')).toBe('req_1');
    expect(await limited.json()).toEqual({
      error: { message: expect.any(String), type: 'requests', param: null, code: 'rate_limit_exceeded' },
    });
    const retried = await createStream(server);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('x-request-id')).toBe('req_2');
    expect(await retried.text()).toBe(sseBody(text.events));
  });

  it('status: sends a given body as is', async () => {
    const server = await serve({
      recording: text.text,
      faults: [{ kind: 'status', status: 502, body: '<html>Bad gateway</html>' }, { kind: 'status', status: 400, body: { error: { message: 'custom' } } }],
    });
    const first = await createStream(server);
    expect([first.status, await first.text()]).toEqual([502, '<html>Bad gateway</html>']);
    const second = await createStream(server);
    expect([second.status, await second.json()]).toEqual([400, { error: { message: 'custom' } }]);
  });

  it('reset: the connection is reset before any response byte, so fetch rejects', async () => {
    const server = await serve({ recording: text.text, faults: [{ kind: 'reset' }] });
    await expect(createStream(server)).rejects.toThrow();
    expect(server.requests).toHaveLength(1);
    expect((await createStream(server)).status).toBe(200);
  });

  it('drop afterBytes: delivers exactly that many bytes of the body, then the read fails', async () => {
    const server = await serve({ recording: text.text, faults: [{ kind: 'drop', afterBytes: 100 }] });
    const response = await createStream(server);
    expect(response.status).toBe(200);
    const read = await readBody(response);
    expect(decode(read.bytes)).toBe(sseBody(text.events).slice(0, 100));
    expect(read.error).toBeInstanceOf(Error);
  });

  it('drop afterEvents: delivers exactly those events, then the read fails', async () => {
    const server = await serve({ recording: text.text, faults: [{ kind: 'drop', afterEvents: 3 }] });
    const read = await readBody(await createStream(server));
    expect(decode(read.bytes)).toBe(sseBody(text.events.slice(0, 3)));
    expect(read.error).toBeInstanceOf(Error);
  });

  it('stall: sends N events, then no byte for ms, then the rest', async () => {
    const server = await serve({ recording: text.text, faults: [{ kind: 'stall', afterEvents: 2, ms: 300 }] });
    const read = await readBody(await createStream(server));
    expect(decode(read.bytes)).toBe(sseBody(text.events));
    // Find the chunk that completed the first two events: the next one came after the stall.
    const firstTwo = Buffer.byteLength(sseBody(text.events.slice(0, 2)));
    let received = 0;
    const index = read.chunks.findIndex((chunk) => (received += chunk.length) >= firstTwo);
    expect(received).toBe(firstTwo);
    const gap = read.chunks[index + 1]!.at - read.chunks[index]!.at;
    expect(gap).toBeGreaterThanOrEqual(280);
  });

  it('stall without ms: stays silent until the client gives up', async () => {
    const server = await serve({ recording: text.text, faults: [{ kind: 'stall', afterEvents: 1 }] });
    const abort = new AbortController();
    const response = await createStream(server, { signal: abort.signal });
    const reader = response.body!.getReader();
    let received = '';
    while (received.length < frame(text.events[0]!).length) received += decode((await reader.read()).value!);
    expect(received).toBe(frame(text.events[0]!));
    const next = reader.read().then(() => 'data' as const, () => 'error' as const);
    const silence = new Promise((resolve) => setTimeout(resolve, 200, 'silence'));
    expect(await Promise.race([next, silence])).toBe('silence');
    abort.abort();
    await server.waitForIdle(1000);
  });

  it('stall until: sends N events, then nothing until the promise settles, then the rest', async () => {
    let open!: () => void;
    const until = new Promise<void>((resolve) => (open = resolve));
    const server = await serve({ recording: text.text, faults: [{ kind: 'stall', afterEvents: 2, until }] });
    const reader = (await createStream(server)).body!.getReader();
    const firstTwo = sseBody(text.events.slice(0, 2));
    let received = '';
    while (received.length < firstTwo.length) received += decode((await reader.read()).value!);
    expect(received).toBe(firstTwo);
    const next = reader.read();
    const silence = new Promise((resolve) => setTimeout(resolve, 200, 'silence'));
    expect(await Promise.race([next.then(() => 'data'), silence])).toBe('silence');
    open();
    received += decode((await next).value!);
    for (let read = await reader.read(); !read.done; read = await reader.read()) received += decode(read.value);
    expect(received).toBe(sseBody(text.events));
  });

  it('stall until with ms: goes on after ms when the promise never settles', async () => {
    const server = await serve({ recording: text.text, faults: [{ kind: 'stall', afterEvents: 1, ms: 100, until: new Promise(() => undefined) }] });
    const started = performance.now();
    expect(await (await createStream(server)).text()).toBe(sseBody(text.events));
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('stall until: a promise that rejects opens the gate too', async () => {
    const until = Promise.reject(new Error('gate closed for good'));
    until.catch(() => undefined); // handled by the server when the stall begins
    const server = await serve({ recording: text.text, faults: [{ kind: 'stall', afterEvents: 1, until }] });
    expect(await (await createStream(server)).text()).toBe(sseBody(text.events));
  });

  it('invalidJson: replaces one data line (0-based) with invalid JSON and keeps every other frame', async () => {
    const server = await serve({ recording: text.text, faults: [{ kind: 'invalidJson', atEvent: 3 }] });
    const body = await (await createStream(server)).text();
    const frames = body.split('\n\n').filter((f) => f !== '');
    expect(frames.map((f) => `${f}\n\n`)).toEqual([
      ...text.events.slice(0, 3).map(frame),
      expect.stringMatching(new RegExp(`^event: ${text.events[3]!.type}\ndata: \\{`)),
      ...text.events.slice(4).map(frame),
    ]);
    const parsed = await collectNotifications(fromRecording(body));
    expect(parsed.values).toEqual(text.events.slice(0, 3));
    expect(parsed.error).toMatchObject({ name: 'StreamParseError', reason: 'invalid_json', eventNumber: 4 });
  });

  it('splitBytes: one byte per write delivers the same bytes', async () => {
    const server = await serve({ recording: text.text, faults: [{ kind: 'splitBytes' }] });
    const read = await readBody(await createStream(server));
    expect(read.error).toBeUndefined();
    expect(decode(read.bytes)).toBe(sseBody(text.events));
    expect(read.chunks.length).toBeGreaterThan(1);
  });

  it('contentType: a 200 with another content type, with the usual body or the given one', async () => {
    const server = await serve({
      recording: text.text,
      faults: [{ kind: 'contentType', contentType: 'text/html' }, { kind: 'contentType', contentType: 'text/html; charset=utf-8', body: '<html>Sign in to the proxy</html>' }],
    });
    const first = await createStream(server);
    expect([first.status, first.headers.get('content-type')]).toEqual([200, 'text/html']);
    expect(await first.text()).toBe(sseBody(text.events));
    const second = await createStream(server);
    expect([second.status, second.headers.get('content-type'), await second.text()]).toEqual([200, 'text/html; charset=utf-8', '<html>Sign in to the proxy</html>']);
  });

  it('the function form gets each request and chooses its fault', async () => {
    const seen: [string, string, number][] = [];
    const server = await serve({
      recording: text.text,
      faults: (request) => {
        seen.push([request.method, request.path, request.attempt]);
        return request.method === 'GET' ? { kind: 'status', status: 503 } : undefined;
      },
    });
    expect((await createStream(server, { body: '{}' })).status).toBe(200);
    expect((await fetch(`${server.baseURL}/responses/${responseIdOf(text.events)}`)).status).toBe(503);
    expect(seen).toEqual([['POST', '/v1/responses', 1], ['GET', `/v1/responses/${responseIdOf(text.events)}`, 2]]);
  });
});

describe('startReplayServer: connections', () => {
  it('counts the open connection and drops it within 1 s after the client aborts mid-stream', async () => {
    const server = await serve({ recording: text.text, delayMs: 50 });
    const abort = new AbortController();
    const response = await createStream(server, { signal: abort.signal });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    expect(server.openConnections()).toBe(1);
    abort.abort();
    await server.waitForIdle(1000);
    expect(server.openConnections()).toBe(0);
  });

  it('waitForIdle rejects when a connection is still open after the timeout', async () => {
    const server = await serve({ recording: text.text, faults: [{ kind: 'stall', afterEvents: 0 }] });
    const abort = new AbortController();
    await createStream(server, { signal: abort.signal });
    await expect(server.waitForIdle(50)).rejects.toThrow(/still open/);
    abort.abort();
    await server.waitForIdle(1000);
  });

  it('close() destroys open connections and leaves no TCP handle behind', async () => {
    const before = tcpResources();
    const server = await startReplayServer({ recording: text.text, faults: [undefined, { kind: 'stall', afterEvents: 2 }] });
    await (await createStream(server)).text();
    const stalled = await createStream(server);
    const pending = readBody(stalled);
    expect(server.openConnections()).toBe(1);
    expect(tcpResources()).toBeGreaterThan(before);
    await server.close();
    expect(server.openConnections()).toBe(0);
    expect((await pending).error).toBeInstanceOf(Error);
    // The client's own sockets see the server's close a moment later.
    await vi.waitFor(() => expect(tcpResources()).toBeLessThanOrEqual(before), { timeout: 500, interval: 10 });
    await expect(server.close()).resolves.toBeUndefined();
    await expect(fetch(`${server.baseURL}/responses`)).rejects.toThrow();
  });
});

describe('startReplayServer: many clients at once', () => {
  it('streams the whole recording to 200 clients that connect together, byte for byte', async () => {
    // chunkSize 512 interleaves the responses' writes, all cut from the one shared body.
    const server = await serve({ recording: text.text, chunkSize: 512 });
    const bodies = await Promise.all(Array.from({ length: 200 }, async () => (await createStream(server)).text()));
    expect(bodies.filter((body) => body !== sseBody(text.events))).toEqual([]);
    expect(new Set(server.requests.map((request) => request.attempt)).size).toBe(200);
  });
});

describe('startReplayServer: options', () => {
  it('rejects unless exactly one of recording and events is given', async () => {
    await expect(startReplayServer({})).rejects.toThrow(TypeError);
    await expect(startReplayServer({ recording: text.text, events: text.events })).rejects.toThrow(TypeError);
  });

  it('rejects a recording line that is not an event', async () => {
    await expect(startReplayServer({ recording: `${text.text}\nnot json\n` })).rejects.toMatchObject({ name: 'StreamParseError' });
  });

  it('rejects a chunkSize that is not a positive integer and a negative delayMs', async () => {
    for (const chunkSize of [0, -1, 1.5, Number.NaN]) {
      await expect(startReplayServer({ recording: text.text, chunkSize })).rejects.toThrow(RangeError);
    }
    await expect(startReplayServer({ recording: text.text, delayMs: -1 })).rejects.toThrow(RangeError);
  });

  it('listens on a given port, and rejects with EADDRINUSE when that port is taken', async () => {
    const first = await serve();
    const taken = first.port;
    await expect(startReplayServer({ recording: text.text, port: taken })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await first.close();
    // The port is free again: a server asked for it gets it.
    const second = await serve({ recording: text.text, port: taken });
    expect(second.port).toBe(taken);
    expect(second.baseURL).toBe(`http://127.0.0.1:${taken}/v1`);
    expect((await createStream(second)).status).toBe(200);
  });

  it('rejects a port that is not an integer from 0 to 65535', async () => {
    for (const port of [-1, 65536, 80.5, Number.NaN]) {
      await expect(startReplayServer({ recording: text.text, port })).rejects.toThrow(RangeError);
    }
  });
});
