import type { Observable } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResponseStreamEvent } from '../../../src/index.js';
import type { SocketEnd, SocketHandlers } from '../../../src/client/ws/openWebSocket.js';
import { resolveClientContext } from '../../../src/client/ClientContext.js';
import { connectResponsesSocket } from '../../../src/client/ws/connectResponsesSocket.js';
import type { ClientOptions } from '../../../src/client/ClientOptions.js';
import { manualScheduler } from '../../support/manualScheduler.js';
import { SECRET } from '../fakeFetch.js';
import { resumableRecording } from '../resumableRecording.js';

// The socket's own rules (src/client/ws/connectResponsesSocket.ts) over a connection the test
// drives: when it connects, what it sends, how messages are routed, timeouts on a clock that
// moves only when told, reconnects and how each response ends. connect.test.ts runs the same
// socket over a real loopback server.

/** The connections openWebSocket() was asked for, each driven by the test. */
const fake = vi.hoisted(() => {
  class FakeConnection {
    readonly sent: string[] = [];
    readonly closes: [number, string][] = [];
    failSend: Error | undefined;
    constructor(
      readonly url: string,
      readonly headers: Readonly<Record<string, string>>,
      readonly handlers: SocketHandlers,
    ) {}
    send(text: string): void {
      if (this.failSend !== undefined) throw this.failSend;
      this.sent.push(text);
    }
    close(code: number, reason: string): void {
      this.closes.push([code, reason]);
    }
    /** The `response.create` messages sent, parsed. */
    creates(): Record<string, unknown>[] {
      return this.sent.map((text) => JSON.parse(text) as Record<string, unknown>);
    }
    receive(event: unknown): void {
      this.handlers.message(typeof event === 'string' || event === undefined ? event : JSON.stringify(event));
    }
  }
  return { FakeConnection, connections: [] as FakeConnection[] };
});

vi.mock('../../../src/client/ws/openWebSocket.js', () => ({
  openWebSocket: (url: string, headers: Readonly<Record<string, string>>, _redact: unknown, handlers: SocketHandlers) => {
    const connection = new fake.FakeConnection(url, headers, handlers);
    fake.connections.push(connection);
    return connection;
  },
}));

type Connection = InstanceType<typeof fake.FakeConnection>;

afterEach(() => {
  fake.connections.length = 0;
});

const PARAMS = { model: 'gpt-5-nano', input: 'Say hello' };

/** The recorded events of one response (from test/fixtures), optionally on a lane. */
function recorded(streamId?: string): ResponseStreamEvent[] {
  const { events } = resumableRecording();
  return streamId === undefined ? events : events.map((event) => ({ ...event, stream_id: streamId }) as ResponseStreamEvent);
}

function setup(options: ClientOptions = {}, maxReconnects?: number) {
  const scheduler = manualScheduler();
  const context = resolveClientContext({ apiKey: SECRET, baseURL: 'http://127.0.0.1:9/v1', scheduler, ...options });
  const socket = connectResponsesSocket(context, maxReconnects === undefined ? {} : { maxReconnects });
  const connection = (n: number): Connection => {
    const found = fake.connections[n];
    if (found === undefined) throw new Error(`no connection #${n} (${fake.connections.length} opened)`);
    return found;
  };
  return { scheduler, socket, connection };
}

/** Everything `source` delivered so far, kept as it arrives. */
function watch<T>(source: Observable<T>) {
  const seen = { values: [] as T[], error: undefined as unknown, errored: false, completed: false };
  const subscription = source.subscribe({
    next: (value) => seen.values.push(value),
    error: (error: unknown) => {
      seen.error = error;
      seen.errored = true;
    },
    complete: () => (seen.completed = true),
  });
  return Object.assign(seen, { subscription });
}

const END_1006: SocketEnd = { code: 1006, reason: '' };
/** Longer than any reconnect backoff (8 s at most, plus a quarter), shorter than connectMs. */
const BACKOFF = 10_001;

