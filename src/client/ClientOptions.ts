import type { SchedulerLike } from 'rxjs';

/**
 * The `fetch` the client calls: the platform's by default, or any function with its shape
 * (a proxy-aware fetch, a test double).
 *
 * @example
 * ```ts
 * const loggingFetch: FetchFunction = (url, init) => fetch(url, init);
 * ```
 */
export type FetchFunction = (input: string, init: RequestInit) => Promise<globalThis.Response>;

/**
 * Timeouts of the HTTP client, in milliseconds; `Infinity` turns one off. Each one that fires
 * aborts the request and raises an `APITimeoutError` with its `kind`.
 *
 * @example
 * ```ts
 * createClient({ timeouts: { connectMs: 10_000, idleMs: 30_000, totalMs: 300_000 } });
 * ```
 */
export interface TimeoutOptions {
  /**
   * How long to wait for the response headers of each attempt; a connect timeout is retried
   * like a connection error. Default 60 s. A non-streaming `create()` only gets its headers
   * once the whole response is generated, so it waits up to 10 minutes unless this is set.
   */
  connectMs?: number;
  /** How long a body may go without a byte (a `keepalive` event counts). Default 120 s. */
  idleMs?: number;
  /** Limit for the whole call, retries and reconnects included. Default: none. */
  totalMs?: number;
}

/**
 * Options of {@link createClient}.
 *
 * @example
 * ```ts
 * const client = createClient({ apiKey: process.env.OPENAI_API_KEY, maxRetries: 3 });
 * ```
 */
export interface ClientOptions {
  /** Defaults to `process.env.OPENAI_API_KEY` (in Node). Not needed behind a proxy that adds it. */
  apiKey?: string;
  /** Defaults to `process.env.OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Replaces the platform's `fetch`. */
  fetch?: FetchFunction;
  /** Extra request headers; they override the client's own (`authorization` included). */
  headers?: Readonly<Record<string, string>>;
  /** Retries of a request that failed before its body started (default 2), and reconnects in a row of a resumed stream. */
  maxRetries?: number;
  /** See {@link TimeoutOptions}. */
  timeouts?: TimeoutOptions;
  /** Sent as `OpenAI-Organization`. */
  organization?: string;
  /** Sent as `OpenAI-Project`. */
  project?: string;
  /** Azure OpenAI: adds `?api-version=<apiVersion>` to every request. */
  apiVersion?: string;
  /** How the key is sent: `authorization` (`Bearer <key>`, the default) or `api-key` (Azure). */
  authHeader?: 'authorization' | 'api-key';
  /**
   * Must be set to use an API key in a browser, where every visitor could read it. A proxy
   * `baseURL` that adds the key server-side needs no key and no flag.
   */
  dangerouslyAllowBrowser?: boolean;
  /** Allows a plain `http://` `baseURL` to a host other than localhost, 127.0.0.1 or ::1. */
  allowInsecureHttp?: boolean;
  /**
   * The largest single stream event accepted, in bytes (default 64 MiB, `Infinity` for none).
   * An event past it ends the stream with a `StreamParseError` of code `event_too_large`,
   * noticed while the event is still arriving, so a server cannot make the client buffer
   * without bound. Sources take the same option (`SourceOptions.maxEventBytes`).
   */
  maxEventBytes?: number;
  /** Where retry delays and timeouts are scheduled (default `asyncScheduler`); for tests. */
  scheduler?: SchedulerLike;
}
