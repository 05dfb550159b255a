import { getEventListeners } from 'node:events';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { collectNotifications } from '../support/collectNotifications.js';
import { SECRET, breakingBody, controlledBody, errorTexts, fakeClient, fakeFetch, hangingReply, jsonResponse, timerCountingScheduler } from './fakeFetch.js';
import { settle } from '../support/settle.js';

const RESPONSE = { id: 'resp_1', object: 'response', status: 'completed', output: [] };

describe('a JSON request (retrieve, cancel, delete, …)', () => {
  it('with a signal already aborted, errors with its reason and sends nothing', async () => {
    const { fetch, calls } = fakeFetch([jsonResponse(RESPONSE)]);
    const reason = new Error('user gave up');
    const { error } = await collectNotifications(fakeClient(fetch).responses.retrieve('resp_1', { signal: AbortSignal.abort(reason) }));
    expect(error).toBe(reason);
    expect(calls).toHaveLength(0);
  });

  it('errors with the reason of an abort while waiting, and aborts the request', async () => {
    const { fetch, calls } = fakeFetch([hangingReply()]);
    const controller = new AbortController();
    const result = collectNotifications(fakeClient(fetch).responses.retrieve('resp_1', { signal: controller.signal }));
    await settle();
    const reason = new Error('stop');
    controller.abort(reason);
    expect((await result).error).toBe(reason);
    await settle();
    expect(calls[0]?.signal.aborted).toBe(true);
  });

  it('errors with APITimeoutError when the total timeout runs out', async () => {
    const { fetch, calls } = fakeFetch([hangingReply()]);
    const scheduler = timerCountingScheduler(1000);
    const { error } = await collectNotifications(fakeClient(fetch, { scheduler, timeouts: { totalMs: 30_000 } }).responses.retrieve('resp_1'));
    expect(error).toMatchObject({ name: 'APITimeoutError', kind: 'total', timeoutMs: 30_000 });
    await settle();
    expect(calls[0]?.signal.aborted).toBe(true);
    expect(scheduler.waiting()).toBe(0);
  });

  it('leaves no timer waiting once the response was read', async () => {
    const { fetch } = fakeFetch([jsonResponse(RESPONSE)]);
    const scheduler = timerCountingScheduler(1);
    expect(await lastValueFrom(fakeClient(fetch, { scheduler, timeouts: { totalMs: 600_000 } }).responses.retrieve('resp_1'))).toEqual(RESPONSE);
    expect(scheduler.waiting()).toBe(0);
  });

  it('leaves no listener on the caller signal once it ended, however it ended', async () => {
    // A long-lived signal shared by many requests would otherwise collect one listener per request.
    const controller = new AbortController();
    const ok = fakeFetch([() => jsonResponse(RESPONSE)]);
    for (let i = 0; i < 3; i++) await lastValueFrom(fakeClient(ok.fetch).responses.retrieve('resp_1', { signal: controller.signal }));
    const failing = fakeFetch([() => jsonResponse({ error: { message: 'no' } }, { status: 404 })]);
    await collectNotifications(fakeClient(failing.fetch).responses.retrieve('resp_1', { signal: controller.signal }));
    const hanging = fakeFetch([hangingReply()]);
    const subscription = fakeClient(hanging.fetch).responses.retrieve('resp_1', { signal: controller.signal }).subscribe();
    await settle();
    expect(getEventListeners(controller.signal, 'abort').length).toBeGreaterThan(0);
    subscription.unsubscribe();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('fires the idle timeout idleMs after the last bytes, not later', async () => {
    const body = controlledBody();
    const { fetch } = fakeFetch([new Response(body.stream, { headers: { 'content-type': 'application/json' } })]);
    const scheduler = timerCountingScheduler(10);
    // 5 s of idle timeout is 500 ms here; the last bytes come some 300 ms in.
    const result = collectNotifications(fakeClient(fetch, { scheduler, timeouts: { idleMs: 5_000 } }).responses.retrieve('resp_1'));
    await settle(300);
    body.push('{"id":');
    const lastBytes = scheduler.now();
    const { error } = await result;
    const waited = scheduler.now() - lastBytes;
    expect(error).toMatchObject({ name: 'APITimeoutError', kind: 'idle', timeoutMs: 5_000 });
    expect(waited).toBeGreaterThanOrEqual(4_900);
    // Checking again only after idleMs more would wait until about 9 s of scheduler time.
    expect(waited).toBeLessThan(7_500);
  });

  it('keeps reading a body whose bytes keep coming, each within the idle timeout', async () => {
    const body = controlledBody();
    const { fetch } = fakeFetch([new Response(body.stream, { headers: { 'content-type': 'application/json' } })]);
    // 5 s of idle timeout is 50 ms here; a byte every 15 ms for 150 ms never leaves it idle.
    const result = collectNotifications(fakeClient(fetch, { scheduler: timerCountingScheduler(100), timeouts: { idleMs: 5_000 } }).responses.retrieve('resp_1'));
    const text = JSON.stringify(RESPONSE);
    const step = Math.ceil(text.length / 10);
    for (let i = 0; i < text.length; i += step) {
      body.push(text.slice(i, i + step));
      await settle(15);
    }
    body.close();
    expect(await result).toMatchObject({ values: [RESPONSE], completed: true });
  });

  it('says the connection was lost when the body breaks, without the key', async () => {
    const { fetch } = fakeFetch([new Response(breakingBody('{"id":', new TypeError(`terminated ${SECRET}`)), { headers: { 'content-type': 'application/json' } })]);
    const { error } = await collectNotifications(fakeClient(fetch).responses.retrieve('resp_1'));
    expect(error).toMatchObject({ name: 'APIConnectionError', message: 'Connection lost while reading the response: TypeError: terminated [redacted]' });
    expect(errorTexts(error)).not.toContain(SECRET);
  });

  it('reports an empty or non-object success body as an APIError, except an empty one where none is needed', async () => {
    for (const [body, detail] of [
      ['', 'expected a JSON object, got an empty body'],
      ['[1, 2]', 'expected a JSON object, got a JSON body without an error message (application/json): "[1, 2]"'],
      ['null', 'expected a JSON object, got application/json: "null"'],
      ['"text"', 'expected a JSON object, got application/json: "\\"text\\""'],
    ]) {
      const { fetch } = fakeFetch([new Response(body, { headers: { 'content-type': 'application/json' } })]);
      const { error } = await collectNotifications(fakeClient(fetch).responses.retrieve('resp_1'));
      expect(error).toMatchObject({ name: 'APIError', status: 200 });
      expect((error as Error).message).toBe(`200: ${detail}`);
    }
    const { fetch } = fakeFetch([new Response(' \n', { status: 200 })]);
    expect(await lastValueFrom(fakeClient(fetch).responses.delete('resp_1'))).toEqual({ id: 'resp_1', object: 'response.deleted', deleted: true });
    // Where an empty body is fine, a body that is there is still read.
    const answered = fakeFetch([jsonResponse({ id: 'resp_1', deleted: false })]);
    expect(await lastValueFrom(fakeClient(answered.fetch).responses.delete('resp_1'))).toEqual({ id: 'resp_1', object: 'response.deleted', deleted: false });
  });
});
