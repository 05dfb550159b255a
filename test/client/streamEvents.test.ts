import { type Subscription, config, lastValueFrom, toArray } from 'rxjs';
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { type FetchFunction, type ResponseStreamEvent, finalResponse } from '../../src/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import {
  breakingBody,
  controlledBody,
  fakeClient, fakeFetch,
  fastScheduler,
  hangingReply,
  jsonResponse,
  sse,
  sseResponse,
  timerCountingScheduler,
} from './fakeFetch.js';
import { resumableRecording } from './resumableRecording.js';
import { settle } from '../support/settle.js';

// The stream's own rules (src/client/streamEvents.ts): how a body that ends early is reported,
// when and how soon it resumes, which events are duplicates, and that nothing is left running
// once a subscriber is gone. Seen through the public client.

const EVENTS = resumableRecording().events;
const PARAMS = { model: 'gpt-5-nano', input: 'Say hello' };
const PREFIX = 'Stream ended without a terminal event after';

const client = fakeClient;

/** The event without its sequence_number, as a server that does not number its events sends it. */
function unnumbered(event: ResponseStreamEvent): object {
  const { sequence_number: _dropped, ...rest } = event as ResponseStreamEvent & { sequence_number?: number };
  return rest;
}

/** The first event (response.created) with another `response.id`. */
function createdWithId(id: unknown): object {
  const first = EVENTS[0] as { response: object };
  return { ...first, response: { ...first.response, id } };
}

/** Counts notifications RxJS drops because they came after the subscriber left. */
function watchStoppedNotifications(): unknown[] {
  const stopped: unknown[] = [];
  config.onStoppedNotification = (notification) => void stopped.push(notification);
  return stopped;
}

afterEach(() => {
  config.onStoppedNotification = null;
});

describe('a stream that ends without its terminal event', () => {
  const CASES: [string, () => Response, string, number | undefined][] = [
    ['a clean close after numbered events', () => sseResponse(sse(EVENTS.slice(0, 5))), `${PREFIX} 5 events, last sequence_number 4: the server closed the stream`, 4],
    ['a clean close after one unnumbered event', () => sseResponse(sse([unnumbered(EVENTS[0]!)])), `${PREFIX} 1 event: the server closed the stream`, undefined],
    ['a success with no body', () => new Response(null, { headers: { 'content-type': 'text/event-stream' } }), `${PREFIX} 0 events: the server closed the stream`, undefined],
    [
      'an event without sequence_number after numbered ones',
      () => sseResponse(sse([...EVENTS.slice(0, 3), { type: 'keepalive' }])),
      `${PREFIX} 4 events, last sequence_number 2: the server closed the stream`,
      2,
    ],
    [
      'a break, with the platform cause',
      () => sseResponse(breakingBody(sse(EVENTS.slice(0, 2)), new TypeError('terminated', { cause: new Error('other side closed') }))),
      `${PREFIX} 2 events, last sequence_number 1: Connection lost while streaming: terminated (other side closed)`,
      1,
    ],
    [
      'a break whose cause has no message',
      () => sseResponse(breakingBody(sse(EVENTS.slice(0, 2)), new TypeError('terminated', { cause: new Error('') }))),
      `${PREFIX} 2 events, last sequence_number 1: Connection lost while streaming: terminated`,
      1,
    ],
    [
      'a break whose message already has the cause',
      () => sseResponse(breakingBody(sse(EVENTS.slice(0, 2)), new TypeError('terminated: other side closed', { cause: new Error('other side closed') }))),
      `${PREFIX} 2 events, last sequence_number 1: Connection lost while streaming: terminated: other side closed`,
      1,
    ],
    [
      'a break without a cause',
      () => sseResponse(breakingBody(sse(EVENTS.slice(0, 2)), new TypeError('terminated'))),
      `${PREFIX} 2 events, last sequence_number 1: Connection lost while streaming: terminated`,
      1,
    ],
    [
      'a break with a value that is not an Error',
      () => sseResponse(breakingBody(sse(EVENTS.slice(0, 2)), 'reset by peer')),
      `${PREFIX} 2 events, last sequence_number 1: Connection lost while streaming: reset by peer`,
      1,
    ],
  ];

  it.each(CASES)('%s', async (_case, reply, message, lastSequenceNumber) => {
    const { fetch, calls } = fakeFetch([reply]);
    const { error } = await collectNotifications(client(fetch).responses.stream(PARAMS));
    expect(error).toMatchObject({ name: 'StreamTruncatedError', message });
    expect((error as { lastSequenceNumber?: number }).lastSequenceNumber).toBe(lastSequenceNumber);
    expect(calls).toHaveLength(1);
  });

  it('a break carries the connection error, with the same text, as its cause', async () => {
    const { fetch } = fakeFetch([sseResponse(breakingBody(sse(EVENTS.slice(0, 2)), new TypeError('terminated', { cause: new Error('other side closed') })))]);
    const { error } = await collectNotifications(client(fetch).responses.stream(PARAMS));
    expect((error as Error).cause).toMatchObject({ name: 'APIConnectionError', message: 'Connection lost while streaming: terminated (other side closed)' });
  });

  it('a frame cut in half at the end is a truncation with the parse error as cause, not a parse error', async () => {
    const { fetch } = fakeFetch([sseResponse(`${sse(EVENTS.slice(0, 3))}event: response.output_text.delta\ndata: {"type":"response.out`)]);
    const { values, error } = await collectNotifications(client(fetch).responses.stream(PARAMS));
    expect(values).toEqual(EVENTS.slice(0, 3));
    expect(error).toMatchObject({ name: 'StreamTruncatedError', lastSequenceNumber: 2, cause: { name: 'StreamParseError' } });
  });

  it('a last frame without its closing blank line still counts', async () => {
    const { fetch } = fakeFetch([sseResponse(sse(EVENTS).slice(0, -2))]);
    const { values, completed } = await collectNotifications(client(fetch).responses.stream(PARAMS));
    expect(values).toEqual(EVENTS);
    expect(completed).toBe(true);
  });

  it('an event above maxEventBytes is refused', async () => {
    const { fetch } = fakeFetch([sseResponse(sse(EVENTS))]);
    const { error, completed } = await collectNotifications(client(fetch, { maxEventBytes: 64 }).responses.stream(PARAMS));
    expect(completed).toBe(false);
    expect(error).toMatchObject({ name: 'StreamParseError' });
  });
});

