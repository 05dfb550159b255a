import { describe, expect, it } from 'vitest';
import { retryAfterMs, retryDelay } from '../../src/client/retryDelay.js';

describe('retryDelay', () => {
  it('backs off 0.5 s × 2^n, capped at 8 s, with ±25 % jitter', () => {
    const bases = [500, 1000, 2000, 4000, 8000, 8000];
    bases.forEach((base, retry) => {
      expect(retryDelay(retry, undefined, 0, () => 0.5)).toBe(base);
      expect(retryDelay(retry, undefined, 0, () => 0)).toBe(base * 0.75);
      expect(retryDelay(retry, undefined, 0, () => 1)).toBe(base * 1.25);
    });
  });

  it('honours retry-after-ms, retry-after in seconds and as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1234' }), now)).toBe(1234);
    expect(retryAfterMs({ 'retry-after': '2' }, now)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': '0.5' }, now)).toBe(500);
    expect(retryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }, now)).toBe(3000);
    expect(retryDelay(3, { 'retry-after': '7' }, now)).toBe(7000);
  });

  it('ignores unreadable, negative and unreasonable (> 60 s) values', () => {
    for (const value of ['soon', '-1', '61', 'Wed, 01 Jan 2025 01:00:00 GMT']) {
      expect(retryAfterMs({ 'retry-after': value }, Date.parse('2025-01-01T00:00:00Z'))).toBeUndefined();
    }
    expect(retryDelay(0, { 'retry-after': '3600' }, 0, () => 0.5)).toBe(500);
  });
});
