import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUtf8Decoder } from '../../src/sources/createUtf8Decoder.js';

// Sources decode each chunk with one plain TextDecoder call and hold back a character cut by
// the chunk's end. For any bytes split anywhere, the text must be exactly what a streaming
// TextDecoder gives, replacement characters for invalid bytes included (apart from the BOM,
// which a streaming decoder drops at the start and this one keeps for the source to drop).
function reference(chunks: Uint8Array[]): string {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  return chunks.map((c) => decoder.decode(c, { stream: true })).join('') + decoder.decode();
}

function ours(chunks: Uint8Array[]): string {
  const decoder = createUtf8Decoder();
  return chunks.map((c) => decoder.decode(c)).join('') + decoder.end();
}

/** Splits `bytes` at the given cut points (sorted, deduplicated, within range). */
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

// Bytes that make every UTF-8 edge likely: ASCII, lead bytes of each length, continuation
// bytes, overlong and out-of-range leads, and pieces of real multi-byte characters.
const interestingByte = fc.constantFrom(0x41, 0x0a, 0x7f, 0x80, 0x8f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xbb);
const piece = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => [...new TextEncoder().encode(s)]),
  fc.constantFrom([0xef, 0xbb, 0xbf], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xed, 0xa0, 0x80], [0xc3, 0xa9]),
  fc.array(interestingByte, { maxLength: 4 }),
);
const bytesArb = fc.array(piece, { maxLength: 40 }).map((pieces) => new Uint8Array(pieces.flat()));

describe('createUtf8Decoder', () => {
  it('gives the same text as a streaming TextDecoder for any bytes split at any points', () => {
    fc.assert(
      fc.property(bytesArb, fc.array(fc.nat(), { maxLength: 12 }), (bytes, cuts) => {
        const chunks = split(bytes, cuts);
        expect(ours(chunks)).toBe(reference(chunks));
      }),
      { numRuns: 3000, seed: 20261125 },
    );
  });

  it('gives the same text when every byte arrives in a chunk of its own', () => {
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        const chunks = [...bytes].map((b) => new Uint8Array([b]));
        expect(ours(chunks)).toBe(reference(chunks));
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('joins a four-byte character cut after each of its bytes', () => {
    const emoji = new TextEncoder().encode('a😀b');
    for (let cut = 0; cut <= emoji.length; cut++) {
      expect(ours([emoji.subarray(0, cut), emoji.subarray(cut)])).toBe('a😀b');
    }
  });

  it('keeps a byte order mark in the middle of the text, even at the start of a chunk', () => {
    const bytes = new TextEncoder().encode('x\uFEFFy');
    expect(ours([bytes.subarray(0, 1), bytes.subarray(1)])).toBe('x\uFEFFy');
  });
});

describe('createUtf8Decoder with the buffers real callers pass', () => {
  it('keeps its own copy of a cut character: a caller may reuse its Buffer once decode() returns', () => {
    const decoder = createUtf8Decoder();
    const buffer = Buffer.from([0x41, 0xe2, 0x82]); // 'A' and the first two bytes of '€'
    let text = decoder.decode(buffer);
    buffer.fill(0x42);
    text += decoder.decode(Buffer.from([0xac])) + decoder.end();
    expect(text).toBe('A€');
  });

  it('accepts ArrayBuffers and other views, as TextDecoder does, joining a character cut between them', () => {
    const bytes = new TextEncoder().encode('x€y');
    const decoder = createUtf8Decoder();
    const first = bytes.slice(0, 2).buffer; // 'x' and the first byte of '€'
    const second = new DataView(bytes.slice(2).buffer);
    const text = decoder.decode(first as unknown as Uint8Array) + decoder.decode(second as unknown as Uint8Array) + decoder.end();
    expect(text).toBe('x€y');
  });
});

describe('createUtf8Decoder hands each character out as soon as it is complete', () => {
  // A character held back one chunk too long is text (or an SSE event's blank line) that a user
  // sees late, or only when the stream ends. For well-formed UTF-8, each decode() must return
  // exactly what a streaming TextDecoder returns for that chunk.
  it('returns, chunk by chunk, what a streaming TextDecoder returns for well-formed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
        const chunks = split(new TextEncoder().encode(text), cuts);
        const streaming = new TextDecoder('utf-8', { ignoreBOM: true });
        const decoder = createUtf8Decoder();
        for (const chunk of chunks) expect(decoder.decode(chunk)).toBe(streaming.decode(chunk, { stream: true }));
        expect(decoder.end()).toBe('');
      }),
      { numRuns: 2000, seed: 20261202 },
    );
  });

  // The last byte of a chunk: held when it can start a character that later bytes may finish,
  // decoded at once (as U+FFFD) when no later byte can (C0, C1 and F5..FF never start one).
  const lastByte: [byte: number, held: boolean][] = [
    [0x41, false],
    [0x7f, false],
    [0x80, false],
    [0xbf, false],
    [0xc0, false],
    [0xc1, false],
    [0xc2, true],
    [0xdf, true],
    [0xe0, true],
    [0xef, true],
    [0xf0, true],
    [0xf4, true],
    [0xf5, false],
    [0xff, false],
  ];
  it.each(lastByte.map(([byte, held]) => [byte.toString(16), held, byte] as const))('a chunk ending in 0x%s: held back is %s', (_hex, held, byte) => {
    const decoder = createUtf8Decoder();
    const now = decoder.decode(new Uint8Array([0x78, byte]));
    const later = decoder.end();
    const whole = new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array([0x78, byte]));
    expect(now + later).toBe(whole);
    expect(now).toBe(held ? 'x' : whole);
  });

  it('holds only the unfinished part of a character cut one byte before its end, for each length', () => {
    for (const char of ['é', '€', '😀']) {
      const bytes = new TextEncoder().encode(`a${char}`);
      const decoder = createUtf8Decoder();
      expect(decoder.decode(bytes.subarray(0, bytes.length - 1))).toBe('a');
      expect(decoder.decode(bytes.subarray(bytes.length - 1))).toBe(char);
      expect(decoder.decode(bytes)).toBe(`a${char}`);
      expect(decoder.end()).toBe('');
    }
  });
});
