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

describe('PartialJSONParser errors', () => {
  it.each([
    ['{"a" 1}', `Expected ':' but found "1"`, 5],
    ['[1,]', 'Unexpected "]" where a value was expected', 3],
    ['{"a": tru }', 'Unexpected " " in literal true', 9],
    ['"\\x"', 'Invalid escape "x"', 2],
    ['[01]', 'Invalid number "01"', 3],
    ['[1.]', 'Invalid number "1."', 3],
    ['{} x', 'Unexpected "x" after the end of the value', 3],
    ['"a\nb"', 'Unescaped control character "\\n" in a string', 2],
    ['"a\u001fb"', 'Unescaped control character "\\u001f" in a string', 2],
    ['{1}', `Expected a key or '}' but found "1"`, 1],
    ['{"a":1,}', `Expected a key but found "}"`, 7],
    ['[1 2]', `Expected ',' or ']' but found "2"`, 3],
    ['{"a":1]', `Expected ',' or '}' but found "]"`, 6],
    ['"\\u12g4"', 'Invalid hex digit "g" in a \\u escape', 5],
    ['"\\u12G4"', 'Invalid hex digit "G" in a \\u escape', 5],
    ['"\\u12/4"', 'Invalid hex digit "/" in a \\u escape', 5],
    ['"\\u12:4"', 'Invalid hex digit ":" in a \\u escape', 5],
    ['"\\u12`4"', 'Invalid hex digit "`" in a \\u escape', 5],
    ['"\\u12@4"', 'Invalid hex digit "@" in a \\u escape', 5],
    [`[${'1'.repeat(1001)}]`, 'Number too long', 1002],
    ['x', 'Unexpected "x" where a value was expected', 0],
  ])('rejects %j with its message and position, in one piece or one character at a time', (text, message, position) => {
    for (const pieces of [[text], [...text]]) {
      const parser = new PartialJSONParser();
      let error: unknown;
      try {
        for (const piece of pieces) parser.write(piece);
        parser.end();
      } catch (e) {
        error = e;
      }
      expect(isInvalidJSONError(error)).toBe(true);
      expect(error).toMatchObject({ position, near: text.slice(Math.max(0, position - 40), position) });
      expect((error as Error).message.startsWith(`${message} at position ${position}`)).toBe(true);
      // The parser stays failed: a later write or end() throws the same error.
      expect(() => parser.write('1')).toThrow(error as Error);
      expect(() => parser.end()).toThrow(error as Error);
    }
  });

  it.each([
    ['', 'nothing'],
    ['  ', 'nothing'],
    ['tru', 'nothing'],
    ['"ab', 'a string'],
    ['{"a": "b', 'a string'],
    ['[1', 'an array'],
    ['[[], {}', 'an array'],
    ['{"a":', 'an object'],
    ['{"a": [1]', 'an object'],
    ['{"a"', 'an object'],
  ])('fails end() for %j: the text ended inside %s', (text, what) => {
    const parser = new PartialJSONParser();
    parser.write(text);
    let error: unknown;
    try {
      parser.end();
    } catch (e) {
      error = e;
    }
    expect(isInvalidJSONError(error)).toBe(true);
    expect(error).toMatchObject({ position: text.length, near: text });
    expect((error as Error).message.startsWith(`The text ended inside ${what} at position ${text.length}`)).toBe(true);
    expect(() => parser.end()).toThrow(error as Error);
  });

  it('keeps only the last 40 characters before the problem as near', () => {
    const text = `["${'a'.repeat(100)}", x]`;
    for (const pieces of [[text], text.match(/.{1,7}/gs) ?? []]) {
      const parser = new PartialJSONParser();
      expect(() => pieces.forEach((piece) => parser.write(piece))).toThrow(expect.objectContaining({ position: 105, near: text.slice(65, 105) }));
    }
  });
});

describe('PartialJSONParser state', () => {
  it('tells how much text it read and when the top-level value is complete', () => {
    const parser = new PartialJSONParser();
    expect(parser.complete).toBe(false);
    expect(parser.length).toBe(0);
    parser.write(' {"a": [1, ');
    expect(parser.complete).toBe(false);
    parser.write('2]}');
    expect(parser.length).toBe(14);
    expect(parser.complete).toBe(true);
    parser.write(' \n');
    expect(parser.complete).toBe(true);
    expect(parser.length).toBe(16);
    expect(parser.end()).toStrictEqual({ a: [1, 2] });
  });

  it('is complete after a top-level literal or string, but a top-level number only at the end', () => {
    for (const [text, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
      ['"x"', 'x'],
    ] as const) {
      const parser = new PartialJSONParser();
      parser.write(text);
      expect(parser.complete).toBe(true);
      expect(parser.value).toBe(value);
    }
    const number = new PartialJSONParser();
    number.write('-1.5e3');
    expect(number.complete).toBe(false);
    expect(number.end()).toBe(-1500);
  });

  it('reports no change right after a read, and a change for a new key or closed container', () => {
    const parser = new PartialJSONParser();
    expect(parser.changed).toBe(false);
    parser.write('{');
    expect(parser.changed).toBe(true);
    expect(parser.value).toStrictEqual({});
    expect(parser.changed).toBe(false);
    expect(parser.due).toBe(false);
    parser.write('"k');
    expect(parser.changed).toBe(false);
    parser.write('ey": "');
    expect(parser.changed).toBe(true);
    expect(parser.value).toStrictEqual({ key: '' });
    parser.write('v');
    expect(parser.changed).toBe(true);
    expect(parser.value).toStrictEqual({ key: 'v' });
    parser.write('"}');
    expect(parser.changed).toBe(false);
    expect(parser.value).toStrictEqual({ key: 'v' });
  });

  it('decodes every escape, and holds a lone high surrogate until it is known to be lone', () => {
    const text = '["\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\uD83D\\uDE00", "\\ud83d", "\\ud83d\\ud83d\\ude00", "\\ud83dx", "\ud83d\ude00"]';
    for (const pieces of [[text], [...text]]) {
      const parser = new PartialJSONParser();
      for (const piece of pieces) parser.write(piece);
      expect(parser.end()).toStrictEqual(JSON.parse(text));
    }
    const parser = new PartialJSONParser();
    parser.write('"a\\ud83d');
    expect(parser.value).toBe('a');
    parser.write('\\ude00');
    expect(parser.value).toBe('a\ud83d\ude00');
    parser.write('\\ud83d');
    parser.write('b');
    expect(parser.value).toBe('a\ud83d\ude00\ud83db');
  });
});
