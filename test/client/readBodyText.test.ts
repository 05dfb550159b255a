import { describe, expect, it } from 'vitest';
import { readBodyText } from '../../src/client/readBodyText.js';

/** A body of the given chunks that records whether its reader cancelled it, and how much was pulled. */
function chunkedBody(chunks: Uint8Array[]): { body: ReadableStream<Uint8Array>; cancelled: () => boolean; pulled: () => number } {
  let cancelled = false;
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks[pulled];
        pulled += 1;
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, cancelled: () => cancelled, pulled: () => pulled };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('readBodyText', () => {
  it('gives an empty text for no body', async () => {
    expect(await readBodyText(null)).toBe('');
  });

  it('joins a character split across chunks, and ends a cut one with a replacement character', async () => {
    const euro = bytes('€'); // three bytes: E2 82 AC
    const { body } = chunkedBody([bytes('a'), euro.subarray(0, 1), euro.subarray(1), bytes('b'), euro.subarray(0, 2)]);
    expect(await readBodyText(body)).toBe('a€b\uFFFD');
  });

  it('calls onBytes once per chunk, and releases the body when done', async () => {
    const { body } = chunkedBody([bytes('one'), bytes('two'), bytes('three')]);
    let calls = 0;
    expect(await readBodyText(body, Infinity, () => (calls += 1))).toBe('onetwothree');
    expect(calls).toBe(3);
    expect(body.locked).toBe(false);
  });

  it('stops at the chunk that reaches maxBytes and cancels the rest', async () => {
    const { body, cancelled, pulled } = chunkedBody([bytes('1234'), bytes('5678'), bytes('9abc'), bytes('def')]);
    expect(await readBodyText(body, 8)).toBe('12345678');
    expect(cancelled()).toBe(true);
    expect(pulled()).toBe(2);
    expect(body.locked).toBe(false);
  });

  it('reads to the end when the body stays under maxBytes', async () => {
    const { body, cancelled } = chunkedBody([bytes('1234'), bytes('567')]);
    expect(await readBodyText(body, 8)).toBe('1234567');
    expect(cancelled()).toBe(false);
  });

  it('passes on a failed read, and still releases the body', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes('part'));
        controller.error(new TypeError('terminated'));
      },
    });
    await expect(readBodyText(body)).rejects.toThrow('terminated');
    expect(body.locked).toBe(false);
  });
});
