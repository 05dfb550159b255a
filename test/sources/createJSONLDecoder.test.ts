// The JSON Lines decoder on its own, with an emitter that records what it is handed: which
// payloads with which line, and when and with what start a line is refused for its size.
import { describe, expect, it } from 'vitest';
import type { PayloadEmitter } from '../../src/sources/createPayloadEmitter.js';
import { createJSONLDecoder } from '../../src/sources/createJSONLDecoder.js';

type Call = { payload: string; line: number | undefined } | { tooLarge: string; line: number | undefined };

/** An emitter that records its calls and, like a source's, takes nothing once it refused a line. */
function recorder(maxEventBytes: number): { emit: PayloadEmitter; calls: Call[] } {
  const calls: Call[] = [];
  let closed = false;
  const emit = Object.assign(
    (data: string, line: number | undefined) => {
      if (!closed) calls.push({ payload: data, line });
    },
    {
      maxEventBytes,
      tooLarge: (start: string, line: number | undefined) => {
        if (!closed) calls.push({ tooLarge: start, line });
        closed = true;
      },
    },
  );
  return { emit, calls };
}

function decode(chunks: readonly (string | Uint8Array)[], maxEventBytes = Infinity): Call[] {
  const { emit, calls } = recorder(maxEventBytes);
  const decoder = createJSONLDecoder(emit);
  for (const chunk of chunks) decoder.write(chunk);
  decoder.end();
  return calls;
}

describe('createJSONLDecoder', () => {
  it('hands on a line that starts with { as written, only its line break removed', () => {
    expect(decode(['{"type": \r\n{"type":"a"}  \n'])).toEqual([
      { payload: '{"type": ', line: 1 },
      { payload: '{"type":"a"}  ', line: 2 },
    ]);
  });

  it('drops json-seq records that hold only blanks, and trims the rest', () => {
    expect(decode(['\u001e \n\u001e {"type":"a"}\n'])).toEqual([{ payload: '{"type":"a"}', line: 2 }]);
  });

  it('drops only the [DONE] sentinels, not other lines that look like SSE', () => {
    expect(decode(['data: [DONE]\ndata: {"type":"a"}\nevent[DONE]\n'])).toEqual([
      { payload: 'data: {"type":"a"}', line: 2 },
      { payload: 'event[DONE]', line: 3 },
    ]);
  });

  it('accepts an unfinished line of exactly the limit, from bytes or text', () => {
    for (const chunks of [[...'{"type":"a"}'].map((c) => new TextEncoder().encode(c)), [...'{"type":"a"}']]) {
      expect(decode([...chunks, '\n'], 12)).toEqual([{ payload: '{"type":"a"}', line: 1 }]);
    }
  });

  it('refuses an unfinished line past the limit with its start and its line, from bytes or text', () => {
    const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
    for (const as of [(text: string) => text, encode]) {
      expect(decode([as('{"type":"a"}\n{"ty'), as('pe":"bbbbbbbbbb"')], 10)).toEqual([
        { payload: '{"type":"a"}', line: 1 },
        { tooLarge: '{"ty', line: 2 },
      ]);
      expect(decode([as('{"type":"abcdefgh"}')], 10)).toEqual([{ tooLarge: '{"type":"abcdefgh"}', line: 1 }]);
    }
  });

  it('stops a line that never ends, given as text chunks, within a chunk of the limit', () => {
    const { emit, calls } = recorder(100);
    const decoder = createJSONLDecoder(emit);
    let written = 0;
    decoder.write('{"type":"a","delta":"');
    while (calls.length === 0 && written < 10_000) {
      decoder.write('aaaaaaaaaa');
      written += 10;
    }
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ line: 1 });
    expect((calls[0] as { tooLarge: string }).tooLarge.startsWith('{"type":"a","delta":"aaaa')).toBe(true);
    expect(21 + written).toBeGreaterThan(100);
    expect(21 + written).toBeLessThanOrEqual(110);
  });

  it('drops lines of blanks and trims a line that does not start with {', () => {
    expect(decode([' \t \n  {"type":"a"} \n [DONE] \n'])).toEqual([{ payload: '{"type":"a"}', line: 2 }]);
  });

  it('hands on a last line that has no line break at the end', () => {
    const { emit, calls } = recorder(Infinity);
    const decoder = createJSONLDecoder(emit);
    decoder.write('{"type":"a"}\n{"type":"b"}');
    expect(calls).toEqual([{ payload: '{"type":"a"}', line: 1 }]);
    decoder.end();
    expect(calls).toEqual([
      { payload: '{"type":"a"}', line: 1 },
      { payload: '{"type":"b"}', line: 2 },
    ]);
  });
});
