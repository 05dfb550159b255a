import { Observable, type Subscription } from 'rxjs';
import { APIConnectionError } from '../errors/APIConnectionError.js';
import { isAPIError } from '../errors/APIError.js';
import { APITimeoutError } from '../errors/APITimeoutError.js';
import { isStreamParseError } from '../errors/StreamParseError.js';
import { StreamTruncatedError } from '../errors/StreamTruncatedError.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { isTerminalEvent } from '../events/eventTypes.js';
import { plural } from '../reduce/plural.js';
import { createPayloadEmitter } from '../sources/createPayloadEmitter.js';
import { createSSEDecoder } from '../sources/createSSEDecoder.js';
import { readChunks } from '../sources/readChunks.js';
import type { ClientContext } from './ClientContext.js';
import { redactCause } from './redactSecret.js';
import { retryDelay } from './retryDelay.js';
import { scheduleAfter } from './scheduleAfter.js';
import { type OpenedResponse, type RequestSpec, isRetryable, sendRequest } from './sendRequest.js';
import { toResponseStreamError } from '../errors/toResponseStreamError.js';
import { attachStreamError } from '../errors/streamErrorOf.js';

/**
 * @internal What {@link streamEvents} opens and how it may recover.
 *
 * @example
 * ```ts
 * const spec: EventStreamSpec = { request, resume: true };
 * ```
 */
export interface EventStreamSpec {
  /** The first request (`POST /responses` or `GET /responses/{id}?stream=true`). */
  request: RequestSpec;
  /** Reconnect with `starting_after` when the body breaks off before a terminal event. */
  resume: boolean;
  /** Known up front when retrieving; otherwise read from the first lifecycle event. */
  responseId?: string;
  /** The `starting_after` of the first request: events at or below it are duplicates. */
  startingAfter?: number;
  signal?: AbortSignal;
}

/**
 * @internal A cold observable of one streamed response. Each subscription sends the request
 * (retried only until a success status arrives), parses the SSE body with the sources'
 * decoder under the idle timeout, and ends with the terminal event; an `error` event is
 * delivered, then ends the stream at once with a `ResponseStreamError` (the connection
 * is closed). A body that breaks off
 * or ends early errors with `StreamTruncatedError` (the original error as its `cause`), or,
 * with `resume`, reconnects after the last `sequence_number` seen and drops what was already
 * delivered, at most `maxRetries` times in a row without progress. Unsubscribing aborts the
 * request and cancels the reader.
 *
 * @example
 * ```ts
 * streamEvents(context, { request, resume: false }).pipe(share({ connector: () => new ReplaySubject() }));
 * ```
 */
