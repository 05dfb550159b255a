import { lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import {
  type ResponseStreamEvent,
  createClient,
  finalResponse,
  isAPIConnectionError,
  isAPIError,
  isAPITimeoutError,
  isStreamTruncatedError,
} from '../../src/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { SECRET, controlledBody, echoedForms, errorTexts, fakeClient, fakeFetch, fastScheduler, hangingReply, jsonResponse, showsSecret, sse, sseResponse } from './fakeFetch.js';
import { resumableRecording } from './resumableRecording.js';
import { deltaText } from '../support/deltaText.js';
import { settle } from '../support/settle.js';

const recording = resumableRecording();
const EVENTS = recording.events;
const RESPONSE_ID = (EVENTS[0] as { response: { id: string } }).response.id;
const PARAMS = { model: 'gpt-5-nano', input: 'Say hello' };

const client = fakeClient;

describe('responses.stream()', () => {
  it('is lazy and posts {...params, stream: true} with accept: text/event-stream', async () => {
    const { fetch, calls } = fakeFetch([sseResponse(sse(EVENTS))]);
    const events$ = client(fetch).responses.stream(PARAMS);
    await settle();
    expect(calls).toHaveLength(0);
    const events = await lastValueFrom(events$.pipe(toArray()));
    expect(events).toEqual(EVENTS);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      url: 'https://api.example/v1/responses',
      method: 'POST',
      body: { ...PARAMS, stream: true },
      headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
    });
  });

  it('shares one request between subscribers, and replays everything to late ones', async () => {
    const body = controlledBody();
    const { fetch, calls } = fakeFetch([sseResponse(body.stream)]);
    const events$ = client(fetch).responses.stream(PARAMS);
    const first = collectNotifications(events$);
    const second = collectNotifications(events$);
    await settle();
    body.push(sse(EVENTS.slice(0, 3)));
    await settle();
    const third = collectNotifications(events$);
    body.push(sse(EVENTS.slice(3)));
    body.close();
    for (const result of await Promise.all([first, second, third])) {
      expect(result.values).toEqual(EVENTS);
      expect(result.completed).toBe(true);
    }
    expect((await collectNotifications(events$)).values).toEqual(EVENTS);
    expect(calls).toHaveLength(1);
  });

  it('with replay: false, shares one request and keeps nothing: early subscribers see every event, a late one only what follows', async () => {
    const body = controlledBody();
    const { fetch, calls } = fakeFetch([sseResponse(body.stream)]);
    const events$ = client(fetch).responses.stream(PARAMS, { replay: false });
    const first = collectNotifications(events$);
    const second = collectNotifications(events$);
    await settle();
    body.push(sse(EVENTS.slice(0, 3)));
    await settle();
    const late = collectNotifications(events$);
    body.push(sse(EVENTS.slice(3)));
    body.close();
    for (const result of await Promise.all([first, second])) {
      expect(result.values).toEqual(EVENTS);
      expect(result.completed).toBe(true);
    }
    const lateResult = await late;
    expect(lateResult.values).toEqual(EVENTS.slice(3));
    expect(lateResult.completed).toBe(true);
    // After the end: the completion, no events, and no second request.
    const after = await collectNotifications(events$);
    expect(after.values).toEqual([]);
    expect(after.completed).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('aborts the request and cancels the body only when the last subscriber leaves', async () => {
    const body = controlledBody();
    const { fetch, calls } = fakeFetch([sseResponse(body.stream)]);
    const events$ = client(fetch).responses.stream(PARAMS);
    const a = events$.subscribe();
    const b = events$.subscribe();
    await settle();
    body.push(sse(EVENTS.slice(0, 2)));
    await settle();
    a.unsubscribe();
    expect(calls[0]?.signal.aborted).toBe(false);
    b.unsubscribe();
    expect(calls[0]?.signal.aborted).toBe(true);
    await vi.waitFor(() => expect(body.cancelled).toBe(true));
  });

  it('aborts a request that is still waiting for headers', async () => {
    const { fetch, calls } = fakeFetch([hangingReply()]);
    const subscription = client(fetch).responses.stream(PARAMS).subscribe();
    await settle();
    subscription.unsubscribe();
    expect(calls[0]?.signal.aborted).toBe(true);
  });

  it('stops at take(n) and aborts', async () => {
    const body = controlledBody();
    const { fetch, calls } = fakeFetch([sseResponse(body.stream)]);
    const result = lastValueFrom(client(fetch).responses.stream(PARAMS).pipe(take(2), toArray()));
    await settle();
    body.push(sse(EVENTS));
    expect(await result).toEqual(EVENTS.slice(0, 2));
    expect(calls[0]?.signal.aborted).toBe(true);
  });

  it('errors with the signal reason when the caller aborts', async () => {
    const controller = new AbortController();
    const { fetch, calls } = fakeFetch([hangingReply()]);
    const result = collectNotifications(client(fetch).responses.stream(PARAMS, { signal: controller.signal }));
    await settle();
    controller.abort(new Error('user gave up'));
    expect((await result).error).toMatchObject({ message: 'user gave up' });
    expect(calls[0]?.signal.aborted).toBe(true);
  });

  it('turns a 200 that is not text/event-stream into an APIError saying what came', async () => {
    const html = '<html><head><title>Login</title></head><body><h1>Please sign in</h1></body></html>';
    const { fetch, calls } = fakeFetch([new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'x-request-id': 'req_html' } })]);
    const { error } = await collectNotifications(client(fetch).responses.stream(PARAMS));
    expect(isAPIError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'APIError', status: 200, requestID: 'req_html' });
    expect((error as Error).message).toContain('expected text/event-stream, got text/html');
    expect((error as Error).message).toContain('Login Please sign in');
    expect(calls).toHaveLength(1);
  });

  it('reports a drop mid-stream as StreamTruncatedError with the partial text, and never retries it', async () => {
    const body = controlledBody();
    const cut = EVENTS.findIndex((e) => e.type === 'response.output_text.delta') + 3;
    const { fetch, calls } = fakeFetch([sseResponse(body.stream)]);
    const result = collectNotifications(client(fetch).responses.stream(PARAMS).pipe(finalResponse()));
    await settle();
    body.push(sse(EVENTS.slice(0, cut)));
    await settle();
    body.fail(new TypeError('terminated'));
    const { error } = await result;
    expect(isStreamTruncatedError(error)).toBe(true);
    const truncated = error as import('../../src/index.js').StreamTruncatedError;
    expect(truncated.lastSequenceNumber).toBe(cut - 1);
    expect(truncated.snapshot?.outputText).toBe(deltaText(EVENTS.slice(0, cut)));
    expect(truncated.snapshot?.outputText.length).toBeGreaterThan(0);
    expect(isAPIConnectionError(truncated.cause)).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('reports a clean end without a terminal event as StreamTruncatedError', async () => {
    const { fetch } = fakeFetch([sseResponse(sse(EVENTS.slice(0, 5)))]);
    const { values, error } = await collectNotifications(client(fetch).responses.stream(PARAMS));
    expect(values).toEqual(EVENTS.slice(0, 5));
    expect(error).toMatchObject({ name: 'StreamTruncatedError', lastSequenceNumber: 4 });
    expect((error as Error).message).toContain('closed');
  });

  it('passes invalid JSON mid-stream through as StreamParseError', async () => {
    const { fetch } = fakeFetch([sseResponse(`${sse(EVENTS.slice(0, 2))}data: {"type":"response.output\n\n${sse(EVENTS.slice(2))}`)]);
    const { error } = await collectNotifications(client(fetch).responses.stream(PARAMS));
    expect(error).toMatchObject({ name: 'StreamParseError' });
  });

  it('fires the idle timeout when the body goes quiet; keepalive events keep it alive', async () => {
    // 20 s of client time is 200 ms here.
    const scheduler = fastScheduler(100);
    const body = controlledBody();
    const { fetch, calls } = fakeFetch([sseResponse(body.stream)]);
    const result = collectNotifications(client(fetch, { scheduler, timeouts: { idleMs: 20_000 } }).responses.stream(PARAMS));
    await settle();
    body.push(sse(EVENTS.slice(0, 2)));
    for (let i = 0; i < 6; i++) {
      await settle(50);
      body.push(sse([{ type: 'keepalive', sequence_number: 2 + i }]));
    }
    expect(calls[0]?.signal.aborted).toBe(false);
    const { error, values } = await result;
    expect(values).toHaveLength(8);
    expect(isStreamTruncatedError(error)).toBe(true);
    const cause = (error as Error).cause;
    expect(isAPITimeoutError(cause)).toBe(true);
    expect(cause).toMatchObject({ kind: 'idle', timeoutMs: 20_000, code: 'timeout' });
    expect(calls[0]?.signal.aborted).toBe(true);
  });

  it('completes when the terminal event arrived, even if the connection then lingers or breaks', async () => {
    const scheduler = fastScheduler(1000);
    const lingering = controlledBody();
    lingering.push(sse(EVENTS));
    const breaking = controlledBody();
    breaking.push(sse(EVENTS));
    const { fetch } = fakeFetch([sseResponse(lingering.stream), sseResponse(breaking.stream)]);
    const c = client(fetch, { scheduler, timeouts: { idleMs: 10_000 } });
    const first = await collectNotifications(c.responses.stream(PARAMS));
    expect(first).toMatchObject({ completed: true, values: EVENTS });
    const second = collectNotifications(c.responses.stream(PARAMS));
    await settle();
    breaking.fail(new TypeError('terminated'));
    expect(await second).toMatchObject({ completed: true, values: EVENTS });
  });

  it('ends at an error event, delivering it, and aborts the request and cancels the body the server keeps open', async () => {
    const body = controlledBody();
    const { fetch, calls } = fakeFetch([sseResponse(body.stream, { headers: { 'x-request-id': 'req_err' } })]);
    const result = collectNotifications(client(fetch, { timeouts: { idleMs: 3_600_000 } }).responses.stream(PARAMS));
    await settle();
    const errorEvent = { type: 'error', sequence_number: 3, error: { type: 'server_error', code: 'server_error', message: 'boom', param: null } };
    body.push(sse([...EVENTS.slice(0, 3), errorEvent]));
    // The body stays open: only the error event can end the stream.
    const { values, error } = await result;
    expect(values).toEqual([...EVENTS.slice(0, 3), errorEvent]);
    expect(error).toMatchObject({ name: 'ResponseStreamError', code: 'server_error', type: 'server_error', requestID: 'req_err', sequenceNumber: 3, serverMessage: 'boom' });
    expect((error as { payload: unknown }).payload).toEqual(errorEvent.error);
    expect(calls[0]?.signal.aborted).toBe(true);
    await vi.waitFor(() => expect(body.cancelled).toBe(true));
    expect(calls).toHaveLength(1);
  });

  it('fires the connect timeout, retries it, then gives up with APITimeoutError', async () => {
    const scheduler = fastScheduler(1000);
    const { fetch, calls } = fakeFetch([hangingReply()]);
    const { error } = await collectNotifications(client(fetch, { scheduler, maxRetries: 1, timeouts: { connectMs: 5_000 } }).responses.stream(PARAMS));
    expect(error).toMatchObject({ name: 'APITimeoutError', kind: 'connect', timeoutMs: 5_000 });
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.signal.aborted)).toBe(true);
  });

  it('fires the total timeout', async () => {
    const scheduler = fastScheduler(1000);
    const body = controlledBody();
    const { fetch, calls } = fakeFetch([sseResponse(body.stream)]);
    const result = collectNotifications(client(fetch, { scheduler, timeouts: { totalMs: 30_000 } }).responses.stream(PARAMS));
    for (let i = 0; i < 20 && !calls[0]?.signal.aborted; i++) {
      body.push(sse([{ type: 'keepalive', sequence_number: i }]));
      await settle(5);
    }
    const { error } = await result;
    expect(error).toMatchObject({ name: 'APITimeoutError', kind: 'total', timeoutMs: 30_000 });
    expect(calls[0]?.signal.aborted).toBe(true);
  });
});

