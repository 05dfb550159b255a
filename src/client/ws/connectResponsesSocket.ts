import { Observable, ReplaySubject, Subject, type Subscriber, type Subscription, share } from 'rxjs';
import { APIConnectionError } from '../../errors/APIConnectionError.js';
import { APITimeoutError } from '../../errors/APITimeoutError.js';
import { ClientOptionsError } from '../../errors/ClientOptionsError.js';
import type { RxResponsesError } from '../../errors/RxResponsesError.js';
import { StreamTruncatedError } from '../../errors/StreamTruncatedError.js';
import type { ResponseStreamEvent } from '../../events/ResponseStreamEvent.js';
import { isTerminalEvent } from '../../events/eventTypes.js';
import { parseEventData } from '../../sources/parseEventData.js';
import type { ClientContext } from '../ClientContext.js';
import type { ResponseCreateParams } from '../ResponseCreateParams.js';
import { redactCause } from '../redactSecret.js';
import { retryDelay } from '../retryDelay.js';
import { scheduleAfter } from '../scheduleAfter.js';
import { errorFrameToAPIError } from './errorFrameToAPIError.js';
import { isRecoverableClose } from './isRecoverableClose.js';
import { type SocketEnd, type WebSocketConnection, openWebSocket } from './openWebSocket.js';
import type { ConnectOptions, ResponsesSocket, SocketCreateOptions } from './ResponsesSocket.js';
import { webSocketURL } from './webSocketURL.js';

/** One subscribed `create`, from its subscription until its terminal event. */
interface Job {
  readonly frame: string;
  readonly lane: string;
  readonly subscriber: Subscriber<ResponseStreamEvent>;
  /** Its `response.create` went out on the current connection. */
  sent: boolean;
  /** Finished, failed or abandoned: nothing more reaches the subscriber. */
  done: boolean;
  /** Abandoned while streaming: its remaining events are read and dropped until its end. */
  draining: boolean;
  delivered: number;
  lastSequenceNumber: number | undefined;
}

/**
 * @internal The {@link ResponsesSocket} behind `client.responses.connect()`: one connection,
 * opened on demand, lanes of queued responses keyed by `stream_id`, reconnection with backoff
 * for waiting responses, and the HTTP client's timeouts (`connectMs` for the upgrade, `idleMs`
 * between messages while a response streams, `totalMs` per response).
 *
 * @example
 * ```ts
 * const socket = connectResponsesSocket(resolveClientContext({ apiKey }), { maxReconnects: 3 });
 * ```
 */
