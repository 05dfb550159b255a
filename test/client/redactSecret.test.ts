import { describe, expect, it } from 'vitest';
import { createRedactor, redactCause, redactValue } from '../../src/client/redactSecret.js';
import { SECRET, echoedForms, showsSecret } from './fakeFetch.js';

// Built inside each test, not while tests are collected: code run at collection time counts for
// Stryker as covered by no test in particular, and its mutants rerun every test.
const redact = (text: string): string => createRedactor(SECRET)(text);
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

  it('keeps 32 levels of nesting and cuts the 33rd, in arrays and in objects', () => {
    const nest = (levels: number, wrap: (inner: unknown) => unknown): unknown => {
      let value: unknown = { secret: SECRET };
      for (let i = 1; i < levels; i++) value = wrap(value);
      return value;
    };
    for (const wrap of [(inner: unknown) => [inner], (inner: unknown) => ({ a: inner })]) {
      const kept = JSON.stringify(redactValue(nest(32, wrap), redact));
      expect(kept).toContain('{"secret":"[redacted]"}');
      expect(kept).not.toContain('[too deep]');
      const cut = JSON.stringify(redactValue(nest(33, wrap), redact));
      expect(cut).toContain('"[too deep]"');
      expect(cut).not.toContain('secret');
    }
  });

  it('gives a plain copy: its fields are listed, written out and can be changed', () => {
    const copy = redactValue({ error: { message: `bad ${SECRET}`, code: 'invalid_api_key' } }, redact) as { error: { message: string; code: string } };
    expect(JSON.stringify(copy)).toBe(JSON.stringify({ error: { message: 'bad [redacted]', code: 'invalid_api_key' } }));
    expect(Object.keys(copy.error)).toEqual(['message', 'code']);
    copy.error.code = 'changed';
    expect(copy.error.code).toBe('changed');
    delete (copy.error as { message?: string }).message;
    expect(Object.keys(copy.error)).toEqual(['code']);
  });

  it('cuts nesting deeper than the limit instead of recursing without end', () => {
    let deep: unknown = SECRET;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const copy = JSON.stringify(redactValue(deep, redact));
    expect(copy).toContain('[too deep]');
    expect(showsSecret(copy)).toBe(false);
    let deepObject: unknown = SECRET;
    for (let i = 0; i < 10_000; i++) deepObject = { a: deepObject };
    const objectCopy = JSON.stringify(redactValue(deepObject, redact));
    expect(objectCopy).toContain('[too deep]');
    expect(showsSecret(objectCopy)).toBe(false);
  });
});

