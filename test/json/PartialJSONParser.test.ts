// The incremental JSON parser: against JSON.parse for any value and any split of its text,
// every partial value a prefix of the final one, and structural sharing between partials.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartialJSONParser, isInvalidJSONError } from '../../src/index.js';

// A fixed seed: fast-check prints it (with the failing path) when a property fails.
const RUNS = { seed: 20261202, numRuns: 400 };

/** JSON text, pretty or compact, and cut points splitting it into 1..n pieces. */
const splitJSON = fc
  .tuple(
    fc.jsonValue({ maxDepth: 4 }),
    fc.boolean(),
    fc.array(fc.nat(), { maxLength: 40 }),
  )
  .map(([value, pretty, cuts]) => {
    const text = JSON.stringify(value, null, pretty ? 2 : undefined) ?? 'null';
    const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
    const pieces: string[] = [];
    let last = 0;
    for (const p of points) {
      pieces.push(text.slice(last, p));
      last = p;
    }
    pieces.push(text.slice(last));
    return { text, pieces };
  });

/** Text with many escapes and astral characters, split anywhere (also inside escapes and pairs). */
const escapedStrings = fc
  .tuple(fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('😀', '\u0000', '"', '\\', '\n', '\ud83d', '\ude00', 'é')), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 30 }))
  .map(([parts, cuts]) => {
    const value = { s: parts.join(''), list: parts };
    // JSON.stringify keeps non-ASCII as is; escape it too, so \uXXXX pairs are exercised.
    const text = JSON.stringify(value).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
    const pieces: string[] = [];
    let last = 0;
    for (const p of points) {
      pieces.push(text.slice(last, p));
      last = p;
    }
    pieces.push(text.slice(last));
    return { text, pieces };
  });

/** Whether `partial` could be what a streaming parse of `final`'s text shows at some point. */
function prefixConsistent(partial: unknown, final: unknown): boolean {
  if (partial === undefined) return true;
  if (typeof partial === 'string') {
    if (typeof final !== 'string' || !final.startsWith(partial)) return false;
    // Half a surrogate pair at the end would render as garbage: it must wait for its other half.
    const last = partial.charCodeAt(partial.length - 1);
    const next = final.charCodeAt(partial.length);
    return !(last >= 0xd800 && last <= 0xdbff && next >= 0xdc00 && next <= 0xdfff);
  }
  if (partial === null || typeof partial !== 'object') return Object.is(partial, final);
  if (Array.isArray(partial)) {
    if (!Array.isArray(final) || partial.length > final.length) return false;
    // Every element but the last is complete.
    for (let i = 0; i < partial.length - 1; i++) if (!deepEqual(partial[i], final[i])) return false;
    return partial.length === 0 || prefixConsistent(partial[partial.length - 1], final[partial.length - 1]);
  }
  if (final === null || typeof final !== 'object' || Array.isArray(final)) return false;
  const keys = Object.keys(partial);
  const finalKeys = Object.keys(final);
  for (const key of keys) {
    if (!Object.hasOwn(final, key)) return false;
    if (!prefixConsistent((partial as Record<string, unknown>)[key], (final as Record<string, unknown>)[key])) return false;
  }
  return keys.length <= finalKeys.length;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b) && Object.is(a, b) === Object.is(b, a);
}

