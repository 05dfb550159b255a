// Behaviour of the incremental JSON parser that the random documents of
// PartialJSONParser.test.ts do not pin down: what a read shows while a raw high surrogate waits
// at the end of a piece and the next piece starts an escape, that a read after a piece that
// changed nothing visible gives the very same object, and where errors point in long texts.
import { describe, expect, it } from 'vitest';
import { PartialJSONParser, isInvalidJSONError } from '../../src/index.js';

/** The error the parser throws for `pieces` written one after the other, then end(). */
function errorFor(pieces: readonly string[]): unknown {
  const parser = new PartialJSONParser();
  try {
    for (const piece of pieces) parser.write(piece);
    parser.end();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** `text` cut into pieces of `size` characters. */
const cut = (text: string, size: number): string[] => Array.from({ length: Math.ceil(text.length / size) }, (_, k) => text.slice(k * size, (k + 1) * size));

describe('PartialJSONParser pieces that change nothing visible', () => {
  it('keeps a raw high surrogate out of the value while the next piece starts an escape', () => {
    const text = '["a\ud83d\\u0041"]';
    const parser = new PartialJSONParser();
    parser.write('["a\ud83d');
    expect(parser.value).toStrictEqual(['a']);
    parser.write('\\');
    // Still unknown whether the escape completes the pair: half a pair must not show.
    expect(parser.value).toStrictEqual(['a']);
    parser.write('u0041"]');
    expect(parser.end()).toStrictEqual(JSON.parse(text));
  });

  it('gives the same object when a piece only started an escape in a string', () => {
    const parser = new PartialJSONParser();
    parser.write('{"done": [1], "s": "ab');
    const first = parser.value;
    parser.write('\\');
    expect(parser.value).toBe(first);
    parser.write('u00');
    expect(parser.value).toBe(first);
    parser.write('41');
    const second = parser.value as { done: number[]; s: string };
    expect(second).not.toBe(first);
    expect(second).toStrictEqual({ done: [1], s: 'abA' });
    expect(second.done).toBe((first as { done: number[] }).done);
  });
});

describe('PartialJSONParser errors in long texts', () => {
  it('points a number that is too long at its 1001st character, however the text is cut', () => {
    const text = `[${'1'.repeat(1005)}]`;
    // The 1001st digit is at offset 1001; the position is just after it, as for exactly 1001 digits.
    for (const pieces of [[text], [...text], cut(text, 7), cut(text, 500)]) {
      const error = errorFor(pieces);
      expect(isInvalidJSONError(error)).toBe(true);
      expect(error).toMatchObject({ position: 1002, near: text.slice(962, 1002) });
      expect((error as Error).message.startsWith('Number too long at position 1002')).toBe(true);
    }
  });

  it('gives the last 40 characters as near when a long text ends too early', () => {
    const text = `{"a": "${'x'.repeat(60)}${'y'.repeat(40)}`;
    for (const pieces of [[text], cut(text, 9), [...text]]) {
      const error = errorFor(pieces);
      expect(isInvalidJSONError(error)).toBe(true);
      expect(error).toMatchObject({ position: text.length, near: 'y'.repeat(40) });
      expect((error as Error).message.startsWith(`The text ended inside a string at position ${text.length}`)).toBe(true);
    }
  });
});
