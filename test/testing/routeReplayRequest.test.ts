// The routes of a replay server, as a client sees them: which request gets which reply.
import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/index.js';
import { type ReplayServer, type ReplayServerOptions } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { replayServersPerTest } from '../support/replayServersPerTest.js';

/** A short, single-response text recording with a `sequence_number` on every event. */
const text = recording('azure-text-1.jsonl');
/** A resumed background stream: its sequence numbers start at 1, not at the first event's index 0. */
const resumed = recording('openai-background-mode-streaming-starting-after-vcr-2.jsonl');
/** A recording whose events carry no `sequence_number` at all. */
const unnumbered = recording('openai-custom-tool-1.jsonl');

const responseIdOf = (events: readonly ResponseStreamEvent[]): string => (events[0] as { response: { id: string } }).response.id;
const frame = (event: ResponseStreamEvent): string => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
const sseBody = (events: readonly ResponseStreamEvent[]): string => events.map(frame).join('');

const startServer = replayServersPerTest();
const serve = (options: ReplayServerOptions = { recording: text.text }): Promise<ReplayServer> => startServer(options);
const originOf = (server: ReplayServer): string => server.baseURL.replace(/\/v1$/, '');

describe('routeReplayRequest: creating a response', () => {
  it('answers POST /v1/responses/ (trailing slash) like POST /v1/responses', async () => {
    const server = await serve();
    const response = await fetch(`${server.baseURL}/responses/`, { method: 'POST', body: '{"stream":true}' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(sseBody(text.events));
  });

  it('streams with no-cache, as the API does', async () => {
    const server = await serve();
    const response = await fetch(`${server.baseURL}/responses`, { method: 'POST', body: '{"stream":true}' });
    expect(response.headers.get('cache-control')).toBe('no-cache');
    await response.text();
  });

  it('streams only for stream: true, not for a truthy non-boolean', async () => {
    const server = await serve();
    const response = await fetch(`${server.baseURL}/responses`, { method: 'POST', body: '{"stream":"true"}' });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual((text.events.at(-1) as { response: unknown }).response);
  });

  it('refuses a JSON body that is not an object (an array, null, a number) with the API 400', async () => {
    const server = await serve();
    for (const body of ['[{"stream":true}]', 'null', '42']) {
      const response = await fetch(`${server.baseURL}/responses`, { method: 'POST', body });
      expect(response.status, body).toBe(400);
      expect(await response.json()).toEqual({
        error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error', param: null, code: null },
      });
    }
  });

  it('does not take a path that only ends in /v1/responses for the create route', async () => {
    const server = await serve();
    const response = await fetch(`${originOf(server)}/proxy/v1/responses`, { method: 'POST', body: '{"stream":true}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { message: 'No route for POST /proxy/v1/responses.' } });
  });
});

describe('routeReplayRequest: a stream that ended with an error event', () => {
  const errorEvent = (code: string): ResponseStreamEvent =>
    ({ type: 'error', sequence_number: 2, code, message: `failed: ${code}`, param: 'input' }) as ResponseStreamEvent;

  it('answers insufficient_quota with a 429 carrying the error', async () => {
    const server = await serve({ events: [...text.events.slice(0, 2), errorEvent('insufficient_quota')] });
    const response = await fetch(`${server.baseURL}/responses`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ error: { message: 'failed: insufficient_quota', type: 'requests', param: 'input', code: 'insufficient_quota' } });
  });

  it('answers any other code with a 500 carrying that code', async () => {
    const server = await serve({ events: [...text.events.slice(0, 2), errorEvent('server_is_sad')] });
    const response = await fetch(`${server.baseURL}/responses`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { message: 'failed: server_is_sad', type: 'server_error', param: 'input', code: 'server_is_sad' } });
  });
});

describe('routeReplayRequest: retrieving and resuming', () => {
  it('resumes by sequence_number, not by position, when the numbers start elsewhere', async () => {
    const server = await serve({ recording: resumed.text });
    const response = await fetch(`${server.baseURL}/responses/${responseIdOf(resumed.events)}?stream=true&starting_after=3`);
    const expected = resumed.events.filter((e) => (e as { sequence_number: number }).sequence_number > 3);
    expect(expected[0]).toBe(resumed.events[3]);
    expect(await response.text()).toBe(sseBody(expected));
  });

  it('resumes a stream without sequence numbers by position', async () => {
    const server = await serve({ recording: unnumbered.text });
    const response = await fetch(`${server.baseURL}/responses/${responseIdOf(unnumbered.events)}?stream=true&starting_after=2`);
    expect(await response.text()).toBe(sseBody(unnumbered.events.slice(3)));
  });

  it("refuses a starting_after that is not an integer with a 400 naming 'starting_after'", async () => {
    const server = await serve();
    const url = `${server.baseURL}/responses/${responseIdOf(text.events)}?stream=true&starting_after=`;
    for (const after of ['', ' ', 'abc', '1.5', '2x']) {
      const response = await fetch(url + encodeURIComponent(after));
      expect(response.status, JSON.stringify(after)).toBe(400);
      expect(await response.json()).toEqual({
        error: { message: `Invalid 'starting_after': expected an integer, got '${after}'.`, type: 'invalid_request_error', param: 'starting_after', code: null },
      });
    }
  });

  it('answers a non-streaming GET with stream=false with the final response', async () => {
    const server = await serve();
    const response = await fetch(`${server.baseURL}/responses/${responseIdOf(text.events)}?stream=false`);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual((text.events.at(-1) as { response: unknown }).response);
  });

  it('finds a response whose id needs percent-encoding in the path', async () => {
    const id = 'resp with/odd id';
    const events = text.events.map((event) =>
      'response' in event ? ({ ...event, response: { ...(event as { response: object }).response, id } } as ResponseStreamEvent) : event,
    );
    const server = await serve({ events });
    const retrieved = await fetch(`${server.baseURL}/responses/${encodeURIComponent(id)}`);
    expect(retrieved.status).toBe(200);
    expect(await retrieved.json()).toMatchObject({ id, status: 'completed' });
    const cancelled = await fetch(`${server.baseURL}/responses/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
    expect(await cancelled.json()).toMatchObject({ id, status: 'cancelled' });
  });
});

describe('routeReplayRequest: methods and other routes', () => {
  it('answers a POST to /v1/responses/:id with a 404 (only GET retrieves)', async () => {
    const server = await serve();
    const path = `/v1/responses/${responseIdOf(text.events)}`;
    const response = await fetch(`${originOf(server)}${path}`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { message: `No route for POST ${path}.`, type: 'invalid_request_error', param: null, code: null } });
  });

  it('answers a GET to /v1/responses/:id/cancel with a 404 (only POST cancels)', async () => {
    const server = await serve();
    const path = `/v1/responses/${responseIdOf(text.events)}/cancel`;
    const response = await fetch(`${originOf(server)}${path}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { message: `No route for GET ${path}.` } });
  });

  it('passes the endpoints around a response through: DELETE /v1/responses/:id', async () => {
    const server = await serve();
    const id = responseIdOf(text.events);
    const response = await fetch(`${server.baseURL}/responses/${id}`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id, object: 'response.deleted', deleted: true });
  });
});
