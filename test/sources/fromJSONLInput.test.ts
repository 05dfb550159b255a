// fromJSONL on small hand-written inputs (no recordings, so each run is fast): a string is
// read at once on subscribe, a stream or an iterable as its chunks arrive, each fused sink is
// offered the payloads, and the options are honoured.
import { describe, expect, it } from 'vitest';
import type { PayloadSink } from '../../src/sources/PayloadSink.js';
import { withPayloadSink } from '../../src/sources/PayloadSink.js';
import { fromJSONL } from '../../src/sources/fromJSONL.js';
import { chunkedStream } from '../support/chunkedStream.js';
import { collectNotifications } from '../support/collectNotifications.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

async function* textChunks(...chunks: string[]): AsyncGenerator<string> {
  yield* chunks;
}

describe('fromJSONL inputs and options', () => {
  it('reads a string during subscribe: every event and the completion before subscribe returns', () => {
    const seen: unknown[] = [];
    let completed = false;
    let errored: unknown;
    fromJSONL('{"type":"a"}\n{"type":"b","n":2}').subscribe({ next: (e) => seen.push(e), complete: () => (completed = true), error: (e: unknown) => (errored = e) });
    expect(errored).toBeUndefined();
    expect(seen).toEqual([{ type: 'a' }, { type: 'b', n: 2 }]);
    expect(completed).toBe(true);
  });

  it('completes an empty string at once, with no events', () => {
    let completed = false;
    const seen: unknown[] = [];
    fromJSONL('').subscribe({ next: (e) => seen.push(e), complete: () => (completed = true) });
    expect(seen).toEqual([]);
    expect(completed).toBe(true);
  });

  it('reads a byte stream and an async iterable of text as their chunks arrive', async () => {
    const text = '{"type":"a"}\n{"type":"b"}\n';
    const fromBytes = await collectNotifications(fromJSONL(chunkedStream(encode(text), 4)));
    const fromText = await collectNotifications(fromJSONL(textChunks('{"type":"a"}\n{"ty', 'pe":"b"}\n')));
    for (const result of [fromBytes, fromText]) {
      expect(result.values).toEqual([{ type: 'a' }, { type: 'b' }]);
      expect(result.completed).toBe(true);
    }
  });

  it('errors at an invalid line of a string by default, and skips it with invalidInput: skip', async () => {
    const text = '{"type":"a"}\nnot json\n{"type":"b"}\n';
    const refused = await collectNotifications(fromJSONL(text));
    expect(refused.values).toEqual([{ type: 'a' }]);
    expect(refused.completed).toBe(false);
    expect(refused.error).toMatchObject({ name: 'StreamParseError', reason: 'invalid_json', line: 2 });
    const skipped = await collectNotifications(fromJSONL(text, { invalidInput: 'skip' }));
    expect(skipped.completed).toBe(true);
    expect(skipped.values).toEqual([{ type: 'a' }, { type: 'rx.skipped_input', reason: 'invalid_json', raw: 'not json', eventNumber: 2, line: 2 }, { type: 'b' }]);
  });

  it('refuses a line larger than maxEventBytes, after the lines before it', async () => {
    const text = `{"type":"a"}\n{"type":"b","pad":"${'x'.repeat(100)}"}\n`;
    for (const input of [text, chunkedStream(encode(text), 16)]) {
      const result = await collectNotifications(fromJSONL(input, { maxEventBytes: 50 }));
      expect(result.values).toEqual([{ type: 'a' }]);
      expect(result.error).toMatchObject({ name: 'StreamParseError', code: 'event_too_large', line: 2 });
    }
  });

  it('offers each line to the sink it is fused with, and emits only what the sink declines', async () => {
    const text = '{"type":"absorbed"}\n{"type":"kept"}\n';
    for (const input of [() => text, () => textChunks(text)]) {
      const offered: string[] = [];
      const sink: PayloadSink = {
        absorbPayload: (data) => {
          offered.push(data);
          return data.includes('"absorbed"');
        },
      };
      const result = await collectNotifications(withPayloadSink(fromJSONL(input()), sink));
      expect(offered).toEqual(['{"type":"absorbed"}', '{"type":"kept"}']);
      expect(result.values).toEqual([{ type: 'kept' }]);
      expect(result.completed).toBe(true);
    }
  });
});