describe('createRedactor with other kinds of echo', () => {
  it('removes a key with characters JSON escapes from a JSON error body that carries it', () => {
    // Quote, backslash and a control character: JSON.stringify writes each one differently.
    const key = 'sk-"quoted"\\back\tslash/0123';
    const body = JSON.stringify({ error: { message: `Incorrect API key provided: ${key}`, param: key } });
    expect(body).not.toContain(key);
    expect(showsSecret(body, key)).toBe(true);
    const result = createRedactor(key)(body);
    expect(showsSecret(result, key)).toBe(false);
    expect(JSON.parse(result)).toEqual({ error: { message: 'Incorrect API key provided: [redacted]', param: '[redacted]' } });
    // And as it is, in a header or a log line.
    expect(createRedactor(key)(`authorization: Bearer ${key}`)).toBe('authorization: Bearer [redacted]');
  });

  it('removes every echoed form of a key whose base64 has + and / (base64url changes them)', () => {
    const key = 'sk->>>???~~~0123456789';
    expect(Buffer.from(key).toString('base64')).toMatch(/[+/]/);
    for (const [name, form] of Object.entries(echoedForms(key))) {
      const text = `first ${form} then ${form}.`;
      expect(showsSecret(text, key), name).toBe(true);
      const result = createRedactor(key)(text);
      expect(showsSecret(result, key), name).toBe(false);
      expect(count(result, '[redacted]'), name).toBe(2);
    }
  });

  it('replaces an encoded form that contains the key as it is whole, leaving nothing of it', () => {
    // encodeURI turns the trailing % into %25, so the encoded key starts with the key itself.
    const key = 'sk-test-key-100%';
    expect(encodeURI(key).startsWith(key)).toBe(true);
    expect(createRedactor(key)(`GET /v1?k=${encodeURI(key)}&x=1`)).toBe('GET /v1?k=[redacted]&x=1');
  });

  it('looks for the base64 of a key of nine bytes (twelve characters), but not for the few characters of a shorter one, which other text has by chance', () => {
    const nine = 'sk-123456';
    expect(createRedactor(nine)(`x ${Buffer.from(nine).toString('base64')} y`)).toBe('x [redacted] y');
    // 'sk-12' is not the key 'sk-1', but its base64 starts with the same characters.
    const other = Buffer.from('sk-12 is another token').toString('base64');
    expect(createRedactor('sk-1')(other)).toBe(other);
  });

  it.each(['', 'x', 'xx', 'xxx', 'xxxx', 'xxxxx', '\0\0\0'])('removes the key from a longer base64 text that continues after it (%j before it)', (before) => {
    // The key sits inside encoded JSON, with bytes after it too, as in a logged request body:
    // its base64 then depends on the bytes on both sides, at each alignment. Three zero bytes
    // right before it encode as 'AAAA'.
    const plain = before.startsWith('\0') ? `${before}${SECRET}","n":1}` : `${before}{"authorization":"Bearer ${SECRET}","n":1}`;
    // Each base64 character carries 6 bits of the bytes: the ones made only of the key's bits
    // go, the ones with any bit of the bytes around it stay (Node writes the encoding).
    const start = Buffer.byteLength(plain.slice(0, plain.indexOf(SECRET)));
    const end = start + Buffer.byteLength(SECRET);
    const firstOfKey = Math.ceil((start * 8) / 6);
    const afterKey = Math.floor((end * 8) / 6);
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = Buffer.from(plain).toString(encoding);
      const text = `logged ${encoded} end`;
      expect(showsSecret(text)).toBe(true);
      const result = redact(text);
      expect(showsSecret(result)).toBe(false);
      expect(result).toBe(`logged ${encoded.slice(0, firstOfKey)}[redacted]${encoded.slice(afterKey)} end`);
    }
  });
});