describe('connectResponsesSocket: connecting and sending', () => {
  it('opens one connection on the first subscription, sends the create once it is open, and streams the events', () => {
    const { socket, connection } = setup();
    const events = recorded();
    // stream and background are HTTP-only (stream is not even in the type): the message carries the rest.
    const response = socket.create({ ...PARAMS, stream: true, background: true } as never);
    expect(fake.connections).toHaveLength(0);
    expect(socket.state).toBe('idle');
    const seen = watch(response);
    expect(socket.state).toBe('connecting');
    expect(connection(0).url).toBe('ws://127.0.0.1:9/v1/responses');
    expect(connection(0).headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(connection(0).sent).toEqual([]);
    connection(0).handlers.open();
    expect(socket.state).toBe('open');
    expect(connection(0).creates()).toEqual([{ type: 'response.create', ...PARAMS }]);
    for (const event of events) connection(0).receive(event);
    expect(seen.values).toEqual(events);
    expect(seen.completed).toBe(true);
    expect(fake.connections).toHaveLength(1);
  });
});

describe('connectResponsesSocket: lanes and routing', () => {
  it('sends the next create of a lane only when the one before it ended', () => {
    const { socket, connection } = setup();
    const events = recorded();
    const first = watch(socket.create({ ...PARAMS, input: 'a' }));
    const second = watch(socket.create({ ...PARAMS, input: 'b' }));
    connection(0).handlers.open();
    expect(connection(0).creates().map((m) => m.input)).toEqual(['a']);
    for (const event of events) connection(0).receive(event);
    expect(first.completed).toBe(true);
    expect(connection(0).creates().map((m) => m.input)).toEqual(['a', 'b']);
    for (const event of events) connection(0).receive(event);
    expect(second.values).toEqual(events);
    expect(second.completed).toBe(true);
  });

  it('routes each message to the lane its stream_id names, and drops one for no lane while two stream', () => {
    const { socket, connection } = setup();
    const a = recorded('a');
    const b = recorded('b');
    const laneA = watch(socket.create(PARAMS, { streamId: 'a' }));
    const laneB = watch(socket.create(PARAMS, { streamId: 'b' }));
    connection(0).handlers.open();
    expect(connection(0).creates().map((m) => m.stream_id)).toEqual(['a', 'b']);
    connection(0).receive({ ...a[0], stream_id: 'elsewhere' });
    connection(0).receive(a[0]);
    connection(0).receive(b[0]);
    connection(0).receive(b[1]);
    expect(laneA.values).toEqual([a[0]]);
    expect(laneB.values).toEqual([b[0], b[1]]);
  });

  it('gives every message to the one response in flight, whatever lane it names', () => {
    const { socket, connection } = setup();
    const events = recorded();
    const seen = watch(socket.create(PARAMS, { streamId: 'mine' }));
    connection(0).handlers.open();
    connection(0).receive({ ...events[0], stream_id: 'other' });
    connection(0).receive({ ...events[1], stream_id: 7 });
    connection(0).receive(events[2]);
    expect(seen.values.map((e) => e.type)).toEqual(events.slice(0, 3).map((e) => e.type));
  });

  it('drops a message that arrives with nothing in flight, and a binary one', () => {
    const { socket, connection } = setup();
    const events = recorded();
    watch(socket.create(PARAMS));
    connection(0).handlers.open();
    for (const event of events) connection(0).receive(event);
    expect(() => connection(0).receive(events[0])).not.toThrow();
    const later = watch(socket.create(PARAMS));
    connection(0).receive(undefined);
    expect(later.values).toEqual([]);
    connection(0).receive(events[0]);
    expect(later.values).toEqual([events[0]]);
    expect(later.errored).toBe(false);
  });

  it('an error event with an HTTP status fails its response with the APIError of that status; other error events are events', () => {
    const { socket, connection } = setup();
    const events = recorded();
    const failed = watch(socket.create(PARAMS));
    connection(0).handlers.open();
    connection(0).receive(events[0]);
    connection(0).receive({ type: 'error', status: 429, error: { type: 'tokens', code: 'rate_limit_exceeded', message: 'Slow down' } });
    expect(failed.errored).toBe(true);
    expect(failed.error).toMatchObject({ name: 'RateLimitError', status: 429 });
    for (const [status, name] of [
      [400, 'BadRequestError'],
      [599, 'InternalServerError'],
    ] as const) {
      const seen = watch(socket.create(PARAMS));
      connection(0).receive({ type: 'error', status, error: { message: 'refused' } });
      expect(seen.error).toMatchObject({ name, status });
    }
    const withStatus = { type: 'response.output_text.delta', status: 500, delta: 'x' };
    const other = watch(socket.create(PARAMS));
    connection(0).receive(withStatus);
    connection(0).receive(events.at(-1));
    expect(other.values).toEqual([withStatus, events.at(-1)]);
    expect(other.completed).toBe(true);
    for (const status of [399, 600, 500.5, '500']) {
      const seen = watch(socket.create(PARAMS));
      const frame = { type: 'error', status, code: 'odd', message: 'not an HTTP status' };
      connection(0).receive(frame);
      expect(seen.values).toEqual([frame]);
      expect(seen.errored).toBe(false);
      seen.subscription.unsubscribe();
    }
  });
});

describe('connectResponsesSocket: timeouts', () => {
  it('gives up a connection not open after connectMs: closes it and retries, then fails with the connect timeout', () => {
    const { socket, connection, scheduler } = setup({ timeouts: { connectMs: 100 } }, 1);
    const seen = watch(socket.create(PARAMS));
    scheduler.advanceBy(99);
    expect(connection(0).closes).toEqual([]);
    scheduler.advanceBy(1);
    // The first close is the one that counts: openWebSocket ignores any after it.
    expect(connection(0).closes[0]).toEqual([1000, '']);
    expect(socket.state).toBe('idle');
    expect(seen.errored).toBe(false);
    scheduler.advanceBy(60_000);
    expect(fake.connections).toHaveLength(2);
    scheduler.advanceBy(100);
    expect(seen.errored).toBe(true);
    expect(seen.error).toMatchObject({ name: 'APIConnectionError', message: 'Request timed out (connect): no response headers within 100 ms (gave up after 1 reconnect(s))' });
    expect((seen.error as Error).cause).toMatchObject({ name: 'APITimeoutError', kind: 'connect', timeoutMs: 100 });
    expect(fake.connections).toHaveLength(2);
  });

  it('an open connection stops its connect timer', () => {
    const { socket, connection, scheduler } = setup({ timeouts: { connectMs: 100 } }, 0);
    const seen = watch(socket.create(PARAMS));
    connection(0).handlers.open();
    scheduler.advanceBy(1000);
    expect(connection(0).closes).toEqual([]);
    expect(seen.errored).toBe(false);
  });

  it('cuts a response after idleMs without a message, counting from the last one, binary ones too', () => {
    const { socket, connection, scheduler } = setup({ timeouts: { idleMs: 100 } }, 0);
    const events = recorded();
    const seen = watch(socket.create(PARAMS));
    connection(0).handlers.open();
    scheduler.advanceBy(60);
    connection(0).receive(events[0]);
    scheduler.advanceBy(60);
    connection(0).receive(undefined);
    scheduler.advanceBy(99);
    expect(seen.errored).toBe(false);
    expect(connection(0).closes).toEqual([]);
    scheduler.advanceBy(1);
    expect(connection(0).closes[0]).toEqual([4000, 'idle timeout']);
    expect(seen.errored).toBe(true);
    const sequenceNumber = (events[0] as { sequence_number: number }).sequence_number;
    expect(seen.error).toMatchObject({
      name: 'StreamTruncatedError',
      lastSequenceNumber: sequenceNumber,
      message: `Stream ended without a terminal event after 1 event(s), last sequence_number ${sequenceNumber}: Request timed out (idle): no data received for 100 ms`,
    });
    expect((seen.error as Error).cause).toMatchObject({ name: 'APITimeoutError', kind: 'idle', timeoutMs: 100 });
  });

  it('counts a create sent as activity, and runs one idle clock for all lanes, gone once they ended', () => {
    const { socket, connection, scheduler } = setup({ timeouts: { idleMs: 100 } }, 0);
    const a = recorded('a');
    const b = recorded('b');
    const laneA = watch(socket.create(PARAMS, { streamId: 'a' }));
    connection(0).handlers.open();
    scheduler.advanceBy(90);
    const laneB = watch(socket.create(PARAMS, { streamId: 'b' }));
    scheduler.advanceBy(99);
    expect(laneA.errored).toBe(false);
    for (const event of a) connection(0).receive(event);
    for (const event of b) connection(0).receive(event);
    expect(laneA.completed && laneB.completed).toBe(true);
    expect(scheduler.waiting()).toBe(0);
  });

  it('runs no idle clock while nothing is in flight: an open socket waits for the next create', () => {
    const { socket, connection, scheduler } = setup({ timeouts: { idleMs: 100 } }, 0);
    const events = recorded();
    watch(socket.create(PARAMS));
    connection(0).handlers.open();
    for (const event of events) connection(0).receive(event);
    expect(scheduler.waiting()).toBe(0);
    scheduler.advanceBy(1000);
    expect(connection(0).closes).toEqual([]);
    expect(socket.state).toBe('open');
    const next = watch(socket.create(PARAMS));
    scheduler.advanceBy(100);
    expect(next.error).toMatchObject({ name: 'StreamTruncatedError' });
  });

  it('fails a response after totalMs, and leaves no timer behind once it ended', () => {
    const { socket, connection, scheduler } = setup({ timeouts: { totalMs: 500, idleMs: 1000 } });
    const seen = watch(socket.create(PARAMS));
    connection(0).handlers.open();
    scheduler.advanceBy(499);
    expect(seen.errored).toBe(false);
    scheduler.advanceBy(1);
    expect(seen.error).toMatchObject({ name: 'APITimeoutError', kind: 'total', timeoutMs: 500 });
    const events = recorded();
    const finished = watch(socket.create(PARAMS));
    connection(1).handlers.open();
    for (const event of events) connection(1).receive(event);
    expect(finished.completed).toBe(true);
    expect(scheduler.waiting()).toBe(0);
  });
});

describe('connectResponsesSocket: a lost connection', () => {
  it('cuts the response streaming, and reconnects after a backoff for the one waiting', () => {
    const { socket, connection, scheduler } = setup();
    const events = recorded();
    const streaming = watch(socket.create({ ...PARAMS, input: 'a' }));
    const waiting = watch(socket.create({ ...PARAMS, input: 'b' }));
    connection(0).handlers.open();
    connection(0).receive(events[0]);
    connection(0).receive(events[1]);
    connection(0).handlers.close({ code: 1011, reason: 'server KEY', error: new Error(`boom ${SECRET}`) });
    const sequenceNumber = (events[1] as { sequence_number: number }).sequence_number;
    expect(streaming.error).toMatchObject({
      name: 'StreamTruncatedError',
      lastSequenceNumber: sequenceNumber,
      message: `Stream ended without a terminal event after 2 event(s), last sequence_number ${sequenceNumber}: WebSocket closed with code 1011 (server KEY): boom [redacted]`,
    });
    const cause = (streaming.error as Error).cause as Error;
    expect(cause).toMatchObject({ name: 'APIConnectionError' });
    expect((cause.cause as Error).message).toBe('boom [redacted]');
    expect(waiting.errored).toBe(false);
    expect(socket.state).toBe('idle');
    scheduler.advanceBy(374);
    expect(fake.connections).toHaveLength(1);
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(2);
    connection(1).handlers.open();
    expect(connection(1).creates().map((m) => m.input)).toEqual(['b']);
    for (const event of events) connection(1).receive(event);
    expect(waiting.completed).toBe(true);
  });

  it('says how far a response got without a sequence number, and a close without a reason or error', () => {
    const { socket, connection } = setup({}, 0);
    const seen = watch(socket.create(PARAMS));
    connection(0).handlers.open();
    connection(0).receive({ type: 'response.in_progress' });
    connection(0).handlers.close(END_1006);
    expect((seen.error as Error).message).toBe('Stream ended without a terminal event after 1 event(s): WebSocket closed with code 1006');
    expect((seen.error as { lastSequenceNumber?: number }).lastSequenceNumber).toBeUndefined();
    expect(((seen.error as Error).cause as Error).cause).toBeUndefined();
  });

  it('a close that is not worth retrying fails the waiting response too, with the close as its error', () => {
    const { socket, connection, scheduler } = setup();
    const streaming = watch(socket.create(PARAMS));
    const waiting = watch(socket.create(PARAMS));
    connection(0).handlers.open();
    connection(0).handlers.close({ code: 1008, reason: 'policy' });
    expect(streaming.error).toMatchObject({ name: 'StreamTruncatedError' });
    expect(waiting.error).toMatchObject({ name: 'APIConnectionError', message: 'WebSocket closed with code 1008 (policy)' });
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(1);
  });

  it('retries any close before the connection opened, and a refusal only when it says so', () => {
    const { socket, connection, scheduler } = setup({}, 5);
    const seen = watch(socket.create(PARAMS));
    connection(0).handlers.close({ code: 1008, reason: '' });
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(2);
    const retryable = { name: 'InternalServerError', message: '503 Busy' } as unknown as Error;
    connection(1).handlers.close({ ...END_1006, rejection: { retryable: true, error: retryable as never } });
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(3);
    expect(seen.errored).toBe(false);
    const refusal = { name: 'AuthenticationError', message: '401 Unauthorized' };
    connection(2).handlers.close({ ...END_1006, rejection: { retryable: false, error: refusal as never } });
    expect(seen.error).toBe(refusal);
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(3);
  });

  it('gives up after maxReconnects, saying how many; a connection that opens starts the count again', () => {
    const { socket, connection, scheduler } = setup({}, 1);
    const events = recorded();
    const first = watch(socket.create(PARAMS));
    connection(0).handlers.close(END_1006);
    scheduler.advanceBy(BACKOFF);
    connection(1).handlers.open();
    for (const event of events) connection(1).receive(event);
    expect(first.completed).toBe(true);
    // Opened: the one reconnect allowed is available again.
    connection(1).handlers.close({ code: 1001, reason: '' });
    const second = watch(socket.create(PARAMS));
    expect(fake.connections).toHaveLength(3);
    connection(2).handlers.close(END_1006);
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(4);
    connection(3).handlers.close(END_1006);
    expect(second.error).toMatchObject({ name: 'APIConnectionError', message: 'WebSocket closed with code 1006 (gave up after 1 reconnect(s))' });
    expect((second.error as Error).cause).toMatchObject({ name: 'APIConnectionError', message: 'WebSocket closed with code 1006' });
  });

  it('waits longer before each reconnect in a row', () => {
    const { socket, connection, scheduler } = setup({}, 3);
    watch(socket.create(PARAMS));
    connection(0).handlers.close(END_1006);
    // 500 ms, then 1 s, less a quarter at most.
    scheduler.advanceBy(374);
    expect(fake.connections).toHaveLength(1);
    scheduler.advanceBy(BACKOFF);
    connection(1).handlers.close(END_1006);
    scheduler.advanceBy(749);
    expect(fake.connections).toHaveLength(2);
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(3);
  });

  it('gives up with the last refusal itself when it was retryable, after reconnects', () => {
    const { socket, connection, scheduler } = setup({}, 1);
    const seen = watch(socket.create(PARAMS));
    const busy = (n: number) => ({ name: 'InternalServerError', message: `503 Busy ${n}` }) as never;
    connection(0).handlers.close({ ...END_1006, rejection: { retryable: true, error: busy(1) } });
    scheduler.advanceBy(BACKOFF);
    const last = busy(2);
    connection(1).handlers.close({ ...END_1006, rejection: { retryable: true, error: last } });
    expect(seen.error).toBe(last);
  });

  it('keeps the last sequence number seen when a later event has none', () => {
    const { socket, connection } = setup({}, 0);
    const events = recorded();
    const seen = watch(socket.create(PARAMS));
    connection(0).handlers.open();
    connection(0).receive(events[0]);
    connection(0).receive({ type: 'response.in_progress' });
    connection(0).handlers.close(END_1006);
    const sequenceNumber = (events[0] as { sequence_number: number }).sequence_number;
    expect(seen.error).toMatchObject({ lastSequenceNumber: sequenceNumber });
    expect((seen.error as Error).message).toBe(`Stream ended without a terminal event after 2 event(s), last sequence_number ${sequenceNumber}: WebSocket closed with code 1006`);
  });

  it('a close whose error is not an Error says nothing more, and keeps it as the cause', () => {
    const { socket, connection } = setup({}, 0);
    const seen = watch(socket.create(PARAMS));
    connection(0).handlers.close({ code: 1006, reason: '', error: 'reset' });
    expect(seen.error).toMatchObject({ name: 'APIConnectionError', message: 'WebSocket closed with code 1006' });
    expect((seen.error as Error).cause).toBe('reset');
  });

  it('fails at once, without reconnecting, when maxReconnects is 0; the cause itself is the error', () => {
    const { socket, connection, scheduler } = setup({}, 0);
    const seen = watch(socket.create(PARAMS));
    connection(0).handlers.close(END_1006);
    expect(seen.error).toMatchObject({ name: 'APIConnectionError', message: 'WebSocket closed with code 1006' });
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(1);
  });

  it('takes maxReconnects from the client maxRetries', () => {
    const { socket, connection, scheduler } = setup({ maxRetries: 1 });
    const seen = watch(socket.create(PARAMS));
    connection(0).handlers.close(END_1006);
    scheduler.advanceBy(BACKOFF);
    connection(1).handlers.close(END_1006);
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(2);
    expect(seen.error).toMatchObject({ message: 'WebSocket closed with code 1006 (gave up after 1 reconnect(s))' });
  });

  it('ignores what an earlier connection reports once it was replaced', () => {
    const { socket, connection, scheduler } = setup();
    const events = recorded();
    const seen = watch(socket.create(PARAMS));
    connection(0).handlers.close(END_1006);
    scheduler.advanceBy(BACKOFF);
    connection(0).handlers.open();
    connection(0).receive(events[0]);
    connection(0).handlers.close(END_1006);
    expect(socket.state).toBe('connecting');
    expect(connection(0).sent).toEqual([]);
    connection(1).handlers.open();
    connection(1).receive(events[0]);
    expect(seen.values).toEqual([events[0]]);
    expect(seen.errored).toBe(false);
  });

  it('a create issued while a reconnect waits waits for it too', () => {
    const { socket, connection, scheduler } = setup();
    watch(socket.create(PARAMS));
    connection(0).handlers.close(END_1006);
    watch(socket.create(PARAMS, { streamId: 'b' }));
    expect(fake.connections).toHaveLength(1);
    expect(socket.state).toBe('idle');
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(2);
  });

  it('reads nothing more from a connection once it was replaced, even when it still reports', () => {
    const { socket, connection, scheduler } = setup();
    const events = recorded();
    const seen = watch(socket.create(PARAMS));
    connection(0).handlers.close(END_1006);
    scheduler.advanceBy(BACKOFF);
    connection(1).handlers.open();
    connection(0).receive(events[0]);
    expect(seen.values).toEqual([]);
    connection(1).receive(events[0]);
    expect(seen.values).toEqual([events[0]]);
  });

  it('takes a close() from the error handler of a response an error frame failed', () => {
    const { socket, connection } = setup();
    let error: unknown;
    socket.create(PARAMS).subscribe({
      error: (e: unknown) => {
        error = e;
        socket.close();
      },
    });
    connection(0).handlers.open();
    expect(() => connection(0).receive({ type: 'error', status: 500, error: { message: 'boom' } })).not.toThrow();
    expect(error).toMatchObject({ name: 'InternalServerError' });
    expect(socket.state).toBe('closed');
    expect(connection(0).closes).toEqual([[1000, '']]);
  });

  it('a send that throws loses the connection', () => {
    const { socket, connection, scheduler } = setup();
    const seen = watch(socket.create(PARAMS));
    connection(0).failSend = new Error('socket gone');
    connection(0).handlers.open();
    expect(socket.state).toBe('idle');
    expect(seen.error).toMatchObject({ name: 'StreamTruncatedError', message: 'Stream ended without a terminal event after 0 event(s): WebSocket closed with code 1006: socket gone' });
    expect(connection(0).closes).toEqual([[1000, '']]);
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(1);
  });

  it('invalid JSON fails every response in flight with StreamParseError and reconnects for the waiting one', () => {
    const { socket, connection } = setup();
    const events = recorded();
    const a = watch(socket.create(PARAMS, { streamId: 'a' }));
    const b = watch(socket.create(PARAMS, { streamId: 'b' }));
    const waiting = watch(socket.create(PARAMS, { streamId: 'b' }));
    connection(0).handlers.open();
    connection(0).receive({ ...events[0], stream_id: 'a' });
    connection(0).receive('{"type": nope');
    expect(a.error).toMatchObject({ name: 'StreamParseError', eventNumber: 2 });
    expect(b.error).toMatchObject({ name: 'StreamParseError', eventNumber: 2 });
    expect(connection(0).closes).toEqual([[1007, 'invalid JSON']]);
    expect(fake.connections).toHaveLength(2);
    connection(1).handlers.open();
    connection(1).receive('{"type": nope');
    expect(waiting.error).toMatchObject({ name: 'StreamParseError', eventNumber: 1 });
  });
});

describe('connectResponsesSocket: leaving and closing', () => {
  it('a subscriber leaving a queued response removes it: its create is never sent', () => {
    const { socket, connection } = setup();
    const events = recorded();
    watch(socket.create({ ...PARAMS, input: 'a' }));
    const dropped = watch(socket.create({ ...PARAMS, input: 'b' }));
    const third = watch(socket.create({ ...PARAMS, input: 'c' }));
    dropped.subscription.unsubscribe();
    connection(0).handlers.open();
    for (const event of events) connection(0).receive(event);
    expect(connection(0).creates().map((m) => m.input)).toEqual(['a', 'c']);
    for (const event of events) connection(0).receive(event);
    expect(third.completed).toBe(true);
  });

  it('leaving the only queued response before the connection opened closes it', () => {
    const { socket, connection, scheduler } = setup();
    const seen = watch(socket.create(PARAMS));
    seen.subscription.unsubscribe();
    expect(connection(0).closes).toEqual([[1000, '']]);
    expect(socket.state).toBe('idle');
    expect(scheduler.waiting()).toBe(0);
  });

  it('leaving a streaming response closes the connection, and the waiting one gets a new one at once', () => {
    const { socket, connection } = setup();
    const events = recorded();
    const streaming = watch(socket.create({ ...PARAMS, input: 'a' }));
    const waiting = watch(socket.create({ ...PARAMS, input: 'b' }));
    connection(0).handlers.open();
    connection(0).receive(events[0]);
    streaming.subscription.unsubscribe();
    expect(connection(0).closes).toEqual([[1000, 'response abandoned']]);
    expect(fake.connections).toHaveLength(2);
    connection(1).handlers.open();
    expect(connection(1).creates().map((m) => m.input)).toEqual(['b']);
    for (const event of events) connection(1).receive(event);
    expect(waiting.completed).toBe(true);
  });

  it('leaving the only streaming response closes the connection and opens no other', () => {
    const { socket, connection, scheduler } = setup();
    const events = recorded();
    const streaming = watch(socket.create(PARAMS, { streamId: 'a' }));
    connection(0).handlers.open();
    connection(0).receive(events[0]);
    streaming.subscription.unsubscribe();
    expect(connection(0).closes).toEqual([[1000, 'response abandoned']]);
    expect(fake.connections).toHaveLength(1);
    expect(socket.state).toBe('idle');
    expect(scheduler.waiting()).toBe(0);
  });

  it('leaving one of two lanes streaming keeps the connection and drops that lane until its end, then sends its next create', () => {
    const { socket, connection } = setup();
    const a = recorded('a');
    const b = recorded('b');
    const left = watch(socket.create(PARAMS, { streamId: 'a' }));
    const other = watch(socket.create(PARAMS, { streamId: 'b' }));
    const next = watch(socket.create({ ...PARAMS, input: 'next' }, { streamId: 'a' }));
    connection(0).handlers.open();
    connection(0).receive(a[0]);
    left.subscription.unsubscribe();
    expect(connection(0).closes).toEqual([]);
    for (const event of a.slice(1, -1)) connection(0).receive(event);
    expect(connection(0).sent).toHaveLength(2);
    connection(0).receive(a.at(-1));
    expect(left.values).toEqual([a[0]]);
    expect(connection(0).creates().map((m) => m.input)).toEqual(['Say hello', 'Say hello', 'next']);
    for (const event of b) connection(0).receive(event);
    expect(other.values).toEqual(b);
    for (const event of a) connection(0).receive(event);
    expect(next.values).toEqual(a);
    expect(next.completed).toBe(true);
  });

  it('a drained lane that ends while the other still streams keeps the idle clock for the other', () => {
    const { socket, connection, scheduler } = setup({ timeouts: { idleMs: 100 } }, 0);
    const a = recorded('a');
    const left = watch(socket.create(PARAMS, { streamId: 'a' }));
    const other = watch(socket.create(PARAMS, { streamId: 'b' }));
    connection(0).handlers.open();
    left.subscription.unsubscribe();
    for (const event of a) connection(0).receive(event);
    scheduler.advanceBy(99);
    expect(other.errored).toBe(false);
    scheduler.advanceBy(1);
    expect(other.error).toMatchObject({ name: 'StreamTruncatedError' });
  });

  it('leaving the last lane streaming while another one drains closes the connection', () => {
    const { socket, connection, scheduler } = setup();
    const left = watch(socket.create(PARAMS, { streamId: 'a' }));
    const other = watch(socket.create(PARAMS, { streamId: 'b' }));
    connection(0).handlers.open();
    left.subscription.unsubscribe();
    other.subscription.unsubscribe();
    expect(connection(0).closes).toEqual([[1000, 'response abandoned']]);
    expect(scheduler.waiting()).toBe(0);
    expect(socket.state).toBe('idle');
  });

  it('a response left from the error handler of another, while the connection is lost, keeps the one queued behind it', () => {
    const { socket, connection } = setup();
    const events = recorded('b');
    let second: ReturnType<typeof watch<ResponseStreamEvent>> | undefined;
    const first = socket.create(PARAMS, { streamId: 'a' }).subscribe({ error: () => second?.subscription.unsubscribe() });
    second = watch(socket.create(PARAMS, { streamId: 'b' }));
    const queued = watch(socket.create({ ...PARAMS, input: 'queued' }, { streamId: 'b' }));
    connection(0).handlers.open();
    expect(() => connection(0).handlers.close(END_1006)).not.toThrow();
    expect(first.closed).toBe(true);
    expect(fake.connections).toHaveLength(2);
    connection(1).handlers.open();
    expect(connection(1).creates().map((m) => m.input)).toEqual(['queued']);
    for (const event of events) connection(1).receive(event);
    expect(queued.completed).toBe(true);
  });

  it('a response left from the error handler of another, while the connection is lost, leaves nothing behind', () => {
    const { socket, connection, scheduler } = setup();
    let second: ReturnType<typeof watch<ResponseStreamEvent>> | undefined;
    socket.create(PARAMS, { streamId: 'a' }).subscribe({ error: () => second?.subscription.unsubscribe() });
    second = watch(socket.create(PARAMS, { streamId: 'b' }));
    connection(0).handlers.open();
    expect(() => connection(0).handlers.close(END_1006)).not.toThrow();
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(1);
    expect(socket.state).toBe('idle');
  });

  it('close() cuts the streaming response, fails the waiting one and every later create, and closes the connection once', () => {
    const { socket, connection, scheduler } = setup();
    const events = recorded();
    const streaming = watch(socket.create(PARAMS));
    const waiting = watch(socket.create(PARAMS));
    connection(0).handlers.open();
    connection(0).receive(events[0]);
    socket.close();
    expect(socket.state).toBe('closed');
    expect(streaming.error).toMatchObject({ name: 'StreamTruncatedError' });
    expect((streaming.error as Error).message).toMatch(/after 1 event\(s\), last sequence_number \d+: The ResponsesSocket was closed$/);
    expect(waiting.error).toMatchObject({ name: 'APIConnectionError', message: 'The ResponsesSocket was closed' });
    expect(connection(0).closes).toEqual([[1000, '']]);
    socket.close();
    expect(connection(0).closes).toEqual([[1000, '']]);
    const later = watch(socket.create(PARAMS));
    expect(later.error).toMatchObject({ name: 'APIConnectionError', message: 'The ResponsesSocket is closed' });
    connection(0).handlers.close(END_1006);
    expect(socket.state).toBe('closed');
    expect(fake.connections).toHaveLength(1);
    expect(scheduler.waiting()).toBe(0);
  });

  it('leaving the only response while a reconnect waits stops it', () => {
    const { socket, connection, scheduler } = setup();
    const seen = watch(socket.create(PARAMS));
    connection(0).handlers.close(END_1006);
    seen.subscription.unsubscribe();
    expect(scheduler.waiting()).toBe(0);
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(1);
    expect(socket.state).toBe('idle');
  });

  it('close() while a reconnect waits stops it', () => {
    const { socket, connection, scheduler } = setup();
    const seen = watch(socket.create(PARAMS));
    connection(0).handlers.close(END_1006);
    socket.close();
    expect(seen.error).toMatchObject({ message: 'The ResponsesSocket was closed' });
    scheduler.advanceBy(BACKOFF);
    expect(fake.connections).toHaveLength(1);
  });
});

describe('connectResponsesSocket: create()', () => {
  it('refuses params that are not an object, a streamId that is not a non-empty string, params JSON cannot write', () => {
    const { socket } = setup();
    for (const params of [null, [], 'hi']) {
      expect(() => socket.create(params as never)).toThrow(expect.objectContaining({ name: 'ClientOptionsError', option: 'params', message: 'Invalid params: expected an object' }));
    }
    for (const streamId of ['', 7]) {
      expect(() => socket.create(PARAMS, { streamId: streamId as never })).toThrow(
        expect.objectContaining({ name: 'ClientOptionsError', option: 'streamId', message: 'Invalid streamId: expected a non-empty string' }),
      );
    }
    expect(() => socket.create({ ...PARAMS, metadata: { n: 1n } } as never)).toThrow(
      expect.objectContaining({ name: 'ClientOptionsError', option: 'params', message: expect.stringMatching(/^Invalid params: not serializable as JSON \(.*BigInt.*\)$/) }),
    );
    expect(fake.connections).toHaveLength(0);
  });

  it('names what JSON could not write in params, whatever was thrown', () => {
    const { socket } = setup();
    const params = {
      ...PARAMS,
      metadata: {
        toJSON() {
          throw 'no JSON here';
        },
      },
    };
    expect(() => socket.create(params as never)).toThrow(expect.objectContaining({ option: 'params', message: 'Invalid params: not serializable as JSON (no JSON here)' }));
  });

  it('a subscriber after the end gets the same events or the same error, without a second create', () => {
    const { socket, connection } = setup();
    const events = recorded();
    const completed = socket.create(PARAMS);
    watch(completed);
    connection(0).handlers.open();
    for (const event of events) connection(0).receive(event);
    const again = watch(completed);
    expect(again.values).toEqual(events);
    expect(again.completed).toBe(true);
    const failed = socket.create(PARAMS);
    const first = watch(failed);
    connection(0).receive({ type: 'error', status: 500, error: { message: 'boom' } });
    const late = watch(failed);
    expect(late.error).toBe(first.error);
    expect(connection(0).sent).toHaveLength(2);
  });

  it('a signal aborted before the subscription fails it with its reason and opens nothing', () => {
    const { socket } = setup();
    const reason = new Error('stopped');
    const seen = watch(socket.create(PARAMS, { signal: AbortSignal.abort(reason) }));
    expect(seen.error).toBe(reason);
    expect(fake.connections).toHaveLength(0);
  });

  it('a signal aborted while streaming fails the response with its reason; one that ended no longer listens', () => {
    const { socket, connection } = setup();
    const events = recorded();
    const controller = new AbortController();
    const seen = watch(socket.create(PARAMS, { signal: controller.signal }));
    connection(0).handlers.open();
    connection(0).receive(events[0]);
    const reason = new Error('user stop');
    controller.abort(reason);
    expect(seen.error).toBe(reason);
    expect(connection(0).closes).toEqual([[1000, 'response abandoned']]);
    const done = new AbortController();
    let listening = 0;
    const signal = done.signal;
    const add = signal.addEventListener.bind(signal);
    const removeListener = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => ((listening += args[0] === 'abort' ? 1 : 0), add(...args))) as typeof add;
    signal.removeEventListener = ((...args: Parameters<typeof removeListener>) => ((listening -= args[0] === 'abort' ? 1 : 0), removeListener(...args))) as typeof removeListener;
    const finished = watch(socket.create(PARAMS, { signal }));
    expect(listening).toBe(1);
    connection(1).handlers.open();
    for (const event of events) connection(1).receive(event);
    expect(finished.completed).toBe(true);
    expect(listening).toBe(0);
  });

  it('replays the events to a late subscriber, unless replay is false', () => {
    const { socket, connection } = setup();
    const events = recorded();
    const replayed = socket.create(PARAMS);
    const live = socket.create(PARAMS, { streamId: 'live', replay: false });
    const early = watch(replayed);
    const earlyLive = watch(live);
    connection(0).handlers.open();
    connection(0).receive(events[0]);
    connection(0).receive({ ...events[0], stream_id: 'live' });
    expect(watch(replayed).values).toEqual([events[0]]);
    expect(watch(live).values).toEqual([]);
    expect(early.values).toHaveLength(1);
    expect(earlyLive.values).toHaveLength(1);
  });
});
