// fromSSE on small hand-written bodies (no recordings, so each run is fast): it reads a byte
// stream or an async iterable, hands each payload to the sink it is fused with, and honours
// the options it is given (invalid payloads skipped or refused, the event size limit).
import { describe, expect, it } from 'vitest';
import type { PayloadSink } from '../../src/sources/PayloadSink.js';
import { withPayloadSink } from '../../src/sources/PayloadSink.js';
import { fromSSE } from '../../src/sources/fromSSE.js';
import { chunkedStream } from '../support/chunkedStream.js';
import { collectNotifications } from '../support/collectNotifications.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const frame = (data: string): string => `data: ${data}\n\n`;

async function* textChunks(...chunks: string[]): AsyncGenerator<string> {
  yield* chunks;
}

describe('fromSSE inputs and options', () => {
  it('gives the events of a byte stream, then completes', async () => {
    const result = await collectNotifications(fromSSE(chunkedStream(encode(frame('{"type":"a"}') + frame('{"type":"b","n":1}')), 5)));
    expect(result.values).toEqual([{ type: 'a' }, { type: 'b', n: 1 }]);
    expect(result.completed).toBe(true);
  });

  it('reads an async iterable of text chunks', async () => {
    const result = await collectNotifications(fromSSE(textChunks('data: {"ty', 'pe":"a"}\n', '\n')));
    expect(result.values).toEqual([{ type: 'a' }]);
    expect(result.completed).toBe(true);
  });

  it('errors at an invalid payload by default, and skips it with invalidInput: skip', async () => {
    const body = frame('{"type":"a"}') + frame('not json') + frame('{"type":"b"}');
    const refused = await collectNotifications(fromSSE(textChunks(body)));
    expect(refused.values).toEqual([{ type: 'a' }]);
    expect(refused.error).toMatchObject({ name: 'StreamParseError', reason: 'invalid_json', eventNumber: 2 });
    const skipped = await collectNotifications(fromSSE(textChunks(body), { invalidInput: 'skip' }));
    expect(skipped.completed).toBe(true);
    expect(skipped.values).toEqual([{ type: 'a' }, { type: 'rx.skipped_input', reason: 'invalid_json', raw: 'not json', eventNumber: 2 }, { type: 'b' }]);
  });

  it('refuses an event larger than maxEventBytes, after the events before it', async () => {
    const body = frame('{"type":"a"}') + frame(`{"type":"b","pad":"${'x'.repeat(100)}"}`);
    const result = await collectNotifications(fromSSE(textChunks(body), { maxEventBytes: 50 }));
    expect(result.values).toEqual([{ type: 'a' }]);
    expect(result.error).toMatchObject({ name: 'StreamParseError', code: 'event_too_large' });
  });

  it('offers each payload to the sink it is fused with, and emits only what the sink declines', async () => {
    const offered: string[] = [];
    const sink: PayloadSink = {
      absorbPayload: (data) => {
        offered.push(data);
        return data.includes('"absorbed"');
      },
    };
    const body = frame('{"type":"absorbed"}') + frame('{"type":"kept"}');
    const result = await collectNotifications(withPayloadSink(fromSSE(textChunks(body)), sink));
    expect(offered).toEqual(['{"type":"absorbed"}', '{"type":"kept"}']);
    expect(result.values).toEqual([{ type: 'kept' }]);
    expect(result.completed).toBe(true);
  });
});