describe('redactCause, wherever a cause holds the key', () => {
  const withKey = (text: string): string => text.split(SECRET).join('[redacted]');

  it('redacts a cause that is a string', () => {
    expect(redactCause(`token ${SECRET} refused`, redact)).toBe('token [redacted] refused');
  });

  it('returns a cause without the key itself, so instanceof and identity still hold', () => {
    class FetchFailure extends Error {}
    const inner = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', errno: -111 });
    let chain: Error = inner;
    for (let i = 0; i < 3; i++) chain = new Error(`level ${i}`, { cause: chain });
    const cause = new FetchFailure('fetch failed', { cause: chain });
    expect(redactCause(cause, redact)).toBe(cause);
    const plain = { code: 'ECONNRESET', retry: true };
    expect(redactCause(plain, redact)).toBe(plain);
    expect(redactCause(42, redact)).toBe(42);
    expect(redactCause(undefined, redact)).toBeUndefined();
  });

  it('copies an error whose only leak is one field, keeping its other plain fields and its stack', () => {
    const cause = Object.assign(new Error('request failed'), { url: `https://x/?key=${encodeURIComponent(SECRET)}`, errno: -111, fatal: true, code: 'EX' });
    const copy = redactCause(cause, redact) as Error & Record<string, unknown>;
    expect(copy).not.toBe(cause);
    expect(copy).toMatchObject({ message: 'request failed', url: 'https://x/?key=[redacted]', errno: -111, fatal: true, code: 'EX' });
    expect(copy.stack).toBe(cause.stack);
    expect('cause' in copy).toBe(false);
  });

  it('drops object fields from the copy, which could hold the key anywhere', () => {
    const cause = Object.assign(new Error('request failed'), { request: { headers: { authorization: `Bearer ${SECRET}` } } });
    const copy = redactCause(cause, redact) as Error & Record<string, unknown>;
    expect(copy).not.toBe(cause);
    expect(copy.request).toBeUndefined();
    expect(showsSecret(JSON.stringify({ ...copy, message: copy.message, stack: copy.stack }))).toBe(false);
  });

  it('redacts the key in the message when the stack does not show it', () => {
    const cause = new Error(`bad ${SECRET}`);
    cause.stack = 'Error: (stack hidden)';
    expect((redactCause(cause, redact) as Error).message).toBe('bad [redacted]');
  });

  it('keeps a usual chain of five errors as errors, with the key removed at the bottom', () => {
    let chain: Error = new Error(`connect to ${SECRET}`);
    for (let i = 0; i < 4; i++) chain = new Error(`level ${i}`, { cause: chain });
    let copy: unknown = redactCause(chain, redact);
    const messages: string[] = [];
    while (copy instanceof Error) {
      messages.push(copy.message);
      copy = copy.cause;
    }
    expect(messages).toEqual(['level 3', 'level 2', 'level 1', 'level 0', 'connect to [redacted]']);
    expect(copy).toBeUndefined();
  });

  it('redacts the key in the name and in the stack, keeping the stack frames', () => {
    const named = new Error('clean');
    named.name = `KeyError ${SECRET}`;
    expect((redactCause(named, redact) as Error).name).toBe('KeyError [redacted]');
    const cause = new Error(`bad ${SECRET}`);
    const copy = redactCause(cause, redact) as Error;
    expect(copy.stack).toBe(withKey(cause.stack!));
    expect(copy.stack).toMatch(/\n\s+at /);
  });

  it('redacts a string cause below an error', () => {
    const cause = new Error('clean', { cause: `token ${SECRET}` });
    const copy = redactCause(cause, redact) as Error;
    expect(copy.cause).toBe('token [redacted]');
  });

  it('turns a plain object cause holding the key (in a value or a name) into its JSON text without the key', () => {
    const cause = { url: `https://x/?k=${SECRET}`, status: 0 };
    expect(redactCause(cause, redact)).toBe(JSON.stringify({ url: 'https://x/?k=[redacted]', status: 0 }));
    expect(redactCause({ [SECRET]: 1 }, redact)).toBe(JSON.stringify({ '[redacted]': 1 }));
  });

  it('writes out an object cause that refers to itself or holds a bigint, and never shows the key of one that cannot be written', () => {
    const circular: Record<string, unknown> = { key: SECRET, list: [1] };
    circular.self = circular;
    expect(redactCause(circular, redact)).toBe('{"key":"[redacted]","list":[1],"self":"[circular]"}');
    expect(redactCause({ key: SECRET, size: 10n, next: null }, redact)).toBe('{"key":"[redacted]","size":"10","next":null}');
    const throwing = { key: SECRET, toJSON: () => { throw new Error('no'); } };
    expect(redactCause(throwing, redact)).toBe('[object Object]');
  });

  it('ends a chain of causes that loops back on itself instead of overflowing the stack', () => {
    const looping = new Error(`fetch failed ${SECRET}`);
    (looping as { cause?: unknown }).cause = looping;
    const clean = new Error('fetch failed');
    (clean as { cause?: unknown }).cause = clean;
    // As `new Error(message, { cause })` sets it: not enumerable.
    const hidden = new Error('fetch failed');
    Object.defineProperty(hidden, 'cause', { value: hidden, enumerable: false });
    for (const cause of [looping, clean, hidden]) {
      let copy: unknown = redactCause(cause, redact);
      expect(showsSecret(`${(copy as Error).message} ${(copy as Error).stack}`)).toBe(false);
      let levels = 0;
      while (copy instanceof Error) {
        copy = copy.cause;
        levels++;
      }
      expect(levels).toBeGreaterThan(1);
      expect(showsSecret(String(copy))).toBe(false);
    }
  });

  it('redacts the key at the bottom of a long chain of causes', () => {
    let chain: unknown = new Error(`root ${SECRET}`);
    for (let i = 0; i < 10; i++) chain = new Error(`level ${i}`, { cause: chain });
    let copy = redactCause(chain, redact);
    const texts: string[] = [];
    while (copy instanceof Error) {
      texts.push(copy.message, copy.stack ?? '');
      copy = copy.cause;
    }
    expect(showsSecret(texts.join('\n'))).toBe(false);
    // Below the errors kept, the rest of the chain is written out as text, nothing lost.
    const below = texts.length / 2;
    const rest = ['Error: level ' + (9 - below)];
    for (let i = 8 - below; i >= 0; i--) rest.push(`Error: level ${i}`);
    rest.push('Error: root [redacted]');
    expect(copy).toBe(rest.join(' <- caused by '));
  });

  it('does not throw on an error whose name is not a string', () => {
    const cause = Object.assign(new Error(`bad ${SECRET}`), { name: undefined as unknown as string });
    const copy = redactCause(cause, redact) as Error;
    expect(copy.message).toBe('bad [redacted]');
  });
});
