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
 * none, for something unreadable, or for longer than 60 s.
 *
 * @example
 * ```ts
 * retryAfterMs(new Headers({ 'retry-after': '2' }), Date.now()); // 2000
 * ```
 */
export function retryAfterMs(headers: Headers | Readonly<Record<string, string>>, now: number): number | undefined {
  const get = (name: string): string | undefined =>
    headers instanceof Headers ? (headers.get(name) ?? undefined) : (headers as Record<string, string | undefined>)[name];
  let ms: number | undefined;
  const millis = get('retry-after-ms')?.trim();
  if (millis !== undefined && millis !== '') ms = Number(millis);
  if (ms === undefined || !Number.isFinite(ms)) {
    const value = get('retry-after')?.trim();
    if (value === undefined || value === '') return undefined;
    const seconds = Number(value);
    ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  }
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_RETRY_AFTER_MS ? ms : undefined;
}
