// Edges of the incremental JSON parser that random documents rarely reach: every kind of
// blank, numbers at their length limit and with every exponent form, and when a read is due.
import { describe, expect, it } from 'vitest';
import { PartialJSONParser } from '../../src/index.js';

/** The parser's final value for `text`, written in one piece and one character at a time. */
function parseBoth(text: string): unknown[] {
  return [[text], [...text]].map((pieces) => {
    const parser = new PartialJSONParser();
    for (const piece of pieces) parser.write(piece);
    return parser.end();
  });
}

describe('PartialJSONParser edges', () => {
  it('takes tabs, carriage returns, line feeds and spaces between any tokens', () => {
    const text = '\t\r\n {\t"a"\r:\n[ 1\t,\r"x" ,\ntrue\r]\t,"b" : {\r\n} }\t\r\n ';
    expect(parseBoth(text)).toStrictEqual([JSON.parse(text), JSON.parse(text)]);
  });

  it('reads numbers with every exponent form and sign', () => {
    const text = '[1e5, 1E5, 1e+5, 1E-5, -0.5e-2, 0, -0, 10.25]';
    expect(parseBoth(text)).toStrictEqual([JSON.parse(text), JSON.parse(text)]);
  });

  it('reads a number of 1000 characters, and refuses one of 1001', () => {
    const ok = `[${'9'.repeat(1000)}]`;
    expect(parseBoth(ok)).toStrictEqual([JSON.parse(ok), JSON.parse(ok)]);
    const parser = new PartialJSONParser();
    expect(() => parser.write(`[${'9'.repeat(1001)}]`)).toThrow(/Number too long/);
  });

  it('reads an exponent that starts a new piece', () => {
    for (const [a, b] of [
      ['[1', 'E5]'],
      ['[1', 'e5]'],
      ['[1', '.5]'],
      ['[1e', '+5]'],
    ]) {
      const parser = new PartialJSONParser();
      parser.write(a as string);
      parser.write(b as string);
      expect(parser.end()).toStrictEqual(JSON.parse(`${a}${b}`));
    }
  });

  it('refuses a closer that does not match its container, and a value that starts with +', () => {
    for (const [text, message] of [
      ['[1}', `Expected ',' or ']' but found "}"`],
      ['{"a":1]', `Expected ',' or '}' but found "]"`],
      ['[+1]', 'Unexpected "+" where a value was expected'],
      ['[!]', 'Unexpected "!" where a value was expected'],
    ]) {
      const parser = new PartialJSONParser();
      expect(() => parser.write(text as string)).toThrow(expect.objectContaining({ name: 'InvalidJSONError', message: expect.stringContaining(message as string) }));
    }
  });

  it('does not show a number the end of the text cut inside a container', () => {
    const parser = new PartialJSONParser();
    parser.write('[1, 2');
    expect(() => parser.end()).toThrow(/ended inside an array/);
    expect(parser.value).toStrictEqual([1]);
  });

  it('holds a raw high surrogate at the end of a piece until the next piece shows what follows', () => {
    for (const high of ['\ud800', '\ud83d', '\udbff']) {
      const parser = new PartialJSONParser();
      parser.write(`["a${high}`);
      expect(parser.value).toStrictEqual(['a']);
      parser.write('\udc00b", "');
      expect(parser.value).toStrictEqual([`a${high}\udc00b`, '']);
      parser.write(`${high}`);
      expect(parser.value).toStrictEqual([`a${high}\udc00b`, '']);
      parser.write('"]');
      expect(parser.end()).toStrictEqual([`a${high}\udc00b`, high]);
    }
    const plain = new PartialJSONParser();
    plain.write('"a\udc00');
    expect(plain.value).toBe('a\udc00');
    plain.write('\ud7ff');
    expect(plain.value).toBe('a\udc00\ud7ff');
  });

  it('holds an escaped high surrogate until its pair is known, and shows any other escape at once', () => {
    for (const high of ['D800', 'd83d', 'DBFF']) {
      const parser = new PartialJSONParser();
      parser.write(`"x\\u${high}`);
      expect(parser.value).toBe('x');
      parser.write('\\uDC00');
      expect(parser.value).toBe(`x${String.fromCharCode(Number.parseInt(high, 16))}\udc00`);
    }
    for (const [escape, char] of [
      ['\\u0041', 'A'],
      ['\\uABCD', '\uabcd'],
      ['\\u00aF', '\u00af'],
      ['\\uD7FF', '\ud7ff'],
      ['\\uDC00', '\udc00'],
    ]) {
      const parser = new PartialJSONParser();
      parser.write(`"x${escape}`);
      expect(parser.value).toBe(`x${char}`);
    }
  });

  it('reports no change while a string waits for the rest of an escape', () => {
    const parser = new PartialJSONParser();
    parser.write('{"a": "ab');
    expect(parser.value).toStrictEqual({ a: 'ab' });
    parser.write('\\');
    expect(parser.changed).toBe(false);
    parser.write('u00');
    expect(parser.changed).toBe(false);
    parser.write('41');
    expect(parser.changed).toBe(true);
  });

  it('reports a change when a string ends with characters not read yet', () => {
    const parser = new PartialJSONParser();
    parser.write('["ab');
    expect(parser.value).toStrictEqual(['ab']);
    parser.write('c"');
    expect(parser.changed).toBe(true);
    expect(parser.value).toStrictEqual(['abc']);
  });

  it('is due after a change in a container of 80 entries with a 20-character piece', () => {
    const parser = new PartialJSONParser();
    parser.write(`[${'1,'.repeat(79)}"`);
    parser.value;
    parser.write('y'.repeat(19));
    expect(parser.due).toBe(false);
    parser.write('y');
    expect(parser.due).toBe(true);
  });

  it('is due for small changes again once a huge container is closed', () => {
    const parser = new PartialJSONParser();
    parser.write(`[[${'1,'.repeat(100)}1], "`);
    parser.value;
    parser.write('x');
    expect(parser.due).toBe(true);
  });

  it('makes a "__proto__" key an ordinary writable own property, as JSON.parse does', () => {
    for (const text of ['{"__proto__": 1}', '{"a": 1, "__proto__": "x"}', '[{"__proto__": {"b": 2}}]']) {
      const parser = new PartialJSONParser();
      parser.write(text);
      const ours = parser.end();
      const reference = JSON.parse(text);
      const holder = (v: unknown) => (Array.isArray(v) ? v[0] : v) as object;
      expect(Object.getOwnPropertyDescriptor(holder(ours), '__proto__')).toStrictEqual(Object.getOwnPropertyDescriptor(holder(reference), '__proto__'));
    }
  });
});
