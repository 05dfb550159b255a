import type { Observable } from 'rxjs';
import type { ResponseStreamEvent } from '../../events/ResponseStreamEvent.js';
import type { ResponseCreateParams } from '../ResponseCreateParams.js';

/**
 * Options of `client.responses.connect()`.
 *
 * @example
 * ```ts
 * const socket = client.responses.connect({ maxReconnects: 3 });
 * ```
 */
export interface ConnectOptions {
  /**
   * How many times in a row a connection that closed with a code worth retrying (1001, 1005,
   * 1006, 1011, 1012, 1013, 1015), or failed to open, is opened again for responses still
   * waiting, with exponential backoff and jitter (0.5 s × 2^n, at most 8 s, ±25 %). Default:
   * the client's `maxRetries`. Any other close code is final for the waiting responses.
   */
  maxReconnects?: number;
}

/**
 * Per-call options of {@link ResponsesSocket.create}.
 *
 * @example
 * ```ts
 * socket.create(params, { streamId: 'planner', signal: AbortSignal.timeout(60_000) });
 * ```
 */
export interface SocketCreateOptions {
  /**
   * The lane (`stream_id`) of this response. Responses of one lane run one after another in
   * the order they were subscribed; responses of different lanes may stream at the same time.
   * Default: the socket's single unnamed lane.
   */
  streamId?: string;
  /** Aborts the response; the observable then errors with the signal's reason. */
  signal?: AbortSignal;
  /** As for `stream()`: `false` keeps no events for late subscribers. Default `true`. */
  replay?: boolean;
}

/**
 * One persistent WebSocket to `/responses` (the Responses API's WebSocket mode), from
 * `client.responses.connect()`. Each {@link ResponsesSocket.create} is an observable of one
 * response's events, as `stream()` gives over HTTP, so every operator works on it unchanged.
 *
 * The connection opens on the first subscribed `create` and is shared by all of them. It
 * stays open between responses (that is the point: no connection set-up per turn) until
 * {@link ResponsesSocket.close}, or until a response is abandoned (unsubscribed before its end)
 * with nothing else waiting. A connection that dropped while idle is opened again quietly by
 * the next `create`.
 *
 * @example
 * ```ts
 * const socket = client.responses.connect();
 * const first = await lastValueFrom(socket.create({ model: 'gpt-5-nano', input: 'Hi' }).pipe(finalResponse()));
 * const second = await lastValueFrom(
 *   socket.create({ model: 'gpt-5-nano', previous_response_id: first.id, input: 'And again' }).pipe(finalResponse()),
 * );
 * socket.close();
 * ```
 */
export interface ResponsesSocket {
  /**
   * Sends `{ type: 'response.create', ...params }` once subscribed (one message however many
   * subscribe; late subscribers get a replay) and emits the response's events up to its
   * terminal event. A create subscribed while another response of its lane streams waits for
   * it; unsubscribing from a waiting one removes it from the queue. A drop of the connection
   * mid-response errors with `StreamTruncatedError` (its cause an `APIConnectionError` naming
   * the close code); an `error` message with a `status` errors with the `APIError` subclass
   * of that status, one without becomes the stream's `error` event (`ResponseStreamError` from
   * `finalResponse()`), as over HTTP.
   */
  create(params: ResponseCreateParams, options?: SocketCreateOptions): Observable<ResponseStreamEvent>;
  /**
   * Closes the connection (code 1000) and ends the socket: responses still streaming error
   * with `StreamTruncatedError`, waiting ones and any later `create` with `APIConnectionError`.
   * Calling it again does nothing.
   */
  close(): void;
  /** `'idle'` (no connection yet, or it dropped), `'connecting'`, `'open'` or `'closed'` (after `close()`). */
  readonly state: 'idle' | 'connecting' | 'open' | 'closed';
  /** The WebSocket URL, e.g. `wss://api.openai.com/v1/responses`. */
  readonly url: string;
}
