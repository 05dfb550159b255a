import type { Observable } from 'rxjs';
import type { Response } from '../events/Response.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import type { CompactParams, CompactedResponse } from './CompactParams.js';
import type { InputItem, InputItemsParams } from './InputItemsParams.js';
import type { InputTokenCount, InputTokensParams } from './InputTokensParams.js';
import type { ResponseCreateParams } from './ResponseCreateParams.js';
import type { ResponseDeleted } from './ResponseDeleted.js';
import type { ConnectOptions, ResponsesSocket } from './ws/ResponsesSocket.js';
// The one import from the layer above: `run` is the agents layer's loop wired to this client.
import type { RunEvent } from '../agents/RunEvent.js';
import type { RunOptions } from '../agents/RunOptions.js';

/**
 * Per-call options of the non-streaming methods.
 *
 * @example
 * ```ts
 * client.responses.create(params, { signal: AbortSignal.timeout(30_000) });
 * ```
 */
export interface RequestOptions {
  /** Aborts the request; the observable then errors with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Per-call options of the streaming methods.
 *
 * @example
 * ```ts
 * client.responses.stream({ model, input, background: true }, { resume: true });
 * ```
 */
export interface StreamOptions extends RequestOptions {
  /**
   * When the connection drops (a read error, the idle timeout, or an end without a terminal
   * event), reconnect with `GET /responses/{id}?stream=true&starting_after=<last sequence_number>`
   * and continue seamlessly, up to `maxRetries` reconnects in a row without a new event.
   * Needs a stored response (`background: true`) and sequence numbers. Off by default: a drop
   * is then a `StreamTruncatedError`.
   */
  resume?: boolean;
  /**
   * Whether the stream keeps its events to replay them to subscribers that come late (after
   * events were emitted). Default `true`. With `false` nothing is kept: every subscriber still
   * shares the one request, and those that subscribe before the first event arrives (any that
   * subscribe synchronously, since the request is asynchronous) see every event; a later one
   * sees only the events after it subscribed, and after the end only the completion. For long
   * streams this saves memory, since otherwise every event stays reachable as long as the
   * observable does, and the garbage collector's time spent moving those events.
   */
  replay?: boolean;
}

/**
 * Options of `retrieve(id, { stream: true })`.
 *
 * @example
 * ```ts
 * client.responses.retrieve('resp_123', { stream: true, starting_after: 41 });
 * ```
 */
export interface RetrieveStreamOptions extends StreamOptions {
  stream: true;
  /** Replay only the events after this `sequence_number`. */
  starting_after?: number;
}

/**
 * The Responses API, as observables. Streaming methods are lazy and shared: nothing is sent
 * until the first subscription, every subscriber shares one request and sees every event
 * from the start (late ones get a replay, unless `replay: false`), and the request is aborted
 * when the last one unsubscribes. Non-streaming methods are cold: one request per subscription, aborted on
 * unsubscribe.
 *
 * @example
 * ```ts
 * const events = client.responses.stream({ model: 'gpt-5-nano', input: 'Hi' });
 * events.pipe(textDeltas()).subscribe((t) => process.stdout.write(t));
 * ```
 */
export interface ResponsesResource {
  /** `POST /responses` with `stream: true`: the response's events, ending with its terminal event. */
  stream(params: ResponseCreateParams, options?: StreamOptions): Observable<ResponseStreamEvent>;
  /** `POST /responses` without streaming: the finished response (or the queued one, in background mode). */
  create(params: ResponseCreateParams, options?: RequestOptions): Observable<Response>;
  /** `GET /responses/{id}`: the response as stored. */
  retrieve(id: string, options?: RequestOptions & { stream?: false }): Observable<Response>;
  /** `GET /responses/{id}?stream=true`: the stored response's events again, shared like `stream()`. */
  retrieve(id: string, options: RetrieveStreamOptions): Observable<ResponseStreamEvent>;
  /** `POST /responses/{id}/cancel`: cancels a background response and emits it. */
  cancel(id: string, options?: RequestOptions): Observable<Response>;
  /** `POST /responses/compact`: the conversation compacted into a smaller window of items. */
  compact(params: CompactParams, options?: RequestOptions): Observable<CompactedResponse>;
  /** `DELETE /responses/{id}`: deletes a stored response. */
  delete(id: string, options?: RequestOptions): Observable<ResponseDeleted>;
  /**
   * `GET /responses/{id}/input_items`: every input item of a stored response, one emission
   * per item, following the cursor (`has_more`, `last_id` → `after`) through every page. Each
   * page is requested only after the previous one was emitted, so `take(n)` or an unsubscribe
   * stops the listing without fetching further pages. Cold: one listing per subscription.
   */
  inputItems(id: string, params?: InputItemsParams, options?: RequestOptions): Observable<InputItem>;
  /** `POST /responses/input_tokens`: the input token count of a request, without running it. */
  inputTokens(params: InputTokensParams, options?: RequestOptions): Observable<InputTokenCount>;
  /**
   * WebSocket mode: a {@link ResponsesSocket} on `wss://…/responses` (the base URL with
   * `https:` → `wss:`, `http:` → `ws:`), with the client's auth and default headers on the
   * upgrade. Nothing connects until the first `create` is subscribed.
   */
  connect(options?: ConnectOptions): ResponsesSocket;
  /**
   * The tool loop over `stream()` (or WebSocket mode, with `transport`): runs the local tools the model calls and sends their outputs
   * back, turn after turn, as one Observable of every turn's events plus the loop's events
   * (see `runTools()`). Lazy and shared like `stream()`: one run however many subscribe (late
   * ones get a replay unless `replay: false`); when the last one unsubscribes, the request and
   * every running tool are cancelled.
   */
  run(params: ResponseCreateParams, options: RunOptions): Observable<RunEvent>;
}

/**
 * What {@link createClient} returns.
 *
 * @example
 * ```ts
 * const client: ResponsesClient = createClient();
 * const response = await lastValueFrom(client.responses.create({ model: 'gpt-5-nano', input: 'Hi' }));
 * ```
 */
export interface ResponsesClient {
  /** The Responses API. */
  readonly responses: ResponsesResource;
  /** The resolved base URL, e.g. `https://api.openai.com/v1`. */
  readonly baseURL: string;
}
