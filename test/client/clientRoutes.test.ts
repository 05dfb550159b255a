import { type Observable, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type ResponsesSocket, createClient } from '../../src/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { SECRET, controlledBody, fakeClient, fakeFetch, hangingReply, jsonResponse, sse, sseResponse, timerCountingScheduler } from './fakeFetch.js';
import { resumableRecording } from './resumableRecording.js';
import { settle } from '../support/settle.js';
import { thrown } from '../support/thrown.js';

const recording = resumableRecording();
const EVENTS = recording.events;
const RESPONSE = { id: 'resp_1', object: 'response', status: 'completed', output: [] };

describe('the client routes', () => {
  it('create() sends the params without `stream` and waits for headers with the long connect timeout', async () => {
    const { fetch, calls } = fakeFetch([hangingReply()]);
    const scheduler = timerCountingScheduler(1_000_000);
    const { error } = await collectNotifications(fakeClient(fetch, { scheduler, maxRetries: 0 }).responses.create({ model: 'm', input: 'Hi', stream: true } as never));
    expect(calls[0]?.body).toEqual({ model: 'm', input: 'Hi' });
    // The blocking default (10 min), not the streaming one (60 s).
    expect(error).toMatchObject({ name: 'APITimeoutError', kind: 'connect', timeoutMs: 600_000 });
  });

  it('create() keeps the connect timeout and retries the caller set', async () => {
    const { fetch, calls } = fakeFetch([hangingReply()]);
    const scheduler = timerCountingScheduler(1_000_000);
    const { error } = await collectNotifications(fakeClient(fetch, { scheduler, maxRetries: 1, timeouts: { connectMs: 2_000 } }).responses.create({ model: 'm', input: 'Hi' }));
    expect(error).toMatchObject({ name: 'APITimeoutError', kind: 'connect', timeoutMs: 2_000 });
    expect(calls).toHaveLength(2);
  });

  it.each<[string, (c: ReturnType<typeof createClient>) => Observable<unknown>]>([
    ['retrieve', (c: ReturnType<typeof createClient>) => c.responses.retrieve('resp_1')],
    ['cancel', (c: ReturnType<typeof createClient>) => c.responses.cancel('resp_1')],
    ['delete', (c: ReturnType<typeof createClient>) => c.responses.delete('resp_1')],
    ['compact', (c: ReturnType<typeof createClient>) => c.responses.compact({ model: 'm', input: [] } as never)],
    ['inputTokens', (c: ReturnType<typeof createClient>) => c.responses.inputTokens({ model: 'm', input: 'x' })],
    ['inputItems', (c: ReturnType<typeof createClient>) => c.responses.inputItems('resp_1')],
  ])('%s() uses the client connect timeout and retries', async (_name, call) => {
    const { fetch, calls } = fakeFetch([hangingReply()]);
    const scheduler = timerCountingScheduler(1_000_000);
    const { error } = await collectNotifications(call(fakeClient(fetch, { scheduler, maxRetries: 1, timeouts: { connectMs: 3_000 } })));
    expect(error).toMatchObject({ name: 'APITimeoutError', kind: 'connect', timeoutMs: 3_000 });
    expect(calls).toHaveLength(2);
  });

  it.each([
    ['retrieve', (c: ReturnType<typeof createClient>, signal: AbortSignal) => c.responses.retrieve('resp_1', { signal })],
    ['retrieve a stream', (c: ReturnType<typeof createClient>, signal: AbortSignal) => c.responses.retrieve('resp_1', { stream: true, signal })],
    ['stream', (c: ReturnType<typeof createClient>, signal: AbortSignal) => c.responses.stream({ model: 'm', input: 'x' }, { signal })],
    ['create', (c: ReturnType<typeof createClient>, signal: AbortSignal) => c.responses.create({ model: 'm', input: 'x' }, { signal })],
    ['cancel', (c: ReturnType<typeof createClient>, signal: AbortSignal) => c.responses.cancel('resp_1', { signal })],
    ['delete', (c: ReturnType<typeof createClient>, signal: AbortSignal) => c.responses.delete('resp_1', { signal })],
    ['compact', (c: ReturnType<typeof createClient>, signal: AbortSignal) => c.responses.compact({ model: 'm', input: [] } as never, { signal })],
    ['inputTokens', (c: ReturnType<typeof createClient>, signal: AbortSignal) => c.responses.inputTokens({ model: 'm', input: 'x' }, { signal })],
    ['inputItems', (c: ReturnType<typeof createClient>, signal: AbortSignal) => c.responses.inputItems('resp_1', {}, { signal })],
  ])('%s() ends with the reason of the caller signal', async (_name, call) => {
    const { fetch } = fakeFetch([hangingReply()]);
    const controller = new AbortController();
    const result = collectNotifications(call(fakeClient(fetch), controller.signal) as never);
    await settle();
    const reason = new Error('caller stopped');
    controller.abort(reason);
    expect((await result).error).toBe(reason);
  });

  it('delete() keeps what the server says about the deletion', async () => {
    const { fetch, calls } = fakeFetch([jsonResponse({ id: 'resp_1', object: 'response.deleted', deleted: false })]);
    expect(await lastValueFrom(fakeClient(fetch).responses.delete('resp_1'))).toEqual({ id: 'resp_1', object: 'response.deleted', deleted: false });
    expect(calls[0]).toMatchObject({ method: 'DELETE', url: 'https://api.example/v1/responses/resp_1' });
  });

  it('compact() and inputTokens() post to their routes', async () => {
    const { fetch, calls } = fakeFetch([() => jsonResponse(RESPONSE)]);
    await lastValueFrom(fakeClient(fetch).responses.compact({ model: 'm', input: [] } as never));
    await lastValueFrom(fakeClient(fetch).responses.inputTokens({ model: 'm', input: 'x' }));
    expect(calls.map((c) => `${c.method} ${c.url} ${JSON.stringify(c.body)}`)).toEqual([
      'POST https://api.example/v1/responses/compact {"model":"m","input":[]}',
      'POST https://api.example/v1/responses/input_tokens {"model":"m","input":"x"}',
    ]);
  });

  it('encodes the id into the path, and refuses one that is not a non-empty string', async () => {
    const { fetch, calls } = fakeFetch([jsonResponse(RESPONSE)]);
    const client = fakeClient(fetch);
    await lastValueFrom(client.responses.cancel('resp/1?x'));
    expect(calls[0]?.url).toBe('https://api.example/v1/responses/resp%2F1%3Fx/cancel');
    for (const id of ['', 7, undefined]) {
      for (const call of [
        () => client.responses.retrieve(id as string),
        () => client.responses.cancel(id as string),
        () => client.responses.delete(id as string),
        () => client.responses.inputItems(id as string),
      ]) {
        expect(thrown(call)).toMatchObject({ name: 'ClientOptionsError', option: 'id', message: 'Invalid id: expected a non-empty response id' });
      }
    }
    expect(calls).toHaveLength(1);
  });

  it('refuses params that are not an object', () => {
    const client = fakeClient(fakeFetch([]).fetch);
    for (const params of [null, [], 'text', 3]) {
      for (const call of [
        () => client.responses.stream(params as never),
        () => client.responses.create(params as never),
        () => client.responses.compact(params as never),
        () => client.responses.inputTokens(params as never),
        () => client.responses.run(params as never, { tools: [] }),
      ]) {
        expect(thrown(call)).toMatchObject({ name: 'ClientOptionsError', option: 'params', message: 'Invalid params: expected an object' });
      }
    }
  });

  it('inputItems() takes a limit from 1 to 100 only', async () => {
    const client = fakeClient(fakeFetch([() => jsonResponse({ data: [], has_more: false })]).fetch);
    for (const limit of [0, 101, 1.5, Number.NaN]) {
      expect(thrown(() => client.responses.inputItems('resp_1', { limit }))).toMatchObject({
        name: 'ClientOptionsError',
        option: 'limit',
        message: `Invalid limit: expected an integer from 1 to 100, got ${String(limit)}`,
      });
    }
    for (const limit of [1, 100]) expect(await lastValueFrom(client.responses.inputItems('resp_1', { limit }).pipe(toArray()))).toEqual([]);
  });

  it('retrieve({ stream: true }) asks for the stream from starting_after, and refuses a bad one', async () => {
    const { fetch, calls } = fakeFetch([() => sseResponse(sse(EVENTS.slice(3)))]);
    const client = fakeClient(fetch);
    const events = await lastValueFrom(client.responses.retrieve('resp_1', { stream: true, starting_after: 2 }).pipe(toArray()));
    expect(events).toEqual(EVENTS.slice(3));
    expect(calls[0]).toMatchObject({ method: 'GET', url: 'https://api.example/v1/responses/resp_1?stream=true&starting_after=2', headers: { accept: 'text/event-stream' } });
    await lastValueFrom(client.responses.retrieve('resp_1', { stream: true, starting_after: 0 }).pipe(toArray()));
    expect(calls[1]?.url).toBe('https://api.example/v1/responses/resp_1?stream=true&starting_after=0');
    for (const startingAfter of [-1, 1.5, Number.NaN]) {
      expect(thrown(() => client.responses.retrieve('resp_1', { stream: true, starting_after: startingAfter }))).toMatchObject({
        name: 'ClientOptionsError',
        option: 'starting_after',
        message: `Invalid starting_after: expected an integer >= 0, got ${String(startingAfter)}`,
      });
    }
  });

  it('retrieve({ stream: true }) without starting_after asks for the whole stream, and drops the events it already had when it resumes', async () => {
    const body = controlledBody();
    const { fetch, calls } = fakeFetch([sseResponse(body.stream), sseResponse(sse(EVENTS))]);
    const result = collectNotifications(fakeClient(fetch).responses.retrieve('resp_1', { stream: true, resume: true }));
    await settle();
    body.push(sse(EVENTS.slice(0, 4)));
    await settle();
    body.fail(new TypeError('terminated'));
    const { values, completed } = await result;
    expect(completed).toBe(true);
    expect(values).toEqual(EVENTS);
    expect(calls.map((c) => c.url)).toEqual(['https://api.example/v1/responses/resp_1?stream=true', 'https://api.example/v1/responses/resp_1?stream=true&starting_after=3']);
  });

  it('retrieve({ stream: true }) drops the events up to starting_after that a server sends anyway', async () => {
    const { fetch } = fakeFetch([() => sseResponse(sse(EVENTS))]);
    const events = await lastValueFrom(fakeClient(fetch).responses.retrieve('resp_1', { stream: true, starting_after: 2 }).pipe(toArray()));
    expect(events).toEqual(EVENTS.slice(3));
  });

  it('stream() keeps its error for later subscribers: no second request', async () => {
    const { fetch, calls } = fakeFetch([() => jsonResponse({ error: { message: 'no such model' } }, { status: 400 })]);
    const events$ = fakeClient(fetch).responses.stream({ model: 'm', input: 'x' });
    const first = await collectNotifications(events$);
    const second = await collectNotifications(events$);
    expect(first.error).toMatchObject({ name: 'BadRequestError' });
    expect(second.error).toBe(first.error);
    expect(calls).toHaveLength(1);
  });

  it('run() is one run however often it is subscribed: replayed to later subscribers, its error kept', async () => {
    const ok = fakeFetch([() => sseResponse(sse(EVENTS))]);
    const run$ = fakeClient(ok.fetch).responses.run({ model: 'm', input: 'x' }, { tools: [] });
    const first = await lastValueFrom(run$.pipe(toArray()));
    const second = await lastValueFrom(run$.pipe(toArray()));
    expect(first.length).toBeGreaterThan(EVENTS.length);
    expect(second).toEqual(first);
    expect(ok.calls).toHaveLength(1);

    const failing = fakeFetch([() => jsonResponse({ error: { message: 'no such model' } }, { status: 400 })]);
    const failed$ = fakeClient(failing.fetch).responses.run({ model: 'm', input: 'x' }, { tools: [] });
    const error = (await collectNotifications(failed$)).error;
    expect(error).toMatchObject({ name: 'BadRequestError' });
    expect((await collectNotifications(failed$)).error).toBe(error);
    expect(failing.calls).toHaveLength(1);
  });

  it('run() with replay: false keeps nothing for a later subscriber, and runs once', async () => {
    const { fetch, calls } = fakeFetch([() => sseResponse(sse(EVENTS))]);
    const run$ = fakeClient(fetch).responses.run({ model: 'm', input: 'x' }, { tools: [], replay: false });
    expect((await lastValueFrom(run$.pipe(toArray()))).length).toBeGreaterThan(EVENTS.length);
    const late = await collectNotifications(run$);
    expect(late).toMatchObject({ values: [], completed: true });
    expect(calls).toHaveLength(1);
  });

  it('retrieve({ stream: true }) without resume reports a drop', async () => {
    const { fetch, calls } = fakeFetch([sseResponse(sse(EVENTS.slice(0, 4)))]);
    const { error } = await collectNotifications(fakeClient(fetch).responses.retrieve('resp_1', { stream: true }));
    expect(error).toMatchObject({ name: 'StreamTruncatedError' });
    expect(calls).toHaveLength(1);
  });

  it('retrieve({ stream: true }) replays to a late subscriber unless replay is false', async () => {
    for (const replay of [undefined, false]) {
      const body = controlledBody();
      const { fetch, calls } = fakeFetch([sseResponse(body.stream)]);
      const events$ = fakeClient(fetch).responses.retrieve('resp_1', replay === undefined ? { stream: true } : { stream: true, replay });
      const first = collectNotifications(events$);
      await settle();
      body.push(sse(EVENTS.slice(0, 3)));
      await settle();
      const late = collectNotifications(events$);
      body.push(sse(EVENTS.slice(3)));
      body.close();
      expect((await first).values).toEqual(EVENTS);
      expect((await late).values).toEqual(replay === false ? EVENTS.slice(3) : EVENTS);
      expect(calls).toHaveLength(1);
    }
  });

  it('stream() without resume reports a drop and sends one request', async () => {
    const { fetch, calls } = fakeFetch([sseResponse(sse(EVENTS.slice(0, 4))), sseResponse(sse(EVENTS))]);
    const { error } = await collectNotifications(fakeClient(fetch).responses.stream({ model: 'm', input: 'x' }));
    expect(error).toMatchObject({ name: 'StreamTruncatedError' });
    expect(calls).toHaveLength(1);
  });

  it('run() refuses a transport that is not http, websocket or a socket', () => {
    const client = fakeClient(fakeFetch([]).fetch);
    for (const transport of [{}, { create: 'no' }, 'ws', 7, Object.assign(() => {}, { create: () => {} })]) {
      expect(thrown(() => client.responses.run({ model: 'm', input: 'x' }, { tools: [], transport: transport as never }))).toMatchObject({
        name: 'ClientOptionsError',
        option: 'transport',
        message: `Invalid transport: expected 'http', 'websocket' or a ResponsesSocket, got ${String(transport)}`,
      });
    }
  });

  it('run() over a socket of the caller creates each turn on it, without replay', async () => {
    const created: unknown[] = [];
    const socket = {
      create(params: unknown, options: unknown) {
        created.push([params, options]);
        return sseSource();
      },
    } as unknown as ResponsesSocket;
    const sseSource = () => fakeClient(fakeFetch([sseResponse(sse(EVENTS))]).fetch).responses.stream({ model: 'm', input: 'x' });
    const events = await lastValueFrom(fakeClient(fakeFetch([]).fetch).responses.run({ model: 'm', input: 'x' }, { tools: [], transport: socket }).pipe(toArray()));
    expect(events.length).toBeGreaterThan(0);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject([{ model: 'm', input: 'x' }, { replay: false }]);
  });

  it('gives the base URL it sends to', () => {
    expect(createClient({ apiKey: SECRET, baseURL: 'https://gw.example/v1/', fetch: fakeFetch([]).fetch }).baseURL).toBe('https://gw.example/v1');
  });
});