export function connectResponsesSocket(context: ClientContext, options: ConnectOptions = {}): ResponsesSocket {
  const maxReconnects = options.maxReconnects ?? context.maxRetries;
  if (!Number.isInteger(maxReconnects) || maxReconnects < 0) {
    throw new ClientOptionsError('maxReconnects', `Invalid maxReconnects: expected an integer >= 0, got ${String(maxReconnects)}`);
  }
  const url = webSocketURL(context);
  const { scheduler, redact } = context;
  const lanes = new Map<string, Job[]>();
  let state: ResponsesSocket['state'] = 'idle';
  let connection: WebSocketConnection | undefined;
  let connectTimer: Subscription | undefined;
  let idleTimer: Subscription | undefined;
  let waitTimer: Subscription | undefined;
  let lastFrame = 0;
  let frames = 0;
  /** Failed connections in a row, for the backoff; reset when one opens. */
  let reconnects = 0;

  const jobs = (): Job[] => [...lanes.values()].flat();
  const inFlight = (): Job[] => jobs().filter((job) => job.sent);

  const remove = (job: Job): void => {
    const lane = lanes.get(job.lane);
    if (lane === undefined) return;
    const at = lane.indexOf(job);
    if (at >= 0) lane.splice(at, 1);
    if (lane.length === 0) lanes.delete(job.lane);
  };

  const fail = (job: Job, error: unknown): void => {
    if (job.done) return remove(job);
    job.done = true;
    remove(job);
    job.subscriber.error(error);
  };

  const truncated = (job: Job, cause: RxResponsesError): StreamTruncatedError => {
    const after = job.lastSequenceNumber === undefined ? '' : `, last sequence_number ${job.lastSequenceNumber}`;
    return new StreamTruncatedError({
      message: redact(`Stream ended without a terminal event after ${job.delivered} event(s)${after}: ${cause.message}`),
      ...(job.lastSequenceNumber === undefined ? {} : { lastSequenceNumber: job.lastSequenceNumber }),
      cause,
    });
  };

  /** Sends the `response.create` of every lane's first response not yet sent. */
  const pump = (): void => {
    if (state !== 'open' || connection === undefined) return;
    for (const lane of lanes.values()) {
      const head = lane[0];
      if (head === undefined || head.sent) continue;
      head.sent = true;
      lastFrame = scheduler.now();
      try {
        connection.send(head.frame);
      } catch (error) {
        return lose(connection, { code: 1006, reason: '', error });
      }
    }
    if (idleTimer === undefined && inFlight().length > 0) watchIdle();
  };

  const watchIdle = (): void => {
    const check = (): void => {
      idleTimer = undefined;
      if (connection === undefined || inFlight().length === 0) return;
      const quiet = scheduler.now() - lastFrame;
      if (quiet < context.idleMs) {
        idleTimer = scheduleAfter(scheduler, context.idleMs - quiet, check);
        return;
      }
      const stuck = connection;
      stuck.close(4000, 'idle timeout');
      lose(stuck, { code: 1006, reason: '' }, new APITimeoutError({ kind: 'idle', timeoutMs: context.idleMs }));
    };
    idleTimer = scheduleAfter(scheduler, context.idleMs, check);
  };

  const ensureConnection = (): void => {
    if (state !== 'idle' || waitTimer !== undefined || lanes.size === 0) return;
    state = 'connecting';
    frames = 0;
    const opened = openWebSocket(url, context.headers, redact, {
      open() {
        if (opened !== connection) return;
        connectTimer?.unsubscribe();
        connectTimer = undefined;
        state = 'open';
        reconnects = 0;
        pump();
      },
      message(text) {
        if (opened === connection) receive(text);
      },
      close(end) {
        lose(opened, end);
      },
    });
    connection = opened;
    connectTimer = scheduleAfter(scheduler, context.connectMs, () => {
      opened.close(1000, '');
      lose(opened, { code: 1006, reason: '' }, new APITimeoutError({ kind: 'connect', timeoutMs: context.connectMs }));
    });
  };

  /** Ends our side of the current connection and forgets it; nothing it reports later is read. */
  const disconnect = (code: number, reason: string): void => {
    const current = connection;
    connection = undefined;
    connectTimer?.unsubscribe();
    idleTimer?.unsubscribe();
    connectTimer = idleTimer = undefined;
    if (state !== 'closed') state = 'idle';
    current?.close(code, reason);
  };

  /**
   * The connection is gone (closed by the server, the network, or a timeout of ours): responses
   * streaming on it are cut; waiting ones get a new connection after a backoff when the close
   * is worth retrying, else they fail too.
   */
  const lose = (lost: WebSocketConnection, end: SocketEnd, timeout?: APITimeoutError): void => {
    if (lost !== connection) return;
    const wasOpen = state === 'open';
    disconnect(1000, '');
    const cause = timeout ?? end.rejection?.error ?? closeError(end);
    for (const job of inFlight()) {
      if (job.done) remove(job);
      else fail(job, truncated(job, cause));
    }
    if (lanes.size === 0 || state === 'closed') return;
    const retryable = timeout !== undefined || (end.rejection === undefined ? isRecoverableClose(end.code) || !wasOpen : end.rejection.retryable);
    if (!retryable || reconnects >= maxReconnects) {
      const error =
        retryable && reconnects > 0 && end.rejection === undefined
          ? new APIConnectionError({ message: redact(`${cause.message} (gave up after ${reconnects} reconnect(s))`), cause })
          : cause;
      for (const job of jobs()) fail(job, error);
      return;
    }
    const wait = retryDelay(reconnects, undefined, scheduler.now());
    reconnects++;
    waitTimer = scheduleAfter(scheduler, wait, () => {
      waitTimer = undefined;
      ensureConnection();
    });
  };

  const closeError = (end: SocketEnd): APIConnectionError => {
    const detail = end.error instanceof Error ? `: ${end.error.message}` : '';
    const reason = end.reason === '' ? '' : ` (${end.reason})`;
    return new APIConnectionError({
      message: redact(`WebSocket closed with code ${end.code}${reason}${detail}`),
      ...(end.error === undefined ? {} : { cause: redactCause(end.error, redact) }),
    });
  };

  const receive = (text: string | undefined): void => {
    lastFrame = scheduler.now();
    // This protocol sends text only; a binary frame cannot be routed to a response.
    if (text === undefined) return;
    frames++;
    let event: ResponseStreamEvent;
    try {
      event = parseEventData(text, { eventNumber: frames });
    } catch (error) {
      // Which response it belonged to is unknown: every response on this connection is suspect.
      for (const job of inFlight()) fail(job, error);
      disconnect(1007, 'invalid JSON');
      ensureConnection();
      return;
    }
    const streamId = (event as { stream_id?: unknown }).stream_id;
    let job = lanes.get(typeof streamId === 'string' ? streamId : '')?.[0];
    if (job?.sent !== true) {
      // One response in flight: whatever lane the server names, the message is its own.
      const streaming = inFlight();
      job = streaming.length === 1 ? streaming[0] : undefined;
    }
    if (job === undefined) return;
    const terminal = isTerminalEvent(event);
    if (job.draining) {
      if (terminal) {
        remove(job);
        pump();
        settleIdle();
      }
      return;
    }
    const status = (event as { status?: unknown }).status;
    if (event.type === 'error' && typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599) {
      fail(job, errorFrameToAPIError(event, status, redact));
      pump();
      settleIdle();
      return;
    }
    const sequenceNumber = (event as { sequence_number?: unknown }).sequence_number;
    if (typeof sequenceNumber === 'number') job.lastSequenceNumber = sequenceNumber;
    job.delivered++;
    job.subscriber.next(event);
    if (!terminal) return;
    if (!job.done) {
      job.done = true;
      remove(job);
      job.subscriber.complete();
    } else remove(job);
    pump();
    settleIdle();
  };

  /** With nothing in flight, no idle clock runs: an open socket waits for the next create. */
  const settleIdle = (): void => {
    if (idleTimer === undefined || inFlight().length > 0) return;
    idleTimer.unsubscribe();
    idleTimer = undefined;
  };

  /** A subscriber left before its response ended. */
  const abandon = (job: Job): void => {
    job.done = true;
    if (!job.sent) {
      remove(job);
    } else if (inFlight().some((other) => other !== job && !other.done)) {
      // Another lane streams on this connection: keep it, and skip this response's events.
      job.draining = true;
      return;
    } else {
      // Closing is the only way to stop the server generating it; waiting responses reconnect.
      remove(job);
      for (const other of inFlight()) remove(other);
      disconnect(1000, 'response abandoned');
      waitTimer?.unsubscribe();
      waitTimer = undefined;
      ensureConnection();
      return;
    }
    if (lanes.size === 0) {
      disconnect(1000, '');
      waitTimer?.unsubscribe();
      waitTimer = undefined;
    }
  };

  const create = (params: ResponseCreateParams, createOptions?: SocketCreateOptions): Observable<ResponseStreamEvent> => {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      throw new ClientOptionsError('params', 'Invalid params: expected an object');
    }
    const streamId = createOptions?.streamId;
    if (streamId !== undefined && (typeof streamId !== 'string' || streamId === '')) {
      throw new ClientOptionsError('streamId', 'Invalid streamId: expected a non-empty string');
    }
    const { stream: _stream, background: _background, ...body } = params;
    let frame: string;
    try {
      frame = JSON.stringify({ type: 'response.create', ...body, ...(streamId === undefined ? {} : { stream_id: streamId }) });
    } catch (error) {
      throw new ClientOptionsError('params', `Invalid params: not serializable as JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const signal = createOptions?.signal;
    const events = new Observable<ResponseStreamEvent>((subscriber) => {
      if (state === 'closed') {
        subscriber.error(new APIConnectionError({ message: 'The ResponsesSocket is closed' }));
        return undefined;
      }
      if (signal?.aborted === true) {
        subscriber.error(signal.reason);
        return undefined;
      }
      const job: Job = { frame, lane: streamId ?? '', subscriber, sent: false, done: false, draining: false, delivered: 0, lastSequenceNumber: undefined };
      const onAbort = (): void => subscriber.error(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const totalTimer = scheduleAfter(scheduler, context.totalMs, () => subscriber.error(new APITimeoutError({ kind: 'total', timeoutMs: context.totalMs })));
      const lane = lanes.get(job.lane);
      if (lane === undefined) lanes.set(job.lane, [job]);
      else lane.push(job);
      ensureConnection();
      pump();
      return () => {
        totalTimer.unsubscribe();
        signal?.removeEventListener('abort', onAbort);
        if (!job.done) abandon(job);
      };
    });
    const replay = createOptions?.replay;
    return events.pipe(
      share({
        connector: () => (replay === false ? new Subject<ResponseStreamEvent>() : new ReplaySubject<ResponseStreamEvent>()),
        resetOnError: false,
        resetOnComplete: false,
        resetOnRefCountZero: true,
      }),
    );
  };

  return {
    create,
    close() {
      if (state === 'closed') return;
      state = 'closed';
      waitTimer?.unsubscribe();
      waitTimer = undefined;
      const cause = new APIConnectionError({ message: 'The ResponsesSocket was closed' });
      const streaming = inFlight();
      disconnect(1000, '');
      for (const job of streaming) fail(job, truncated(job, cause));
      for (const job of jobs()) fail(job, cause);
    },
    get state() {
      return state;
    },
    url,
  };
}
