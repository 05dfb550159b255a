import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  APIError,
  isAPIConnectionError,
  isAPIError,
  isAuthenticationError,
  isBadRequestError,
  isConflictError,
  isInternalServerError,
  isNotFoundError,
  isPermissionDeniedError,
  isRateLimitError,
  isRxResponsesError,
  isUnprocessableEntityError,
} from '../../src/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { SECRET, controlledBody, errorTexts, fakeClient, fakeFetch, fastScheduler, hangingReply, jsonResponse, sse, sseResponse } from './fakeFetch.js';
import { settle } from '../support/settle.js';

const RESPONSE = { id: 'resp_1', object: 'response', status: 'completed', output: [] };
const PARAMS = { model: 'gpt-5-nano', input: 'Hi' };

const client = fakeClient;

const STATUS_CLASSES: [number, string, (e: unknown) => boolean, string][] = [
  [400, 'BadRequestError', isBadRequestError, 'bad_request'],
  [401, 'AuthenticationError', isAuthenticationError, 'authentication_error'],
  [403, 'PermissionDeniedError', isPermissionDeniedError, 'permission_denied'],
  [404, 'NotFoundError', isNotFoundError, 'not_found'],
  [409, 'ConflictError', isConflictError, 'conflict'],
  [422, 'UnprocessableEntityError', isUnprocessableEntityError, 'unprocessable_entity'],
  [429, 'RateLimitError', isRateLimitError, 'rate_limit_exceeded'],
  [500, 'InternalServerError', isInternalServerError, 'internal_server_error'],
  [503, 'InternalServerError', isInternalServerError, 'internal_server_error'],
  [418, 'APIError', isAPIError, 'api_error'],
];

describe('create(), retrieve(), cancel()', () => {
  it('create posts the params without stream and emits the response; it is cold', async () => {
    const { fetch, calls } = fakeFetch([() => jsonResponse(RESPONSE)]);
    const create$ = client(fetch).responses.create(PARAMS);
    expect(await lastValueFrom(create$)).toEqual(RESPONSE);
    expect(await lastValueFrom(create$)).toEqual(RESPONSE);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ method: 'POST', url: 'https://api.example/v1/responses', body: PARAMS, headers: { accept: 'application/json' } });
  });

  it('retrieve and cancel use their routes', async () => {
    const { fetch, calls } = fakeFetch([() => jsonResponse(RESPONSE)]);
    await lastValueFrom(client(fetch).responses.retrieve('resp_1'));
    await lastValueFrom(client(fetch).responses.cancel('resp_1'));
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET https://api.example/v1/responses/resp_1', 'POST https://api.example/v1/responses/resp_1/cancel']);
  });

  it('aborts on unsubscribe', async () => {
    const { fetch, calls } = fakeFetch([hangingReply()]);
    const subscription = client(fetch).responses.create(PARAMS).subscribe();
    await settle();
    subscription.unsubscribe();
    expect(calls[0]?.signal.aborted).toBe(true);
  });

  it('fires the idle timeout on a JSON body that stops', async () => {
    const body = controlledBody();
    body.push('{"id":');
    const { fetch } = fakeFetch([new Response(body.stream, { headers: { 'content-type': 'application/json' } })]);
    const { error } = await collectNotifications(client(fetch, { scheduler: fastScheduler(1000), timeouts: { idleMs: 5_000 } }).responses.retrieve('resp_1'));
    expect(error).toMatchObject({ name: 'APITimeoutError', kind: 'idle' });
  });

  it('reports a success whose body is not JSON as an APIError', async () => {
    const { fetch } = fakeFetch([new Response('<html>hi</html>', { headers: { 'content-type': 'text/html' } })]);
    const { error } = await collectNotifications(client(fetch).responses.retrieve('resp_1'));
    expect(error).toMatchObject({ name: 'APIError', status: 200, message: expect.stringContaining('expected a JSON object, got text/html') });
  });
});

