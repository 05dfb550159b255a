import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTextInput } from '../../src/sources/createTextInput.js';

// Every source reads its input through createTextInput: bytes decoded as UTF-8 (a character cut
// by a chunk's end waits for the rest), strings as they are, and the byte order marks before
// the first real character dropped. The reference is the platform's own decoder over the whole
// input at once, with those leading marks removed by a regular expression.
const BOM = '\uFEFF';
const referenceText = (bytes: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).replace(/^\uFEFF+/, '');

function readAll(chunks: (Uint8Array | string)[]): { pieces: string[]; whole: string } {
  const input = createTextInput();
  const pieces = chunks.map((chunk) => input.text(chunk));
  pieces.push(input.end());
  return { pieces, whole: pieces.join('') };
}

/** Splits `bytes` at the given cut points (within range, in order). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  return chunks;
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('createTextInput', () => {
  it('reads bytes split anywhere as the whole input decoded at once, leading byte order marks dropped', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.constantFrom(BOM, `${BOM}${BOM}`, 'data: x\n\n', '€', '😀'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 10 }), (pieces, cuts) => {
        const bytes = encode(pieces.join(''));
        expect(readAll(split(bytes, cuts)).whole).toBe(referenceText(bytes));
      }),
    );
  });

  it('drops every byte order mark before the first character, even one per chunk', () => {
    expect(readAll([encode(BOM), encode(BOM), encode(`${BOM}data: 1\n`)]).whole).toBe('data: 1\n');
    expect(readAll([BOM, '', `${BOM}{"type":"x"}\n`]).whole).toBe('{"type":"x"}\n');
  });

  it('keeps a byte order mark after the first character, in the same chunk or a later one', () => {
    expect(readAll([`${BOM}a${BOM}b`, `${BOM}c`]).whole).toBe(`a${BOM}b${BOM}c`);
    expect(readAll([encode('a'), encode(BOM)]).whole).toBe(`a${BOM}`);
  });

  it('gives a character cut between chunks whole in the chunk that completes it', () => {
    const euro = encode('€');
    const { pieces } = readAll([euro.subarray(0, 1), euro.subarray(1, 2), euro.subarray(2)]);
    expect(pieces).toEqual(['', '', '€', '']);
  });

  it('gives an unfinished character at the end as U+FFFD, as the platform decoder does', () => {
    const cut = encode('ok 😀').subarray(0, -2);
    expect(readAll([cut]).whole).toBe(new TextDecoder().decode(cut));
    expect(readAll([cut]).pieces.at(-1)).toBe('\uFFFD');
  });

  it('ends text given as strings with nothing more', () => {
    expect(readAll(['a', 'b']).pieces).toEqual(['a', 'b', '']);
    expect(readAll([]).pieces).toEqual(['']);
  });
});
