import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { ClientOptionsError } from '../errors/ClientOptionsError.js';
import { DEFAULT_MAX_EVENT_BYTES } from '../sources/SourceOptions.js';
import type { ClientOptions, FetchFunction } from './ClientOptions.js';
import { type Redactor, createRedactor } from './redactSecret.js';

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const DEFAULT_CONNECT_MS = 60_000;
/** A non-streaming create answers only when the response is done, as openai-node's 10 minutes allow. */
const DEFAULT_BLOCKING_CONNECT_MS = 600_000;
const DEFAULT_IDLE_MS = 120_000;
const DEFAULT_MAX_RETRIES = 2;
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/**
 * @internal Everything a request needs, resolved and validated once by `createClient`.
 *
 * @example
 * ```ts
 * const context = resolveClientContext({ apiKey: 'sk-…' });
 * ```
 */
export interface ClientContext {
  /** Without a trailing slash. */
  readonly baseURL: URL;
  readonly fetch: FetchFunction;
  /** Default headers: auth, organization, project, then the user's own. */
  readonly headers: Readonly<Record<string, string>>;
  /** Query parameters added to every request (`api-version`). */
  readonly query: Readonly<Record<string, string>>;
  readonly maxRetries: number;
  readonly connectMs: number;
  readonly blockingConnectMs: number;
  readonly idleMs: number;
  readonly totalMs: number;
  readonly scheduler: SchedulerLike;
  /** The key's redaction, shared by every transport of the client. */
  readonly redact: Redactor;
  /** The largest stream event accepted, in bytes. */
  readonly maxEventBytes: number;
}

/**
 * @internal Validates `options`, applies defaults and environment fallbacks.
 *
 * @throws {@link ClientOptionsError} for any invalid option.
 *
 * @example
 * ```ts
 * const context = resolveClientContext({ baseURL: 'http://127.0.0.1:8080/v1' });
 * ```
 */
export function resolveClientContext(options: ClientOptions = {}): ClientContext {
  const apiKey = options.apiKey ?? readEnv('OPENAI_API_KEY');
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey.trim() === '')) {
    throw new ClientOptionsError('apiKey', 'Invalid apiKey: expected a non-empty string');
  }
  const redact = createRedactor(apiKey);
  const baseURL = parseBaseURL(options.baseURL ?? readEnv('OPENAI_BASE_URL') ?? DEFAULT_BASE_URL, options.allowInsecureHttp === true, redact);
  if (apiKey === undefined && baseURL.hostname === 'api.openai.com') {
    throw new ClientOptionsError(
      'apiKey',
      'Missing apiKey: pass it to createClient() or set OPENAI_API_KEY (a proxy baseURL that adds the key needs none)',
    );
  }
  if (apiKey !== undefined && isBrowser() && options.dangerouslyAllowBrowser !== true) {
    throw new ClientOptionsError(
      'dangerouslyAllowBrowser',
      'Refusing to use an API key in a browser, where every visitor can read it. Call a server-side proxy ' +
        '(a baseURL that adds the key, with no apiKey here), or set dangerouslyAllowBrowser: true if you accept the risk.',
    );
  }

  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new ClientOptionsError('maxRetries', `Invalid maxRetries: expected an integer >= 0, got ${String(maxRetries)}`);
  }
  const timeouts = options.timeouts ?? {};
  const connectMs = checkTimeout('connectMs', timeouts.connectMs);
  const idleMs = checkTimeout('idleMs', timeouts.idleMs) ?? DEFAULT_IDLE_MS;
  const totalMs = checkTimeout('totalMs', timeouts.totalMs) ?? Infinity;

  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  if (typeof maxEventBytes !== 'number' || Number.isNaN(maxEventBytes) || maxEventBytes <= 0) {
    throw new ClientOptionsError('maxEventBytes', `Invalid maxEventBytes: expected a number of bytes > 0 (Infinity for none), got ${String(maxEventBytes)}`);
  }

  const fetchFunction = options.fetch ?? platformFetch();
  if (typeof fetchFunction !== 'function') throw new ClientOptionsError('fetch', 'Invalid fetch: expected a function');

  const headers: Record<string, string> = {};
  if (apiKey !== undefined) {
    if (options.authHeader === 'api-key') headers['api-key'] = apiKey;
    else if (options.authHeader === undefined || options.authHeader === 'authorization') headers.authorization = `Bearer ${apiKey}`;
    else throw new ClientOptionsError('authHeader', `Invalid authHeader: expected 'authorization' or 'api-key'`);
  }
  if (options.organization !== undefined) headers['openai-organization'] = checkString('organization', options.organization);
  if (options.project !== undefined) headers['openai-project'] = checkString('project', options.project);
  if (options.headers !== undefined) {
    try {
      new Headers(options.headers).forEach((value, name) => (headers[name] = value));
    } catch {
      throw new ClientOptionsError('headers', 'Invalid headers: names must be tokens and values must not contain line breaks');
    }
  }
  const query: Record<string, string> = {};
  if (options.apiVersion !== undefined) query['api-version'] = checkString('apiVersion', options.apiVersion);

  return {
    baseURL,
    fetch: fetchFunction,
    headers,
    query,
    maxRetries,
    connectMs: connectMs ?? DEFAULT_CONNECT_MS,
    blockingConnectMs: connectMs ?? DEFAULT_BLOCKING_CONNECT_MS,
    idleMs,
    totalMs,
    scheduler: options.scheduler ?? asyncScheduler,
    redact,
    maxEventBytes,
  };
}

function parseBaseURL(raw: string, allowInsecureHttp: boolean, redact: Redactor): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ClientOptionsError('baseURL', `Invalid baseURL: ${JSON.stringify(redact(raw))} is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ClientOptionsError('baseURL', `Invalid baseURL: expected http: or https:, got ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ClientOptionsError('baseURL', 'Invalid baseURL: credentials in the URL are not allowed; use apiKey or headers');
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw new ClientOptionsError(
      'baseURL',
      `Refusing plain http:// to ${url.hostname}: the API key and your data would travel unencrypted. ` +
        'Use https://, or set allowInsecureHttp: true (localhost, 127.0.0.1 and ::1 are always allowed).',
    );
  }
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

function checkTimeout(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new ClientOptionsError(`timeouts.${name}`, `Invalid timeouts.${name}: expected a number of milliseconds > 0 (Infinity for none), got ${String(value)}`);
  }
  return value;
}

function checkString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new ClientOptionsError(name, `Invalid ${name}: expected a non-empty string`);
  return value;
}

function readEnv(name: string): string | undefined {
  // Browsers have no `process`; bundlers may define a partial one.
  const env = typeof process === 'undefined' ? undefined : (process as { env?: Record<string, string | undefined> }).env;
  const value = env?.[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function isBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

function platformFetch(): FetchFunction {
  if (typeof globalThis.fetch !== 'function') {
    throw new ClientOptionsError('fetch', 'No global fetch on this platform: pass one as the fetch option');
  }
  // Looked up per call, so a fetch replaced later (by a test or an instrumentation) is used,
  // and called unbound-safe: browsers reject `fetch` called with another `this`.
  return (input, init) => globalThis.fetch(input, init);
}
