import { describe, expect, it } from 'vitest';
import { createRedactor, redactCause, redactValue } from '../../src/client/redactSecret.js';
import { SECRET, echoedForms, showsSecret } from './fakeFetch.js';

const redact = createRedactor(SECRET);
const count = (text: string, part: string): number => text.split(part).length - 1;

describe('createRedactor', () => {
  it('uses a test key that URL-encoding, JSON-escaping and base64 all change', () => {
    expect(encodeURIComponent(SECRET)).not.toBe(SECRET);
    expect(encodeURI(SECRET)).not.toBe(SECRET);
    expect(SECRET).toMatch(/\+/);
    expect(SECRET).toMatch(/\//);
    expect(SECRET).toMatch(/=/);
    expect(SECRET).toMatch(/%/);
  });

  it.each(Object.entries(echoedForms(SECRET)))('removes every occurrence of the key %s, twice in one string', (_name, form) => {
    const text = `first ${form} then again ${form}.`;
    // The check itself sees the key in the form, so its silence below means something.
    expect(showsSecret(text)).toBe(true);
    const result = redact(text);
    expect(showsSecret(result)).toBe(false);
    expect(count(result, '[redacted]')).toBe(2);
    expect(result.startsWith('first ')).toBe(true);
    expect(result.endsWith('.')).toBe(true);
  });

  it('removes the key next to itself and at both ends of the text', () => {
    expect(redact(`${SECRET}${SECRET}`)).toBe('[redacted][redacted]');
    expect(redact(`${SECRET} x ${encodeURIComponent(SECRET)}`)).toBe('[redacted] x [redacted]');
  });

  it('keeps text without the key as it is, and does nothing without a key', () => {
    const text = 'sk-test SECRET 0123 %ab: nothing secret here';
    expect(redact(text)).toBe(text);
    expect(createRedactor(undefined)(`x ${SECRET}`)).toBe(`x ${SECRET}`);
    expect(createRedactor('')(`x ${SECRET}`)).toBe(`x ${SECRET}`);
  });
});

describe('redactCause', () => {
  it('copies a cause that holds the key, removing it from message, fields and the cause below', () => {
    const inner = Object.assign(new Error(`inner ${SECRET} ${SECRET}`), { code: 'EX', url: `https://x/?k=${encodeURIComponent(SECRET)}` });
    const outer = new TypeError(`fetch failed ${SECRET}`, { cause: inner });
    const copy = redactCause(outer, redact) as Error & { cause: Error & { url: string; code: string } };
    expect(copy).not.toBe(outer);
    expect(copy.message).toBe('fetch failed [redacted]');
    expect(copy.cause.message).toBe('inner [redacted] [redacted]');
    expect(copy.cause.url).toBe('https://x/?k=[redacted]');
    expect(copy.cause.code).toBe('EX');
    expect(showsSecret(`${copy.stack} ${copy.cause.stack}`)).toBe(false);
  });
});

describe('redactValue', () => {
  it('copies a JSON value with the key removed from every string and key, however deep', () => {
    const payload = { message: `key ${SECRET}`, list: [SECRET, 1, null, { [SECRET]: encodeURIComponent(SECRET) }], nested: { a: { b: `${SECRET}!` } } };
    const copy = redactValue(payload, redact);
    expect(copy).toEqual({ message: 'key [redacted]', list: ['[redacted]', 1, null, { '[redacted]': '[redacted]' }], nested: { a: { b: '[redacted]!' } } });
    expect(payload.message).toBe(`key ${SECRET}`);
  });

  it('cuts nesting deeper than the limit instead of recursing without end', () => {
    let deep: unknown = SECRET;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const copy = JSON.stringify(redactValue(deep, redact));
    expect(copy).toContain('[too deep]');
    expect(showsSecret(copy)).toBe(false);
  });
});
