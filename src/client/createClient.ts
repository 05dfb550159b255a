import { type Observable, ReplaySubject, Subject, finalize, map, share } from 'rxjs';
import { ClientOptionsError } from '../errors/ClientOptionsError.js';
import type { Response } from '../events/Response.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { type ClientContext, resolveClientContext } from './ClientContext.js';
import type { ClientOptions } from './ClientOptions.js';
import type { ResponseCreateParams } from './ResponseCreateParams.js';
import type { ConnectOptions, ResponsesSocket } from './ws/ResponsesSocket.js';
import type { RequestOptions, ResponsesClient, ResponsesResource, RetrieveStreamOptions, StreamOptions } from './ResponsesClient.js';
import type { CompactParams, CompactedResponse } from './CompactParams.js';
import type { InputItemsParams } from './InputItemsParams.js';
import type { InputTokenCount, InputTokensParams } from './InputTokensParams.js';
import { listInputItems } from './listInputItems.js';
import { requestJSON } from './requestJSON.js';
import type { ResponseDeleted } from './ResponseDeleted.js';
import { streamEvents, type EventStreamSpec } from './streamEvents.js';
import { connectResponsesSocket } from './ws/connectResponsesSocket.js';
// The one import from the layer above: `run` wires the agents layer's loop to `stream()`.
import type { ResponsesTransport, RunEvent } from '../agents/RunEvent.js';
import { runTools } from '../agents/runTools.js';

/**
 * Creates an HTTP client for the Responses API on the platform's `fetch` (Node 20+,
 * browsers, workers), with retries, timeouts and resumable streams.
 *
 * Requests are retried (`maxRetries`, default 2) on connection errors, connect timeouts,
 * 408, 409, 429 and 5xx, with exponential backoff and jitter, honouring `retry-after`; never
 * once the body of a success has started. Errors are typed (`RateLimitError`,
 * `APITimeoutError`, `StreamTruncatedError`, …) and never contain the API key.
 *
 * @throws {@link ClientOptionsError} for an invalid option.
 *
 * @example
 * ```ts
 * const client = createClient({ apiKey: process.env.OPENAI_API_KEY });
 * client.responses.stream({ model: 'gpt-5-nano', input: 'Say hello' })
 *   .pipe(textDeltas())
 *   .subscribe((chunk) => process.stdout.write(chunk));
 * ```
 */
