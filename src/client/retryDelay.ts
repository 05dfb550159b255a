/** Backoff before the first retry. */
const INITIAL_DELAY_MS = 500;
/** Longest backoff between two attempts. */
const MAX_DELAY_MS = 8_000;
/** A server's `retry-after` is honoured up to this long; beyond it the default backoff applies. */
const MAX_RETRY_AFTER_MS = 60_000;
/** Jitter spreads clients that failed together: ±25 %. */
const JITTER = 0.25;

/**
 * @internal How long to wait before retry number `retry` (0 for the first): the server's
 * `retry-after-ms` / `retry-after` (seconds or an HTTP date) when present and at most 60 s,
 * else 0.5 s × 2^retry, capped at 8 s, with ±25 % jitter.
 *
 * @example
 * ```ts
 * await sleep(scheduler, retryDelay(attempt, response.headers, scheduler.now()), signal);
 * ```
 */
export function retryDelay(retry: number, headers: Headers | Readonly<Record<string, string>> | undefined, now: number, random: () => number = Math.random): number {
  const fromServer = headers === undefined ? undefined : retryAfterMs(headers, now);
  if (fromServer !== undefined) return fromServer;
  const base = Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS);
  return base * (1 + (random() * 2 - 1) * JITTER);
}

/**
 * @internal The delay a server asked for, in milliseconds, or `undefined` when it asked for
 * none, for something unreadable, for a moment already past, or for longer than 60 s.
 *
 * `retry-after-ms` (milliseconds) comes first; when it is missing or unreadable (not a plain
 * non-negative number), `retry-after` is read: seconds, or an HTTP date. `0` is honoured (retry
 * at once). A readable value above 60 s means the default backoff, not the other header.
 *
 * @example
 * ```ts
 * retryAfterMs(new Headers({ 'retry-after': '2' }), Date.now()); // 2000
 * ```
 */
export function retryAfterMs(headers: Headers | Readonly<Record<string, string>>, now: number): number | undefined {
  // A missing header reads as "null" or "undefined", which neither DELAY nor Date.parse accepts,
  // so it falls through like any unreadable value.
  // A delay as servers write it: digits, optionally with a fraction (no sign, exponent or hex).
  // Built per call (only when a request is retried), so mutation testing can reach it.
  const DELAY = /^\d+(?:\.\d+)?$/;
  const get = (name: string): string => String(headers instanceof Headers ? headers.get(name) : (headers as Record<string, string | undefined>)[name]).trim();
  const millis = get('retry-after-ms');
  const seconds = get('retry-after');
  const ms = DELAY.test(millis) ? Number(millis) : DELAY.test(seconds) ? Number(seconds) * 1000 : Date.parse(seconds) - now;
  // NaN (unreadable) and Infinity (more digits than a double holds) fail both comparisons.
  return ms >= 0 && ms <= MAX_RETRY_AFTER_MS ? ms : undefined;
}