describe('which events end a response', () => {
  it('a second response in the same stream is delivered whole, though its sequence numbers start again', async () => {
    const { fetch } = fakeFetch([sseResponse(sse([...EVENTS, ...EVENTS]))]);
    const { values, completed } = await collectNotifications(client(fetch).responses.stream(PARAMS));
    expect(values).toEqual([...EVENTS, ...EVENTS]);
    expect(completed).toBe(true);
  });

  it('a second response (response.created) that breaks off is a truncation', async () => {
    const { fetch } = fakeFetch([sseResponse(sse([...EVENTS, ...EVENTS.slice(0, 3)]))]);
    const { error } = await collectNotifications(client(fetch).responses.stream(PARAMS));
    expect(error).toMatchObject({ name: 'StreamTruncatedError', message: `${PREFIX} ${EVENTS.length + 3} events, last sequence_number 2: the server closed the stream` });
  });

  it('a second response that starts queued and breaks off is a truncation', async () => {
    const queued = { ...(createdWithId('resp_2') as object), type: 'response.queued', sequence_number: 0 };
    const { fetch } = fakeFetch([sseResponse(sse([...EVENTS, queued]))]);
    const { error } = await collectNotifications(client(fetch).responses.stream(PARAMS));
    expect(error).toMatchObject({ name: 'StreamTruncatedError', lastSequenceNumber: 0 });
  });

  it('any other event after the terminal one does not reopen it', async () => {
    const last = (EVENTS.at(-1) as { sequence_number: number }).sequence_number;
    const { fetch } = fakeFetch([sseResponse(sse([...EVENTS, { type: 'keepalive', sequence_number: last + 1 }]))]);
    const { completed } = await collectNotifications(client(fetch).responses.stream(PARAMS));
    expect(completed).toBe(true);
  });

  it('an error event raised by finalResponse() keeps the request id the connection had', async () => {
    const errorEvent = { type: 'error', sequence_number: 3, error: { type: 'server_error', code: 'server_error', message: 'boom', param: null } };
    const { fetch } = fakeFetch([sseResponse(sse([...EVENTS.slice(0, 3), errorEvent]), { headers: { 'x-request-id': 'req_err' } })]);
    const { error } = await collectNotifications(client(fetch).responses.stream(PARAMS).pipe(finalResponse()));
    expect(error).toMatchObject({ name: 'ResponseStreamError', requestID: 'req_err', serverMessage: 'boom' });
  });
});