describe('responses.stream() with resume', () => {
  it('reconnects after the last sequence_number, drops duplicates and completes seamlessly', async () => {
    const first = controlledBody();
    const { fetch, calls } = fakeFetch([
      sseResponse(first.stream),
      // A server that ignores starting_after and replays from the start: duplicates must go.
      sseResponse(sse(EVENTS)),
    ]);
    const result = collectNotifications(client(fetch).responses.stream({ ...PARAMS, background: true }, { resume: true }));
    await settle();
    first.push(sse(EVENTS.slice(0, 6)));
    await settle();
    first.fail(new TypeError('terminated'));
    const { values, completed } = await result;
    expect(completed).toBe(true);
    expect(values).toEqual(EVENTS);
    expect(calls).toHaveLength(2);
    const resumed = new URL(calls[1]!.url);
    expect(calls[1]?.method).toBe('GET');
    expect(resumed.pathname).toBe(`/v1/responses/${RESPONSE_ID}`);
    expect(Object.fromEntries(resumed.searchParams)).toEqual({ stream: 'true', starting_after: '5' });
    expect(calls[1]?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('resumes after a clean end without a terminal event and after an idle timeout', async () => {
    const scheduler = fastScheduler(1000);
    const { fetch, calls } = fakeFetch([
      sseResponse(sse(EVENTS.slice(0, 3))),
      () => {
        const stalled = controlledBody();
        stalled.push(sse(EVENTS.slice(3, 5)));
        return sseResponse(stalled.stream);
      },
      (call) => sseResponse(sse(EVENTS.slice(Number(new URL(call.url).searchParams.get('starting_after')) + 1))),
    ]);
    const { values, completed } = await collectNotifications(client(fetch, { scheduler, timeouts: { idleMs: 10_000 } }).responses.stream(PARAMS, { resume: true }));
    expect(completed).toBe(true);
    expect(values).toEqual(EVENTS);
    expect(calls.map((c) => new URL(c.url).searchParams.get('starting_after'))).toEqual([null, '2', '4']);
    expect(calls[1]?.signal.aborted).toBe(true);
  });

  it('keeps api-version and the api-key header on the resume request (Azure)', async () => {
    const { fetch, calls } = fakeFetch([sseResponse(sse(EVENTS.slice(0, 3))), sseResponse(sse(EVENTS.slice(3)))]);
    const azure = client(fetch, { baseURL: 'https://res.openai.azure.com/openai/v1', apiVersion: 'preview', authHeader: 'api-key' });
    const { values } = await collectNotifications(azure.responses.stream(PARAMS, { resume: true }));
    expect(values).toEqual(EVENTS);
    const resumed = new URL(calls[1]!.url);
    expect(resumed.pathname).toBe(`/openai/v1/responses/${RESPONSE_ID}`);
    expect(Object.fromEntries(resumed.searchParams)).toEqual({ stream: 'true', starting_after: '2', 'api-version': 'preview' });
    expect(calls[1]?.headers['api-key']).toBe(SECRET);
  });

  it('gives up after maxRetries reconnects in a row without progress', async () => {
    const scheduler = fastScheduler(1000);
    const { fetch, calls } = fakeFetch([
      sseResponse(sse(EVENTS.slice(0, 4))),
      new TypeError('fetch failed'),
      jsonResponse({ error: { message: 'overloaded' } }, { status: 503, headers: { 'retry-after-ms': '1500' } }),
      new TypeError('fetch failed'),
    ]);
    const { error } = await collectNotifications(client(fetch, { scheduler, maxRetries: 2 }).responses.stream(PARAMS, { resume: true }));
    expect(calls).toHaveLength(3);
    expect(error).toMatchObject({ name: 'StreamTruncatedError', lastSequenceNumber: 3 });
    expect((error as Error).message).toContain('gave up after 2 reconnects');
    expect((error as Error).cause).toMatchObject({ name: 'InternalServerError', status: 503 });
  });

  it('does not resume a stream whose response id never arrived', async () => {
    const { fetch, calls } = fakeFetch([sseResponse('')]);
    const { error } = await collectNotifications(client(fetch).responses.stream(PARAMS, { resume: true }));
    expect(error).toMatchObject({ name: 'StreamTruncatedError' });
    expect((error as Error).message).toContain('no response id');
    expect(calls).toHaveLength(1);
  });

  it('stops resuming on a refused reconnect (404)', async () => {
    const { fetch, calls } = fakeFetch([
      sseResponse(sse(EVENTS.slice(0, 4))),
      jsonResponse({ error: { message: 'No response found', code: 'not_found' } }, { status: 404 }),
    ]);
    const { error } = await collectNotifications(client(fetch).responses.stream(PARAMS, { resume: true }));
    expect(calls).toHaveLength(2);
    expect(error).toMatchObject({ name: 'StreamTruncatedError', cause: { name: 'NotFoundError' } });
  });
});

describe('responses.retrieve(id, { stream: true })', () => {
  it('GETs the stream after starting_after and is shared like stream()', async () => {
    const { fetch, calls } = fakeFetch([sseResponse(sse(EVENTS.slice(3)))]);
    const events$ = client(fetch).responses.retrieve(RESPONSE_ID, { stream: true, starting_after: 2 });
    const [a, b] = await Promise.all([collectNotifications(events$), collectNotifications(events$)]);
    expect(a.values).toEqual(EVENTS.slice(3));
    expect(b.values).toEqual(EVENTS.slice(3));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('GET');
    expect(Object.fromEntries(new URL(calls[0]!.url).searchParams)).toEqual({ stream: 'true', starting_after: '2' });
  });
});

describe('errors never show the API key', () => {
  it('scrubs the key from server messages, headers, fetch errors and their causes', async () => {
    const leakyCause = Object.assign(new Error(`connect ECONNREFUSED with ${SECRET}`), { code: 'ECONNREFUSED', key: SECRET });
    const leaky = new TypeError(`fetch failed for https://x/?key=${encodeURIComponent(SECRET)}`, { cause: leakyCause });
    const { fetch } = fakeFetch([
      jsonResponse({ error: { message: `Incorrect API key provided: ${SECRET}`, code: 'invalid_api_key', param: SECRET } }, { status: 401, headers: { 'x-echo': `Bearer ${SECRET}` } }),
      new Response(`<html><body>bad key ${SECRET}</body></html>`, { status: 502, headers: { 'content-type': 'text/html' } }),
      leaky,
    ]);
    const c = client(fetch, { maxRetries: 0 });
    const errors: unknown[] = [];
    for (let i = 0; i < 3; i++) errors.push((await collectNotifications(c.responses.stream(PARAMS))).error);
    expect(errors.map((e) => (e as Error).name)).toEqual(['AuthenticationError', 'InternalServerError', 'APIConnectionError']);
    for (const error of errors) expect(errorTexts(error)).not.toContain(SECRET);
    expect((errors[0] as Error).message).toContain('[redacted]');
    expect((errors[2] as Error).cause).toBeInstanceOf(Error);
    expect(((errors[2] as Error).cause as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('keeps a clean cause as it is', async () => {
    const cause = new TypeError('fetch failed');
    const { fetch } = fakeFetch([cause]);
    const { error } = await collectNotifications(client(fetch, { maxRetries: 0 }).responses.stream(PARAMS));
    expect((error as Error).cause).toBe(cause);
  });
});

describe('the key, echoed twice in every form, in every place an error carries text', () => {
  const FORMS = Object.values(echoedForms(SECRET));
  /** Every form of the key, each twice. */
  const ECHO = [...FORMS, ...FORMS].join(' ');
  const started = { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', output: [] } };

  /** Every text an error shows except its snapshot (the user's own received data, which may keep what the server sent). */
  const ownTexts = (error: unknown): string => {
    const holder = error as { snapshot?: unknown };
    const snapshot = holder.snapshot;
    holder.snapshot = undefined;
    try {
      return errorTexts(error);
    } finally {
      holder.snapshot = snapshot;
    }
  };

  const PLACES: [string, () => Response | Error, string?][] = [
    ['the JSON error body (message, code, param, type)', () => jsonResponse({ error: { message: ECHO, code: ECHO, param: ECHO, type: ECHO } }, { status: 401 })],
    ['a JSON body without an error message (quoted raw)', () => new Response(JSON.stringify({ detail_text: ECHO }), { status: 400, headers: { 'content-type': 'application/json' } })],
    ['an HTML page', () => new Response(`<html><body><p>${ECHO}</p><p>${ECHO.replace(/&/g, '&amp;')}</p></body></html>`, { status: 502, headers: { 'content-type': 'text/html' } })],
    ['the status text and headers', () => new Response('', { status: 403, statusText: `Forbidden ${encodeURIComponent(SECRET)}`, headers: { 'x-echo': ECHO, 'x-request-id': `req_${encodeURIComponent(SECRET)}` } })],
    ['the fetch error and its causes', () => new TypeError(`fetch failed: ${ECHO}`, { cause: Object.assign(new Error(`connect: ${ECHO}`), { code: 'ECONNRESET', url: `https://api.example/v1/responses?key=${ECHO}` }) })],
    ['the URL of a connection error', () => new TypeError('fetch failed'), `https://api.example/${encodeURIComponent(SECRET)}/${encodeURIComponent(SECRET)}/v1`],
    ['a stream error event', () => sseResponse(sse([started, { type: 'error', sequence_number: 1, error: { type: ECHO, code: ECHO, message: ECHO, param: ECHO } }]), { headers: { 'x-request-id': `req ${SECRET}` } })],
    ['a flat stream error event', () => sseResponse(sse([started, { type: 'error', sequence_number: 1, code: ECHO, message: ECHO, param: ECHO }]))],
    ['a body that breaks off', () => sseResponse(new ReadableStream({ start: (c) => c.error(new TypeError(`terminated ${ECHO}`, { cause: new Error(ECHO) })) }))],
  ];

  it.each(PLACES)('%s', async (_place, reply, baseURL) => {
    // The check sees the key in what the server sends, so its silence below means something.
    expect(showsSecret(ECHO)).toBe(true);
    const { fetch } = fakeFetch([reply]);
    const c = createClient({ apiKey: SECRET, fetch, baseURL: baseURL ?? 'https://api.example/v1', maxRetries: 0 });
    const { error } = await collectNotifications(c.responses.stream(PARAMS));
    expect(error).toBeInstanceOf(Error);
    const texts = ownTexts(error);
    expect(showsSecret(texts), texts.slice(0, 2000)).toBe(false);
    expect(texts).toContain('[redacted]');
  });
});