describe('PartialJSONParser', () => {
  it('ends with what JSON.parse gives, for any value split anywhere, every partial a prefix of it', () => {
    fc.assert(
      fc.property(splitJSON, ({ text, pieces }) => {
        const expected: unknown = JSON.parse(text);
        const parser = new PartialJSONParser();
        for (const piece of pieces) {
          parser.write(piece);
          const partial = parser.value;
          expect(prefixConsistent(partial, expected), `partial ${JSON.stringify(partial)} of ${text}`).toBe(true);
        }
        expect(parser.end()).toStrictEqual(expected);
      }),
      RUNS,
    );
  });

  it('decodes escapes and surrogate pairs split across pieces, never showing half a pair', () => {
    fc.assert(
      fc.property(escapedStrings, ({ text, pieces }) => {
        const expected: unknown = JSON.parse(text);
        const parser = new PartialJSONParser();
        for (const piece of pieces) {
          parser.write(piece);
          expect(prefixConsistent(parser.value, expected)).toBe(true);
        }
        expect(parser.end()).toStrictEqual(expected);
      }),
      RUNS,
    );
  });

  it('keeps the identity of every subtree a piece did not touch, and renews the path to the change', () => {
    const parser = new PartialJSONParser();
    parser.write('{"done": {"a": [1, 2], "b": "x"}, "list": [{"n": 1}, {"n": "ab');
    const first = parser.value as { done: object; list: [object, { n: string }] };
    parser.write('c');
    const second = parser.value as typeof first;
    expect(second).not.toBe(first);
    expect(second.done).toBe(first.done);
    expect(second.list).not.toBe(first.list);
    expect(second.list[0]).toBe(first.list[0]);
    expect(second.list[1]).not.toBe(first.list[1]);
    expect(second.list[1].n).toBe('abc');
    // The earlier partial was not changed by the later write.
    expect(first.list[1].n).toBe('ab');
  });

  it('returns the same object when a piece changed nothing visible', () => {
    const parser = new PartialJSONParser();
    parser.write('{"a": [1, 2');
    const first = parser.value;
    parser.write('3');
    expect(parser.changed).toBe(false);
    expect(parser.value).toBe(first);
    parser.write(', ');
    expect(parser.changed).toBe(true);
    expect(parser.value).toStrictEqual({ a: [1, 23] });
  });

  it('is due after every change for small documents, and less often when a huge array is open', () => {
    const small = new PartialJSONParser();
    small.write('{"a": "x');
    small.value;
    small.write('y');
    expect(small.due).toBe(true);

    const huge = new PartialJSONParser();
    huge.write(`[${'1,'.repeat(1000)}"x`);
    huge.value;
    huge.write('y'.repeat(20));
    // Reading now would make the next change copy 1001 entries for 20 characters of text.
    expect(huge.changed).toBe(true);
    expect(huge.due).toBe(false);
    huge.write('y'.repeat(240));
    expect(huge.due).toBe(true);
    expect((huge.value as string[])[1000]).toBe(`x${'y'.repeat(260)}`);
  });

  it('shows a number only once it cannot grow, and a literal once it is complete', () => {
    const parser = new PartialJSONParser();
    const seen: unknown[] = [];
    for (const piece of ['[1', '2', '.5', 'e1', ',tr', 'ue,', 'nu', 'll', ',-', '0]']) {
      parser.write(piece);
      seen.push(parser.value);
    }
    expect(seen).toStrictEqual([[], [], [], [], [125], [125, true], [125, true], [125, true, null], [125, true, null], [125, true, null, -0]]);
    const final = parser.end() as number[];
    expect(Object.is(final[3], -0)).toBe(true);
  });

  it('gives a top-level number at the end of the text', () => {
    const parser = new PartialJSONParser();
    parser.write('4');
    parser.write('2');
    expect(parser.value).toBeUndefined();
    expect(parser.end()).toBe(42);
  });

  it('makes a "__proto__" key an own property, as JSON.parse does', () => {
    const parser = new PartialJSONParser();
    parser.write('{"__proto__": {"polluted": true}, "a": 1}');
    const value = parser.end() as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value).toStrictEqual(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['{"a" 1}', 5],
    ['[1,]', 3],
    ['{"a": tru }', 9],
    ['"\\x"', 2],
    ['[01]', 3],
    ['{} x', 3],
    ['"a\nb"', 2],
  ])('rejects %j with InvalidJSONError at the offending position', (text, position) => {
    expect.hasAssertions();
    const parser = new PartialJSONParser();
    try {
      for (const ch of text) parser.write(ch);
      parser.end();
    } catch (e) {
      expect(isInvalidJSONError(e)).toBe(true);
      expect((e as { position: number }).position).toBe(position);
    }
  });

  it('fails end() when the text stops inside a value, keeping the partial value readable', () => {
    const parser = new PartialJSONParser();
    parser.write('{"a": ["x", "y');
    expect(() => parser.end()).toThrow(/ended inside a string/);
    expect(parser.value).toStrictEqual({ a: ['x', 'y'] });
  });
});
