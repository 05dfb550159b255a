// The SSE decoder on its own, with an emitter that records what it is handed: which payloads,
// and when and with what start an event is refused for its size while it is still arriving.
import { describe, expect, it } from 'vitest';
import type { PayloadEmitter } from '../../src/sources/createPayloadEmitter.js';
import { createSSEDecoder } from '../../src/sources/createSSEDecoder.js';
import { fromSSE } from '../../src/sources/fromSSE.js';
import { collectNotifications } from '../support/collectNotifications.js';

type Call = { payload: string } | { tooLarge: string };

/** An emitter that records its calls and, like a source's, takes nothing once it refused an event. */
function recorder(maxEventBytes: number): { emit: PayloadEmitter; calls: Call[] } {
  const calls: Call[] = [];
  let closed = false;
  const emit = Object.assign(
    (data: string) => {
      if (!closed) calls.push({ payload: data });
    },
    {
      maxEventBytes,
      tooLarge: (start: string) => {
        if (!closed) calls.push({ tooLarge: start });
        closed = true;
      },
    },
  );
  return { emit, calls };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('createSSEDecoder', () => {
  it('does not count comments between events toward the next event', () => {
    const { emit, calls } = recorder(30);
    const decoder = createSSEDecoder(emit);
    decoder.write(bytes('data: {"type":"a"}\n\n'));
    for (let i = 0; i < 10; i++) decoder.write(bytes(': keep-alive ping\n'));
    decoder.write(bytes('data: {"type":"b"}\n\n'));
    decoder.end();
    expect(calls).toEqual([{ payload: '{"type":"a"}' }, { payload: '{"type":"b"}' }]);
  });

  it('ignores a bad retry value and unknown fields, as the SSE standard says', () => {
    const { emit, calls } = recorder(1000);
    const decoder = createSSEDecoder(emit);
    decoder.write(bytes('retry: soon\nfoo: bar\ndata: {"type":"a"}\n\n'));
    decoder.end();
    expect(calls).toEqual([{ payload: '{"type":"a"}' }]);
  });

  it('accepts an event whose unfinished bytes reach the limit exactly', () => {
    const { emit, calls } = recorder(18);
    const decoder = createSSEDecoder(emit);
    const head = bytes('data: {"type":"a"}');
    expect(head.length).toBe(18);
    decoder.write(head);
    decoder.write(bytes('\n\n'));
    decoder.end();
    expect(calls).toEqual([{ payload: '{"type":"a"}' }]);
  });

  it('refuses an unfinished event past the limit with its own start, for the first event and after one', () => {
    for (const before of ['', 'data: {"type":"a"}\n\n']) {
      const { emit, calls } = recorder(20);
      const decoder = createSSEDecoder(emit);
      if (before !== '') decoder.write(bytes(before));
      decoder.write(bytes('data: {"type":"'));
      decoder.write(bytes('bbbbbbbbbb'));
      expect(calls).toEqual([...(before === '' ? [] : [{ payload: '{"type":"a"}' }]), { tooLarge: 'data: {"type":"bbbbbbbbbb' }]);
    }
  });

  it('refuses an event that a single chunk begins past the limit after completing another', () => {
    // The chunk completes an event, so the count restarts; the parser's own bound still holds.
    for (const chunk of ['data: {"type":"a"}\n\ndata: ' + 'x'.repeat(100), bytes('data: {"type":"a"}\n\ndata: ' + 'x'.repeat(100))]) {
      const { emit, calls } = recorder(50);
      createSSEDecoder(emit).write(chunk);
      expect(calls).toHaveLength(2);
      expect(calls[0]).toEqual({ payload: '{"type":"a"}' });
      expect((calls[1] as { tooLarge: string }).tooLarge).toContain('data: xxxxx');
    }
  });

  it('counts a chunk that holds only the start of a character', () => {
    // 20 bytes, then the 3 bytes of '€' in two chunks: the 23rd byte passes the limit of 22.
    const { emit, calls } = recorder(22);
    const decoder = createSSEDecoder(emit);
    const head = bytes(`data: ${'a'.repeat(14)}`);
    const euro = bytes('€');
    decoder.write(head);
    decoder.write(euro.subarray(0, 2));
    expect(calls).toEqual([]);
    decoder.write(euro.subarray(2));
    expect(calls).toEqual([{ tooLarge: `data: ${'a'.repeat(14)}€` }]);
  });

  it("marks the error's raw text as cut when the event's start is longer than it shows", async () => {
    // 200 characters, then 100 of 3 bytes each: 500 bytes pass the limit of 450 before the
    // parser's own bound (450 characters) would.
    const chunks = [`data: ${'a'.repeat(94)}`, 'a'.repeat(100), '€'.repeat(100)];
    async function* body(): AsyncGenerator<Uint8Array> {
      for (const chunk of chunks) yield bytes(chunk);
    }
    const result = await collectNotifications(fromSSE(body(), { maxEventBytes: 450 }));
    expect(result.error).toMatchObject({ code: 'event_too_large' });
    expect((result.error as { raw: string }).raw).toBe(`${chunks.join('').slice(0, 200)}…`);
  });

  it("marks the error's raw text as cut when one chunk holds more than it shows", async () => {
    // 756 bytes but 256 characters: past the limit of 300 bytes, within the parser's own bound.
    const chunk = `data: ${'€'.repeat(250)}`;
    async function* body(): AsyncGenerator<Uint8Array> {
      yield bytes(chunk);
    }
    const result = await collectNotifications(fromSSE(body(), { maxEventBytes: 300 }));
    expect(result.error).toMatchObject({ code: 'event_too_large' });
    expect((result.error as { raw: string }).raw).toBe(`${chunk.slice(0, 200)}…`);
  });

  it('drops [DONE] and hands on a last event that has no blank line after it', () => {
    for (const tail of ['data: {"type":"b"}', 'data: {"type":"b"}\n']) {
      const { emit, calls } = recorder(1000);
      const decoder = createSSEDecoder(emit);
      decoder.write(bytes(`data: {"type":"a"}\n\ndata: [DONE]\n\n${tail}`));
      expect(calls).toEqual([{ payload: '{"type":"a"}' }]);
      decoder.end();
      expect(calls).toEqual([{ payload: '{"type":"a"}' }, { payload: '{"type":"b"}' }]);
    }
  });
});