export function streamEvents(context: ClientContext, spec: EventStreamSpec): Observable<ResponseStreamEvent> {
  return new Observable<ResponseStreamEvent>((subscriber) => {
    const { scheduler, redact } = context;
    const lifetime = new AbortController();
    let current: OpenedResponse | undefined;
    let reading: Subscription | undefined;
    let idleTimer: Subscription | undefined;
    let waitTimer: Subscription | undefined;
    let responseId = spec.responseId;
    let lastSequenceNumber = spec.startingAfter;
    let terminated = false;
    let delivered = 0;
    // Reconnects in a row that brought no new event.
    let stalls = 0;

    const fail = (error: unknown): void => subscriber.error(error);
    const signal = spec.signal;
    const onUserAbort = (): void => fail(signal?.reason);
    if (signal?.aborted === true) {
      fail(signal.reason);
      return undefined;
    }
    signal?.addEventListener('abort', onUserAbort, { once: true });
    const totalTimer = scheduleAfter(scheduler, context.totalMs, () => fail(new APITimeoutError({ kind: 'total', timeoutMs: context.totalMs })));

    const stopReading = (): void => {
      idleTimer?.unsubscribe();
      reading?.unsubscribe();
      current?.abort();
      current = undefined;
    };

    const truncated = (cause: unknown, reason?: string): StreamTruncatedError => {
      const why = cause === undefined ? 'the server closed the stream' : cause instanceof Error ? cause.message : String(cause);
      const after = lastSequenceNumber === undefined ? '' : `, last sequence_number ${lastSequenceNumber}`;
      const message = redact(`Stream ended without a terminal event after ${plural(delivered, 'event')}${after}: ${why}${reason === undefined ? '' : ` (${reason})`}`);
      return new StreamTruncatedError({
        message,
        ...(lastSequenceNumber === undefined ? {} : { lastSequenceNumber }),
        ...(cause === undefined ? {} : { cause }),
      });
    };

    const drop = (cause: unknown): void => {
      if (!spec.resume) return fail(truncated(cause));
      if (responseId === undefined) return fail(truncated(cause, 'cannot resume: no response id was received'));
      if (lastSequenceNumber === undefined) return fail(truncated(cause, 'cannot resume: the events carry no sequence_number'));
      if (stalls >= context.maxRetries) {
        return fail(truncated(cause, stalls === 0 ? 'cannot resume with maxRetries 0' : `gave up after ${plural(stalls, 'reconnect')} without a new event`));
      }
      // A first reconnect goes at once; repeated ones back off, honouring a server's retry-after.
      const wait = stalls === 0 ? 0 : retryDelay(stalls - 1, isAPIError(cause) ? cause.headers : undefined, scheduler.now());
      stalls++;
      const request: RequestSpec = {
        method: 'GET',
        path: `/responses/${encodeURIComponent(responseId)}`,
        query: { stream: 'true', starting_after: String(lastSequenceNumber) },
        accept: 'sse',
        connectMs: context.connectMs,
        // Each failed reconnect counts against the resume budget instead.
        maxRetries: 0,
      };
      waitTimer = scheduleAfter(scheduler, wait, () => connect(request, true));
    };

    /** The body is over, cleanly (`cause` undefined) or not: done if the terminal event arrived. */
    const ended = (cause: unknown): void => {
      // After the terminal event, a connection that breaks or lingers lost nothing.
      if (terminated) subscriber.complete();
      else drop(cause);
    };

    const connect = (request: RequestSpec, reconnect: boolean): void => {
      sendRequest(context, request, lifetime.signal).then(
        (opened) => {
          if (lifetime.signal.aborted) opened.abort();
          else read(opened, reconnect || spec.startingAfter !== undefined);
        },
        (error: unknown) => {
          if (lifetime.signal.aborted) return;
          if (!reconnect) fail(error);
          else if (isRetryable(error)) drop(error);
          else fail(truncated(error, 'the reconnect was refused'));
        },
      );
    };

    const read = (opened: OpenedResponse, dedupe: boolean): void => {
      current = opened;
      const body = opened.response.body;
      const requestID = opened.response.headers.get('x-request-id') ?? undefined;
      let lastBytes = scheduler.now();
      // Set once the body ended cleanly: a parse error then comes from a frame cut in half.
      let ending = false;
      const checkIdle = (): void => {
        const quiet = scheduler.now() - lastBytes;
        if (quiet < context.idleMs) {
          idleTimer = scheduleAfter(scheduler, context.idleMs - quiet, checkIdle);
          return;
        }
        stopReading();
        ended(new APITimeoutError({ kind: 'idle', timeoutMs: context.idleMs }));
      };
      idleTimer = scheduleAfter(scheduler, context.idleMs, checkIdle);

      const events = new Observable<ResponseStreamEvent>((inner) => {
        if (body === null) {
          inner.complete();
          return undefined;
        }
        const decoder = createSSEDecoder(createPayloadEmitter(inner, { maxEventBytes: context.maxEventBytes }));
        return readChunks<Uint8Array>(body, inner, {
          write(chunk) {
            lastBytes = scheduler.now();
            decoder.write(chunk);
          },
          end() {
            ending = true;
            decoder.end();
          },
        });
      });

      reading = events.subscribe({
        next(event) {
          const sequenceNumber = (event as { sequence_number?: unknown }).sequence_number;
          const numbered = typeof sequenceNumber === 'number';
          if (dedupe && numbered && lastSequenceNumber !== undefined && sequenceNumber <= lastSequenceNumber) return;
          if (numbered) lastSequenceNumber = sequenceNumber;
          responseId ??= responseIdOf(event);
          // Only the start of another response reopens the stream, as in the reducer: any other
          // event after a terminal one is ignored there (event_after_terminal), so it must not
          // turn a finished response into a truncated one here.
          if (isTerminalEvent(event)) terminated = true;
          else if (event.type === 'response.created' || event.type === 'response.queued') terminated = false;
          delivered++;
          stalls = 0;
          // An `error` event is terminal, as in openai-node: the response ends here even when the
          // server keeps the body open, so the connection is released and every subscriber
          // errors now instead of after the idle timeout. The error rides on the event, so an
          // operator that ends at the event (and unsubscribes) raises this redacted one.
          const streamError = event.type === 'error' ? toResponseStreamError(event, redact, requestID) : undefined;
          if (streamError !== undefined) attachStreamError(event, streamError);
          subscriber.next(event);
          if (streamError !== undefined) {
            stopReading();
            fail(streamError);
          }
        },
        error(error: unknown) {
          stopReading();
          // Invalid JSON mid-stream is the server's data, not the connection: no reconnect fixes it.
          // At the very end it is a frame the connection cut in half.
          if (isStreamParseError(error) && !ending) fail(error);
          else if (isStreamParseError(error)) ended(error);
          else ended(new APIConnectionError({ message: redact(`Connection lost while streaming: ${describeError(error)}`), cause: redactCause(error, redact) }));
        },
        complete() {
          stopReading();
          ended(undefined);
        },
      });
    };

    connect(spec.request, false);

    return () => {
      lifetime.abort();
      stopReading();
      waitTimer?.unsubscribe();
      totalTimer.unsubscribe();
      signal?.removeEventListener('abort', onUserAbort);
    };
  });
}

function responseIdOf(event: ResponseStreamEvent): string | undefined {
  const id = (event as { response?: { id?: unknown } }).response?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? cause.message : undefined;
  return detail !== undefined && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
}