describe('what is delivered', () => {
  it('each event as the server sent it, with no property added', async () => {
    const { fetch } = fakeFetch([sseResponse(sse(EVENTS))]);
    const { values } = await collectNotifications(client(fetch).responses.stream(PARAMS));
    expect(values).toEqual(EVENTS);
    expect(values.map((event) => Reflect.ownKeys(event))).toEqual(EVENTS.map((event) => Reflect.ownKeys(event)));
  });

  it('after a resume, an event whose sequence_number is not a number is kept', async () => {
    const unordered = { type: 'keepalive', sequence_number: null };
    const { fetch } = fakeFetch([sseResponse(sse(EVENTS.slice(0, 3))), sseResponse(sse([unordered, ...EVENTS.slice(3)]))]);
    const { values, completed } = await collectNotifications(client(fetch).responses.stream(PARAMS, { resume: true }));
    expect(values).toEqual([...EVENTS.slice(0, 3), unordered, ...EVENTS.slice(3)]);
    expect(completed).toBe(true);
  });
});

describe('retrieving from starting_after', () => {
  it('drops what a server that ignores starting_after sends again', async () => {
    const { fetch } = fakeFetch([sseResponse(sse(EVENTS))]);
    const { values, completed } = await collectNotifications(client(fetch).responses.retrieve('resp_1', { stream: true, starting_after: 2 }));
    expect(values).toEqual(EVENTS.slice(3));
    expect(completed).toBe(true);
  });
});

describe('resume', () => {
  it('does not resume events that carry no sequence_number', async () => {
    const { fetch, calls } = fakeFetch([sseResponse(sse(EVENTS.slice(0, 3).map(unnumbered)))]);
    const { error } = await collectNotifications(client(fetch).responses.stream(PARAMS, { resume: true }));
    expect(error).toMatchObject({ name: 'StreamTruncatedError', message: `${PREFIX} 3 events: the server closed the stream (cannot resume: the events carry no sequence_number)` });
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['empty', ''],
    ['not a string', 42],
  ])('does not resume when the response id is %s', async (_case, id) => {
    const { fetch, calls } = fakeFetch([sseResponse(sse([createdWithId(id)]))]);
    const { error } = await collectNotifications(client(fetch).responses.stream(PARAMS, { resume: true }));
    expect(error).toMatchObject({ name: 'StreamTruncatedError', message: `${PREFIX} 1 event, last sequence_number 0: the server closed the stream (cannot resume: no response id was received)` });
    expect(calls).toHaveLength(1);
  });

  it('does not resume with maxRetries 0', async () => {
    const { fetch, calls } = fakeFetch([sseResponse(sse(EVENTS.slice(0, 3)))]);
    const { error } = await collectNotifications(client(fetch, { maxRetries: 0 }).responses.stream(PARAMS, { resume: true }));
    expect((error as Error).message).toBe(`${PREFIX} 3 events, last sequence_number 2: the server closed the stream (cannot resume with maxRetries 0)`);
    expect(calls).toHaveLength(1);
  });

  it('gives up after one reconnect without a new event, saying so in the singular', async () => {
    const { fetch, calls } = fakeFetch([sseResponse(sse(EVENTS.slice(0, 3))), new TypeError('fetch failed')]);
    const { error } = await collectNotifications(client(fetch, { maxRetries: 1 }).responses.stream(PARAMS, { resume: true }));
    expect(calls).toHaveLength(2);
    expect((error as Error).message).toBe(`${PREFIX} 3 events, last sequence_number 2: Connection error on GET https://api.example/v1/responses/${(EVENTS[0] as { response: { id: string } }).response.id}: fetch failed (gave up after 1 reconnect without a new event)`);
  });

  it('reconnects at once, then backs off, honouring retry-after', async () => {
    const scheduler = fastScheduler(100);
    const { fetch, calls } = fakeFetch([
      sseResponse(sse(EVENTS.slice(0, 4))),
      new TypeError('fetch failed'),
      jsonResponse({ error: { message: 'overloaded' } }, { status: 503, headers: { 'retry-after-ms': '1500' } }),
      new TypeError('fetch failed'),
    ]);
    const timeouts = { connectMs: 7_000, idleMs: 9_000, totalMs: 3_000_000 };
    const { error } = await collectNotifications(client(fetch, { scheduler, maxRetries: 3, timeouts }).responses.stream(PARAMS, { resume: true }));
    expect(error).toMatchObject({ name: 'StreamTruncatedError' });
    expect(calls).toHaveLength(4);
    // The reconnects ask for text/event-stream, as the first request.
    expect(calls.map((c) => c.headers.accept)).toEqual(Array(4).fill('text/event-stream'));
    const waits = scheduler.delays.filter((d) => d !== timeouts.connectMs && d !== timeouts.idleMs && d !== timeouts.totalMs);
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBe(0);
    // retryDelay's first backoff: 500 ms, give or take a quarter.
    expect(waits[1]).toBeGreaterThanOrEqual(375);
    expect(waits[1]).toBeLessThanOrEqual(625);
    expect(waits[2]).toBe(1500);
  });

  it('says the reconnect was refused', async () => {
    const { fetch } = fakeFetch([sseResponse(sse(EVENTS.slice(0, 4))), jsonResponse({ error: { message: 'No response found' } }, { status: 404 })]);
    const { error } = await collectNotifications(client(fetch).responses.stream(PARAMS, { resume: true }));
    expect((error as Error).message).toMatch(/ \(the reconnect was refused\)$/);
  });
});