describe('error classes', () => {
  it.each(STATUS_CLASSES)('%i gives %s with the server fields, request id and headers', async (status, name, guard, defaultCode) => {
    const { fetch, calls } = fakeFetch([
      jsonResponse(
        { error: { message: `Server says ${status}`, type: 'invalid_request_error', param: 'input', code: null } },
        { status, headers: { 'x-request-id': `req_${status}` } },
      ),
    ]);
    const { error } = await collectNotifications(client(fetch, { maxRetries: 0 }).responses.create(PARAMS));
    expect(guard(error)).toBe(true);
    expect(isAPIError(error)).toBe(true);
    expect(isRxResponsesError(error)).toBe(true);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      name,
      status,
      code: defaultCode,
      requestID: `req_${status}`,
      type: 'invalid_request_error',
      param: 'input',
      serverMessage: `Server says ${status}`,
      headers: expect.objectContaining({ 'x-request-id': `req_${status}`, 'content-type': 'application/json' }),
    });
    expect((error as Error).message).toContain(`${status}`);
    expect((error as Error).message).toContain(`Server says ${status}`);
    expect((error as Error).message).toContain(`req_${status}`);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name, status, requestID: `req_${status}` });
    expect(calls).toHaveLength(1);
  });

  it('keeps the server code when there is one', async () => {
    const { fetch } = fakeFetch([jsonResponse({ error: { message: 'slow down', code: 'rate_limit_exceeded', type: 'requests' } }, { status: 429 })]);
    const { error } = await collectNotifications(client(fetch, { maxRetries: 0 }).responses.create(PARAMS));
    expect(error).toMatchObject({ name: 'RateLimitError', code: 'rate_limit_exceeded', type: 'requests', param: null });
  });

  it('gives a readable message with a short excerpt for an HTML error page', async () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>${'<p>filler</p>'.repeat(100)}</body></html>`;
    const { fetch } = fakeFetch([new Response(page, { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } })]);
    const { error } = await collectNotifications(client(fetch, { maxRetries: 0 }).responses.create(PARAMS));
    expect(error).toMatchObject({ name: 'InternalServerError', status: 502, code: 'internal_server_error' });
    const message = (error as Error).message;
    expect(message).toMatch(/^502 Bad Gateway: the server sent text\/html: "502 Bad Gateway 502 Bad Gateway nginx filler/);
    expect(message).not.toContain('<');
    expect(message.length).toBeLessThan(300);
  });

  it('says so when the error body is empty', async () => {
    const { fetch } = fakeFetch([new Response(null, { status: 404 })]);
    const { error } = await collectNotifications(client(fetch).responses.retrieve('resp_x'));
    expect(error).toMatchObject({ name: 'NotFoundError', message: '404: (empty body)' });
  });

  it('gives APIConnectionError with the platform error as cause', async () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }) });
    const { fetch } = fakeFetch([cause]);
    const { error } = await collectNotifications(client(fetch, { maxRetries: 0 }).responses.create(PARAMS));
    expect(isAPIConnectionError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'APIConnectionError', code: 'connection_error' });
    expect((error as Error).message).toBe('Connection error on POST https://api.example/v1/responses: fetch failed (ECONNREFUSED)');
    expect((error as Error).cause).toBe(cause);
  });
});

describe('retries', () => {
  it('retries 429 honouring retry-after, then succeeds', async () => {
    const scheduler = fastScheduler(100);
    const { fetch, calls } = fakeFetch([
      jsonResponse({ error: { message: 'slow down' } }, { status: 429, headers: { 'retry-after': '3' } }),
      jsonResponse({ error: { message: 'slow down' } }, { status: 429, headers: { 'retry-after-ms': '1500' } }),
      jsonResponse(RESPONSE),
    ]);
    expect(await lastValueFrom(client(fetch, { scheduler }).responses.create(PARAMS))).toEqual(RESPONSE);
    expect(calls).toHaveLength(3);
    expect(retryDelays(scheduler.delays)).toEqual([3000, 1500]);
  });

  it('backs off exponentially on 503 and gives up after maxRetries', async () => {
    const scheduler = fastScheduler(100);
    const { fetch, calls } = fakeFetch([jsonResponse({ error: { message: 'busy' } }, { status: 503 })]);
    const { error } = await collectNotifications(client(fetch, { scheduler, maxRetries: 3 }).responses.stream(PARAMS));
    expect(error).toMatchObject({ name: 'InternalServerError', status: 503 });
    expect(calls).toHaveLength(4);
    const delays = retryDelays(scheduler.delays);
    expect(delays).toHaveLength(3);
    [500, 1000, 2000].forEach((base, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(base * 0.75);
      expect(delays[i]).toBeLessThanOrEqual(base * 1.25);
    });
  });

  it('retries connection errors, 408 and 409, but not 400, 401 or 404', async () => {
    const scheduler = fastScheduler(1000);
    const retried = fakeFetch([new TypeError('fetch failed'), new Response('', { status: 408 }), new Response('', { status: 409 }), jsonResponse(RESPONSE)]);
    expect(await lastValueFrom(client(retried.fetch, { scheduler, maxRetries: 3 }).responses.retrieve('resp_1'))).toEqual(RESPONSE);
    expect(retried.calls).toHaveLength(4);
    for (const status of [400, 401, 404]) {
      const once = fakeFetch([new Response('', { status }), jsonResponse(RESPONSE)]);
      await collectNotifications(client(once.fetch, { scheduler }).responses.retrieve('resp_1'));
      expect(once.calls).toHaveLength(1);
    }
  });

  it('follows x-should-retry', async () => {
    const scheduler = fastScheduler(1000);
    const no = fakeFetch([new Response('', { status: 503, headers: { 'x-should-retry': 'false' } }), jsonResponse(RESPONSE)]);
    await collectNotifications(client(no.fetch, { scheduler }).responses.retrieve('resp_1'));
    expect(no.calls).toHaveLength(1);
    const yes = fakeFetch([new Response('', { status: 400, headers: { 'x-should-retry': 'true' } }), jsonResponse(RESPONSE)]);
    await collectNotifications(client(yes.fetch, { scheduler }).responses.retrieve('resp_1'));
    expect(yes.calls).toHaveLength(2);
  });

  it('never retries once a success body started', async () => {
    const body = controlledBody();
    const { fetch, calls } = fakeFetch([sseResponse(body.stream), sseResponse(sse([]))]);
    const result = collectNotifications(client(fetch).responses.stream(PARAMS));
    await settle();
    body.push(sse([{ type: 'response.created', sequence_number: 0, response: { id: 'resp_1', output: [] } }]));
    await settle();
    body.fail(new TypeError('terminated'));
    expect((await result).error).toMatchObject({ name: 'StreamTruncatedError' });
    expect(calls).toHaveLength(1);
  });

  it('never shows the key, whatever the error', async () => {
    const { fetch } = fakeFetch([new TypeError(`bad ${SECRET}`)]);
    const { error } = await collectNotifications(client(fetch, { scheduler: fastScheduler(1000) }).responses.create(PARAMS));
    expect(errorTexts(error)).not.toContain(SECRET);
  });
});

/** The scheduler also sees connect and idle timers (60 s, 120 s); retry delays are the rest. */
function retryDelays(delays: number[]): number[] {
  return delays.filter((d) => d !== 60_000 && d !== 600_000 && d !== 120_000);
}
