import type { RxResponsesError } from '../errors/RxResponsesError.js';
import { APIConnectionError } from '../errors/APIConnectionError.js';
import { APITimeoutError } from '../errors/APITimeoutError.js';
import type { ClientContext } from './ClientContext.js';
import { readBodyText } from './readBodyText.js';
import { redactCause } from './redactSecret.js';
import { retryDelay } from './retryDelay.js';
import { scheduleAfter, sleep } from './scheduleAfter.js';
import { toAPIError } from './toAPIError.js';

/** Error bodies are read up to this size; the rest is cancelled. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * @internal One HTTP call as the client sends it.
 *
 * @example
 * ```ts
 * const spec: RequestSpec = { method: 'POST', path: '/responses', body: params, accept: 'sse', connectMs: 60_000, maxRetries: 2 };
 * ```
 */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE';
  /** Appended to the base URL's path, e.g. `/responses/resp_1/cancel`. */
  path: string;
  query?: Readonly<Record<string, string>>;
  /** Sent as JSON when present. */
  body?: unknown;
  /** `sse` asks for `text/event-stream` and rejects a `200` of any other type. */
  accept: 'json' | 'sse';
  connectMs: number;
  maxRetries: number;
  /** A JSON request whose success may come with an empty body (`DELETE`): it reads as `{}`. */
  allowEmpty?: boolean;
}

/**
 * @internal A response whose headers arrived with a success status. Its body is still
 * unread; `abort()` ends it, and must be called (or the body read to its end) by the caller.
 *
 * @example
 * ```ts
 * const { response, abort } = await sendRequest(context, spec, lifetime.signal);
 * ```
 */
export interface OpenedResponse {
  response: globalThis.Response;
  abort(): void;
}

/**
 * @internal A failure of one attempt, and whether another attempt may follow.
 *
 * @example
 * ```ts
 * if (isRetryable(error)) reconnect();
 * ```
 */
export function isRetryable(error: unknown): boolean {
  return retryableErrors.has(error as object);
}
const retryableErrors = new WeakSet<object>();

/**
 * @internal Sends `spec` until a success status arrives, retrying connection errors, connect
 * timeouts, 408, 409, 429 and 5xx (or what `x-should-retry` says) up to `spec.maxRetries`
 * times with backoff. Nothing is retried once a success status arrived: the caller owns the
 * body from then on. Rejects with the last attempt's error (an `APIError`,
 * `APIConnectionError` or `APITimeoutError`, marked for {@link isRetryable}), or with the
 * signal's reason once `signal` aborts.
 *
 * @example
 * ```ts
 * const opened = await sendRequest(context, { method: 'GET', path: '/responses/resp_1', accept: 'json', connectMs, maxRetries: 2 }, signal);
 * ```
 */
export async function sendRequest(context: ClientContext, spec: RequestSpec, signal: AbortSignal): Promise<OpenedResponse> {
  const url = buildURL(context, spec);
  const headers: Record<string, string> = { accept: spec.accept === 'sse' ? 'text/event-stream' : 'application/json' };
  if (spec.body !== undefined) headers['content-type'] = 'application/json';
  Object.assign(headers, context.headers);
  const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);

  for (let attempt = 0; ; attempt++) {
    if (signal.aborted) throw signal.reason;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const detach = (): void => signal.removeEventListener('abort', onAbort);
    let timedOut = false;
    const connectTimer = scheduleAfter(context.scheduler, spec.connectMs, () => {
      timedOut = true;
      controller.abort();
    });

    let failure: RxResponsesError;
    let retryable: boolean;
    let retryHeaders: Headers | undefined;
    try {
      const init: RequestInit = { method: spec.method, headers, signal: controller.signal };
      if (body !== undefined) init.body = body;
      const response = await context.fetch(url, init);
      if (response.ok && (spec.accept === 'json' || isEventStream(response))) {
        connectTimer.unsubscribe();
        return {
          response,
          abort() {
            detach();
            controller.abort();
          },
        };
      }
      const text = await readBodyText(response.body, MAX_ERROR_BODY_BYTES);
      const reply = { status: response.status, statusText: response.statusText, headers: response.headers, body: text };
      failure = toAPIError(response.ok ? { ...reply, expected: 'text/event-stream' } : reply, context.redact);
      retryable = !response.ok && shouldRetry(response);
      retryHeaders = response.headers;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      failure = timedOut
        ? new APITimeoutError({ kind: 'connect', timeoutMs: spec.connectMs })
        : new APIConnectionError({ message: connectionMessage(spec, url, error, context), cause: redactCause(error, context.redact) });
      retryable = true;
    } finally {
      connectTimer.unsubscribe();
    }
    detach();
    controller.abort();
    if (retryable) retryableErrors.add(failure);
    if (!retryable || attempt >= spec.maxRetries) throw failure;
    await sleep(context.scheduler, retryDelay(attempt, retryHeaders, context.scheduler.now()), signal);
  }
}

function shouldRetry(response: globalThis.Response): boolean {
  const hint = response.headers.get('x-should-retry');
  if (hint === 'true') return true;
  if (hint === 'false') return false;
  const status = response.status;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function isEventStream(response: globalThis.Response): boolean {
  return (response.headers.get('content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() === 'text/event-stream';
}

function buildURL(context: ClientContext, spec: RequestSpec): string {
  const url = new URL(context.baseURL.href);
  url.pathname = `${context.baseURL.pathname}${spec.path}`;
  for (const [name, value] of Object.entries({ ...spec.query, ...context.query })) url.searchParams.set(name, value);
  return url.href;
}

function connectionMessage(spec: RequestSpec, url: string, error: unknown, context: ClientContext): string {
  const where = `${spec.method} ${url.split('?', 1)[0] ?? url}`;
  return context.redact(`Connection error on ${where}: ${describeError(error)}`);
}

/** The platform's message plus the system code underneath it (`fetch failed (ECONNREFUSED)`). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  const detail = typeof code === 'string' ? code : cause instanceof Error ? cause.message : undefined;
  return detail !== undefined && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
}