describe('the idle timeout', () => {
  it('fires idleMs after the last bytes, not later', async () => {
    // 10 s of client time is 200 ms here.
    const scheduler = fastScheduler(50);
    const body = controlledBody();
    const { fetch } = fakeFetch([sseResponse(body.stream)]);
    const result = collectNotifications(client(fetch, { scheduler, timeouts: { idleMs: 10_000 } }).responses.stream(PARAMS));
    await settle();
    body.push(sse(EVENTS.slice(0, 2)));
    await settle(100);
    body.push(sse(EVENTS.slice(2, 3)));
    const lastBytes = scheduler.now();
    const { error } = await result;
    const quiet = scheduler.now() - lastBytes;
    expect(error).toMatchObject({ name: 'StreamTruncatedError', cause: { name: 'APITimeoutError', kind: 'idle' } });
    expect(quiet).toBeGreaterThanOrEqual(9_000);
    expect(quiet).toBeLessThan(15_000);
  });
});

describe('nothing is left running', () => {
  it('an already aborted signal errors at once without a request', async () => {
    const { fetch, calls } = fakeFetch([sseResponse(sse(EVENTS))]);
    const controller = new AbortController();
    controller.abort(new Error('not wanted'));
    const { error } = await collectNotifications(client(fetch).responses.stream(PARAMS, { signal: controller.signal }));
    expect(error).toMatchObject({ message: 'not wanted' });
    await settle();
    expect(calls).toHaveLength(0);
  });

  it('no timer waits after the stream completed', async () => {
    const scheduler = timerCountingScheduler(1);
    const { fetch } = fakeFetch([sseResponse(sse(EVENTS))]);
    const { completed } = await collectNotifications(client(fetch, { scheduler, timeouts: { totalMs: 3_600_000 } }).responses.stream(PARAMS));
    expect(completed).toBe(true);
    expect(scheduler.waiting()).toBe(0);
  });

  it("the caller's signal keeps no listener once the stream completed", async () => {
    const controller = new AbortController();
    const { fetch } = fakeFetch([sseResponse(sse(EVENTS))]);
    const { completed } = await collectNotifications(client(fetch).responses.stream(PARAMS, { signal: controller.signal }));
    expect(completed).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('leaving while the request waits for headers sends nothing after', async () => {
    const stopped = watchStoppedNotifications();
    const { fetch, calls } = fakeFetch([hangingReply()]);
    const subscription = client(fetch).responses.stream(PARAMS).subscribe();
    await settle();
    subscription.unsubscribe();
    await settle(20);
    expect(calls[0]?.signal.aborted).toBe(true);
    expect(stopped).toEqual([]);
  });

  it('leaving just as the headers arrive reads nothing and leaves no timer', async () => {
    const stopped = watchStoppedNotifications();
    const scheduler = timerCountingScheduler(1);
    let subscription: Subscription | undefined;
    const fetch: FetchFunction = async () => {
      const response = sseResponse(sse(EVENTS));
      const get = response.headers.get.bind(response.headers);
      // The subscriber leaves while the client looks at the headers.
      response.headers.get = (name: string) => {
        if (name === 'content-type') subscription?.unsubscribe();
        return get(name);
      };
      return response;
    };
    subscription = client(fetch, { scheduler }).responses.stream(PARAMS).subscribe();
    await settle(20);
    expect(subscription.closed).toBe(true);
    expect(stopped).toEqual([]);
    expect(scheduler.waiting()).toBe(0);
  });

  it('reads the stream to its end once, for lastValueFrom too', async () => {
    const { fetch } = fakeFetch([sseResponse(sse(EVENTS))]);
    expect(await lastValueFrom(client(fetch).responses.stream(PARAMS).pipe(toArray()))).toEqual(EVENTS);
  });
});
