import { describe, expect, it } from 'vitest';
import { retryAfterMs, retryDelay } from '../../src/client/retryDelay.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');
/** An HTTP date (RFC 9110 IMF-fixdate) `seconds` from NOW, written by Node's own formatter. */
const httpDate = (seconds: number): string => new Date(NOW + seconds * 1000).toUTCString();

describe('retryDelay', () => {
  it('backs off 0.5 s × 2^n, capped at 8 s, with ±25 % jitter', () => {
    const bases = [500, 1000, 2000, 4000, 8000, 8000];
    bases.forEach((base, retry) => {
      expect(retryDelay(retry, undefined, 0, () => 0.5)).toBe(base);
      expect(retryDelay(retry, undefined, 0, () => 0)).toBe(base * 0.75);
      expect(retryDelay(retry, undefined, 0, () => 1)).toBe(base * 1.25);
    });
  });

  it('uses the server delay instead of the backoff, 0 included', () => {
    expect(retryDelay(3, { 'retry-after': '7' }, NOW)).toBe(7000);
    expect(retryDelay(3, { 'retry-after': '0' }, NOW, () => 0.5)).toBe(0);
    expect(retryDelay(0, { 'retry-after': '3600' }, NOW, () => 0.5)).toBe(500);
    expect(retryDelay(1, { 'retry-after': 'soon' }, NOW, () => 0.5)).toBe(1000);
  });
});

// Each row: the headers, then what the client must wait (undefined: its own backoff).
const TABLE: [string, Record<string, string>, number | undefined][] = [
  // retry-after in seconds
  ['retry-after 0 (retry at once)', { 'retry-after': '0' }, 0],
  ['retry-after 2', { 'retry-after': '2' }, 2000],
  ['retry-after 0.5', { 'retry-after': '0.5' }, 500],
  ['retry-after 1.25', { 'retry-after': '1.25' }, 1250],
  ['retry-after 1. (a point without a fraction)', { 'retry-after': '1.' }, undefined],
  ['retry-after 1.5s (a unit after it)', { 'retry-after': '1.5s' }, undefined],
  ['retry-after with spaces', { 'retry-after': ' 3 ' }, 3000],
  ['retry-after 60 (the longest honoured)', { 'retry-after': '60' }, 60_000],
  ['retry-after 61 (too long)', { 'retry-after': '61' }, undefined],
  ['retry-after 3600', { 'retry-after': '3600' }, undefined],
  ['retry-after 1e9', { 'retry-after': '1000000000' }, undefined],
  ['retry-after negative', { 'retry-after': '-1' }, undefined],
  ['retry-after in hex', { 'retry-after': '0x10' }, undefined],
  ['retry-after with an exponent', { 'retry-after': '1e1' }, undefined],
  ['retry-after Infinity', { 'retry-after': 'Infinity' }, undefined],
  ['retry-after of 400 digits (more than a double holds)', { 'retry-after': '9'.repeat(400) }, undefined],
  ['retry-after "null" (no header reads the same)', { 'retry-after': 'null' }, undefined],
  ['retry-after unreadable', { 'retry-after': 'soon' }, undefined],
  ['retry-after empty', { 'retry-after': '' }, undefined],
  // retry-after as an HTTP date
  ['an HTTP date 3 s ahead', { 'retry-after': httpDate(3) }, 3000],
  ['an HTTP date 60 s ahead', { 'retry-after': httpDate(60) }, 60_000],
  ['an HTTP date 1 h ahead (too long)', { 'retry-after': httpDate(3600) }, undefined],
  ['an HTTP date now', { 'retry-after': httpDate(0) }, 0],
  ['an HTTP date 5 s past', { 'retry-after': httpDate(-5) }, undefined],
  ['an HTTP date a year past', { 'retry-after': httpDate(-365 * 86_400) }, undefined],
  // retry-after-ms, and its fallback to retry-after
  ['retry-after-ms 0', { 'retry-after-ms': '0' }, 0],
  ['retry-after-ms 1234', { 'retry-after-ms': '1234' }, 1234],
  ['retry-after-ms 60000', { 'retry-after-ms': '60000' }, 60_000],
  ['retry-after-ms 60001 (too long)', { 'retry-after-ms': '60001' }, undefined],
  ['retry-after-ms before retry-after', { 'retry-after-ms': '250', 'retry-after': '9' }, 250],
  ['retry-after-ms 0 before retry-after', { 'retry-after-ms': '0', 'retry-after': '9' }, 0],
  ['retry-after-ms too long, retry-after readable: the backoff', { 'retry-after-ms': '90000', 'retry-after': '2' }, undefined],
  ['retry-after-ms unreadable: retry-after', { 'retry-after-ms': 'soon', 'retry-after': '4' }, 4000],
  ['retry-after-ms negative: retry-after', { 'retry-after-ms': '-100', 'retry-after': '4' }, 4000],
  ['retry-after-ms in hex: retry-after', { 'retry-after-ms': '0x10', 'retry-after': '4' }, 4000],
  ['retry-after-ms of 400 digits: the backoff', { 'retry-after-ms': '9'.repeat(400), 'retry-after': '4' }, undefined],
  ['retry-after-ms empty: retry-after', { 'retry-after-ms': '', 'retry-after': '4' }, 4000],
  ['retry-after-ms unreadable: retry-after 0', { 'retry-after-ms': 'NaN', 'retry-after': '0' }, 0],
  ['retry-after-ms unreadable: an HTTP date', { 'retry-after-ms': 'x', 'retry-after': httpDate(2) }, 2000],
  ['both unreadable', { 'retry-after-ms': 'x', 'retry-after': 'y' }, undefined],
  ['neither', {}, undefined],
];

describe('retryAfterMs', () => {
  it.each(TABLE)('%s', (_name, headers, expected) => {
    expect(retryAfterMs(headers, NOW)).toBe(expected);
    // The same from a Headers object, as fetch gives them (names in any case).
    const upper = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]));
    expect(retryAfterMs(new Headers(upper), NOW)).toBe(expected);
  });
});