export function createClient(options?: ClientOptions): ResponsesClient {
  const context = resolveClientContext(options);

  const shared = (spec: EventStreamSpec, replay: boolean | undefined): Observable<ResponseStreamEvent> =>
    streamEvents(context, spec).pipe(
      share({
        connector: () => (replay === false ? new Subject<ResponseStreamEvent>() : new ReplaySubject<ResponseStreamEvent>()),
        resetOnError: false,
        resetOnComplete: false,
        resetOnRefCountZero: true,
      }),
    );

  function retrieve(id: string, options?: RequestOptions & { stream?: false }): Observable<Response>;
  function retrieve(id: string, options: RetrieveStreamOptions): Observable<ResponseStreamEvent>;
  function retrieve(id: string, options?: (RequestOptions & { stream?: false }) | RetrieveStreamOptions): Observable<Response> | Observable<ResponseStreamEvent> {
    const path = `/responses/${checkId(id)}`;
    if (options?.stream !== true) return requestJSON<Response>(context, { method: 'GET', path, accept: 'json', ...limits(context) }, options?.signal);
    const startingAfter = options.starting_after;
    if (startingAfter !== undefined && (!Number.isInteger(startingAfter) || startingAfter < 0)) {
      throw new ClientOptionsError('starting_after', `Invalid starting_after: expected an integer >= 0, got ${String(startingAfter)}`);
    }
    const query: Record<string, string> = { stream: 'true' };
    if (startingAfter !== undefined) query.starting_after = String(startingAfter);
    const spec: EventStreamSpec = { request: { method: 'GET', path, query, accept: 'sse', ...limits(context) }, resume: options.resume === true, responseId: id };
    if (startingAfter !== undefined) spec.startingAfter = startingAfter;
    if (options.signal !== undefined) spec.signal = options.signal;
    return shared(spec, options.replay);
  }

  const responses: ResponsesResource = {
    stream(params: ResponseCreateParams, options?: StreamOptions) {
      const spec: EventStreamSpec = {
        request: { method: 'POST', path: '/responses', body: { ...checkParams(params), stream: true }, accept: 'sse', ...limits(context) },
        resume: options?.resume === true,
      };
      if (options?.signal !== undefined) spec.signal = options.signal;
      return shared(spec, options?.replay);
    },
    create(params: ResponseCreateParams, options?: RequestOptions) {
      const { stream: _ignored, ...body } = checkParams(params);
      const request = { method: 'POST' as const, path: '/responses', body, accept: 'json' as const, maxRetries: context.maxRetries, connectMs: context.blockingConnectMs };
      return requestJSON<Response>(context, request, options?.signal);
    },
    retrieve,
    run(params, options) {
      // Each turn's stream has one subscriber (the loop): no replay there. The loop itself is
      // shared like stream(): one run however many subscribe, replayed to late subscribers.
      const over = options.transport ?? 'http';
      if (over !== 'http' && over !== 'websocket' && (typeof over !== 'object' || over === null || typeof over.create !== 'function')) {
        throw new ClientOptionsError('transport', `Invalid transport: expected 'http', 'websocket' or a ResponsesSocket, got ${String(over)}`);
      }
      // 'websocket': the run's own socket, opened by the first turn, closed when the run ends.
      // `share()` below runs one loop at a time, so one variable holds it.
      let own: ResponsesSocket | undefined;
      const transport: ResponsesTransport =
        over === 'http'
          ? (turnParams, signal) => responses.stream(turnParams, { signal, replay: false })
          : (turnParams, signal) => (over === 'websocket' ? (own ??= connectResponsesSocket(context)) : over).create(turnParams, { signal, replay: false });
      const loop = runTools(transport, checkParams(params), options).pipe(
        finalize(() => {
          own?.close();
          own = undefined;
        }),
      );
      return loop.pipe(
        share({
          connector: () => (options.replay === false ? new Subject<RunEvent>() : new ReplaySubject<RunEvent>()),
          resetOnError: false,
          resetOnComplete: false,
          resetOnRefCountZero: true,
        }),
      );
    },
    cancel(id: string, options?: RequestOptions) {
      return requestJSON<Response>(context, { method: 'POST', path: `/responses/${checkId(id)}/cancel`, accept: 'json', ...limits(context) }, options?.signal);
    },
    compact(params: CompactParams, options?: RequestOptions) {
      const body = checkParams(params);
      return requestJSON<CompactedResponse>(context, { method: 'POST', path: '/responses/compact', body, accept: 'json', ...limits(context) }, options?.signal);
    },
    delete(id: string, options?: RequestOptions) {
      const path = `/responses/${checkId(id)}`;
      return requestJSON<Partial<ResponseDeleted>>(context, { method: 'DELETE', path, accept: 'json', allowEmpty: true, ...limits(context) }, options?.signal).pipe(
        map((body): ResponseDeleted => ({ id, object: 'response.deleted', deleted: true, ...body })),
      );
    },
    inputItems(id: string, params?: InputItemsParams, options?: RequestOptions) {
      const path = `/responses/${checkId(id)}/input_items`;
      const limit = params?.limit;
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 100)) {
        throw new ClientOptionsError('limit', `Invalid limit: expected an integer from 1 to 100, got ${String(limit)}`);
      }
      return listInputItems(context, path, params ?? {}, options?.signal);
    },
    inputTokens(params: InputTokensParams, options?: RequestOptions) {
      const body = checkParams(params);
      return requestJSON<InputTokenCount>(context, { method: 'POST', path: '/responses/input_tokens', body, accept: 'json', ...limits(context) }, options?.signal);
    },
    connect(options?: ConnectOptions) {
      return connectResponsesSocket(context, options);
    },
  };

  return { responses, baseURL: context.baseURL.href };
}

function limits(context: ClientContext): { connectMs: number; maxRetries: number } {
  return { connectMs: context.connectMs, maxRetries: context.maxRetries };
}

function checkId(id: string): string {
  if (typeof id !== 'string' || id === '') throw new ClientOptionsError('id', 'Invalid id: expected a non-empty response id');
  return encodeURIComponent(id);
}

function checkParams<T extends object>(params: T): T {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new ClientOptionsError('params', 'Invalid params: expected an object');
  }
  return params;
}
