import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { FetchFunction } from '../../src/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { manualScheduler } from '../support/manualScheduler.js';
import { fakeClient, fakeFetch, fastScheduler, jsonResponse, sse, sseResponse, timerCountingScheduler } from './fakeFetch.js';
import { resumableRecording } from './resumableRecording.js';

// The HTTP rules every request goes through (src/client/sendRequest.ts): what is sent, which
// failures are retried, how a connection error reads. Seen through the public client.

const EVENTS = resumableRecording().events;
const RESPONSE = { id: 'resp_1', object: 'response', status: 'completed', output: [] };
const PARAMS = { model: 'gpt-5-nano', input: 'Hi' };

const client = fakeClient;

/** `fetch`, also keeping each `RequestInit` it is given (what the client passed, before the fake reads it). */
function recordingInits(fetch: FetchFunction): { spy: FetchFunction; inits: RequestInit[] } {
  const inits: RequestInit[] = [];
  const spy: FetchFunction = (url, init) => {
    inits.push(init);
    return fetch(url, init);
  };
  return { spy, inits };
}

describe('what a request sends', () => {
  it('a GET has no body and no content-type', async () => {
    const { fetch, calls } = fakeFetch([() => jsonResponse(RESPONSE)]);
    const { spy, inits } = recordingInits(fetch);
    expect(await lastValueFrom(client(spy).responses.retrieve('resp_1'))).toEqual(RESPONSE);
    expect(calls[0]?.method).toBe('GET');
    expect(calls[0]?.headers['content-type']).toBeUndefined();
    expect(Object.keys(inits[0] ?? {}).sort()).toEqual(['headers', 'method', 'signal']);
  });

  it('a POST sends its JSON body with content-type application/json', async () => {
    const { fetch, calls } = fakeFetch([() => jsonResponse(RESPONSE)]);
    const { spy, inits } = recordingInits(fetch);
    await lastValueFrom(client(spy).responses.create(PARAMS));
    expect(calls[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(inits[0]?.body as string)).toEqual(PARAMS);
  });
});

describe('which answers are a stream', () => {
  it('takes text/event-stream in any letter case and with spaces before its parameters', async () => {
    const { fetch } = fakeFetch([sseResponse(sse(EVENTS), { headers: { 'content-type': 'Text/Event-Stream ; charset=utf-8' } })]);
    expect(await lastValueFrom(client(fetch).responses.stream(PARAMS).pipe(toArray()))).toEqual(EVENTS);
  });
});

describe('which failures are retried', () => {
  it('retries a 500 (every status from 500 up)', async () => {
    const { fetch, calls } = fakeFetch([new Response('', { status: 500 }), jsonResponse(RESPONSE)]);
    expect(await lastValueFrom(client(fetch, { scheduler: fastScheduler(1000) }).responses.retrieve('resp_1'))).toEqual(RESPONSE);
    expect(calls).toHaveLength(2);
  });

  it('leaves no timer waiting once the last attempt failed', async () => {
    const scheduler = timerCountingScheduler(1000);
    const { fetch, calls } = fakeFetch([new TypeError('fetch failed')]);
    const { error } = await collectNotifications(client(fetch, { scheduler, maxRetries: 2 }).responses.create(PARAMS));
    expect(error).toMatchObject({ name: 'APIConnectionError' });
    expect(calls).toHaveLength(3);
    expect(scheduler.waiting()).toBe(0);
  });

  it('adds no abort listener per attempt: twelve retries raise no listener-leak warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const { fetch, calls } = fakeFetch([new TypeError('fetch failed')]);
      const { error } = await collectNotifications(client(fetch, { scheduler: fastScheduler(100_000), maxRetries: 12 }).responses.create(PARAMS));
      expect(error).toMatchObject({ name: 'APIConnectionError' });
      expect(calls).toHaveLength(13);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => w.message)).toEqual([]);
  });
});

describe('after the end', () => {
  it('sends no further attempt once the total timeout fired, even when the retry wait ended in the same tick', async () => {
    const scheduler = manualScheduler();
    const { fetch, calls } = fakeFetch([jsonResponse({ error: { message: 'busy' } }, { status: 503, headers: { 'retry-after-ms': '1000' } }), jsonResponse(RESPONSE)]);
    const result = collectNotifications(client(fetch, { scheduler, maxRetries: 2, timeouts: { totalMs: 1001 } }).responses.create(PARAMS));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toHaveLength(1);
    // The retry wait (due at 1000) ends, then the total timeout (1001) fires, before any promise runs.
    scheduler.advanceTo(2000);
    const { error } = await result;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(error).toMatchObject({ name: 'APITimeoutError', kind: 'total', timeoutMs: 1001 });
    expect(calls).toHaveLength(1);
  });
});

describe('the message of a connection error', () => {
  const CASES: [string, () => unknown, string][] = [
    ['the platform error alone', () => new TypeError('fetch failed'), 'fetch failed'],
    ['its system code', () => new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }) }), 'fetch failed (ECONNREFUSED)'],
    ['the cause message when there is no code', () => new TypeError('fetch failed', { cause: new Error('other side closed') }), 'fetch failed (other side closed)'],
    ['nothing for an empty code', () => new TypeError('fetch failed', { cause: { code: '' } }), 'fetch failed'],
    ['nothing for a null cause', () => new TypeError('fetch failed', { cause: null }), 'fetch failed'],
    ['the code once when the message has it', () => new TypeError('connect ECONNREFUSED 10.0.0.1:443', { cause: { code: 'ECONNREFUSED' } }), 'connect ECONNREFUSED 10.0.0.1:443'],
    ['a rejection that is not an Error', () => 'socket hang up', 'socket hang up'],
  ];

  it.each(CASES)('%s', async (_case, rejection, detail) => {
    const { fetch } = fakeFetch([() => Promise.reject(rejection())]);
    const { error } = await collectNotifications(client(fetch, { maxRetries: 0 }).responses.create(PARAMS));
    expect(error).toMatchObject({ name: 'APIConnectionError', message: `Connection error on POST https://api.example/v1/responses: ${detail}` });
  });

  it('names the URL without its query (api-version)', async () => {
    const { fetch, calls } = fakeFetch([new TypeError('fetch failed')]);
    const azure = client(fetch, { baseURL: 'https://res.openai.azure.com/openai/v1', apiVersion: 'preview', maxRetries: 0 });
    const { error } = await collectNotifications(azure.responses.create(PARAMS));
    expect(calls[0]?.url).toBe('https://res.openai.azure.com/openai/v1/responses?api-version=preview');
    expect((error as Error).message).toBe('Connection error on POST https://res.openai.azure.com/openai/v1/responses: fetch failed');
  });
});
