// The size cap for one event (`maxEventBytes`): generous by default, exact at its edge, enforced
// while an event is still arriving (so an event that never ends cannot fill memory), and losing
// nothing that came before it.
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  type ResponseStreamEvent,
  type StreamParseError,
  createClient,
  finalResponse,
  fromFetchResponse,
  fromJSONL,
  fromRecording,
  fromSSE,
  isClientOptionsError,
  isStreamParseError,
} from '../../src/index.js';
import { SECRET, fakeFetch, sseResponse } from '../client/fakeFetch.js';
import { chunkedStream } from '../support/chunkedStream.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { recording } from '../support/fixtures.js';
import { deltaText } from '../support/deltaText.js';

const MiB = 1024 * 1024;
const encoder = new TextEncoder();
const EVENTS = recording('azure-text-1.jsonl').events;
const sseOf = (events: readonly unknown[]): string => events.map((e) => `event: ${(e as { type: string }).type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
const jsonlOf = (events: readonly unknown[]): string => events.map((e) => `${JSON.stringify(e)}\n`).join('');

/** A text delta whose JSON is exactly `bytes` bytes of UTF-8, padded with `fill` (1 or 3 bytes each; a few `a` make up the rest). */
function deltaOfSize(base: ResponseStreamEvent, bytes: number, fill: 'a' | '€'): ResponseStreamEvent {
  const empty = { ...(base as object), delta: '' } as ResponseStreamEvent & { delta: string };
  const room = bytes - encoder.encode(JSON.stringify(empty)).length;
  const unit = encoder.encode(fill).length;
  return { ...empty, delta: 'a'.repeat(room % unit) + fill.repeat(Math.floor(room / unit)) } as ResponseStreamEvent;
}

const FIRST_DELTA = EVENTS.findIndex((e) => e.type === 'response.output_text.delta');
const BEFORE = EVENTS.slice(0, FIRST_DELTA + 1);
const DELTA = EVENTS[FIRST_DELTA]!;

type Format = 'sse' | 'jsonl';
const source = (format: Format, body: string, chunk: number, maxEventBytes?: number) => {
  const bytes = chunkedStream(encoder.encode(body), chunk);
  const options = maxEventBytes === undefined ? undefined : { maxEventBytes };
  return format === 'sse' ? fromSSE(bytes, options) : fromJSONL(bytes, options);
};
const bodyOf = (format: Format, events: readonly unknown[]): string => (format === 'sse' ? sseOf(events) : jsonlOf(events));

describe.each(['sse', 'jsonl'] as const)('maxEventBytes, %s', (format) => {
  it('passes an event of tens of MiB (a base64 image) at the default', async () => {
    expect.hasAssertions();
    // 30 MiB of base64, generated: every byte value, repeated.
    const pixels = new Uint8Array(22.5 * MiB);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 131 + 7) & 0xff;
    const image = Buffer.from(pixels.buffer).toString('base64');
    expect(image.length).toBeGreaterThan(30 * MiB - 1);
    const item = { id: 'ig_1', type: 'image_generation_call', status: 'completed', result: image };
    const done = { type: 'response.output_item.done', sequence_number: 3, output_index: 0, item };
    const events = [...BEFORE, done];
    const received = await lastValueFrom(source(format, bodyOf(format, events), 64 * 1024).pipe(toArray()));
    expect(received).toHaveLength(events.length);
    expect((received.at(-1) as unknown as typeof done).item.result === image).toBe(true);
  });

  it.each(['a', '€'] as const)('accepts an event of exactly maxEventBytes and refuses one byte more (filled with %s)', async (fill) => {
    const limit = 3 * 1024;
    for (const [size, passes] of [
      [limit, true],
      [limit + 1, false],
    ] as const) {
      const big = deltaOfSize(DELTA, size, fill);
      expect(encoder.encode(JSON.stringify(big)).length).toBe(size);
      const result = await collectNotifications(source(format, bodyOf(format, [...BEFORE, big, ...EVENTS.slice(FIRST_DELTA + 1)]), 500, limit));
      if (passes) {
        expect(result.error, `${size} bytes`).toBeUndefined();
        expect(result.values).toHaveLength(EVENTS.length + 1);
      } else {
        expect(result.values, `${size} bytes`).toEqual(BEFORE);
        expect(isStreamParseError(result.error)).toBe(true);
        expect(result.error).toMatchObject({ name: 'StreamParseError', code: 'event_too_large', reason: 'event_too_large', eventNumber: BEFORE.length + 1 });
        expect((result.error as Error).message).toContain(`${limit} bytes`);
      }
    }
  });

  it('keeps everything before the oversized event, in the partial snapshot too', async () => {
    const big = deltaOfSize(DELTA, 8 * 1024, 'a');
    const { error } = await collectNotifications(source(format, bodyOf(format, [...BEFORE, big, ...EVENTS.slice(FIRST_DELTA + 1)]), 1000, 4 * 1024).pipe(finalResponse()));
    expect(error).toMatchObject({ code: 'event_too_large' });
    const snapshot = (error as StreamParseError).snapshot;
    expect(snapshot?.eventCount).toBe(BEFORE.length);
    expect(snapshot?.outputText).toBe(deltaText(BEFORE));
    expect(snapshot?.outputText).not.toBe('');
  });

  it.each(['a', '€'] as const)('stops an event that never ends within a chunk of the limit (filled with %s), and cancels the input', async (fill) => {
    const limit = 64 * 1024;
    const chunk = encoder.encode(fill.repeat(1024 / encoder.encode(fill).length + 1));
    const head = encoder.encode(format === 'sse' ? `${sseOf(BEFORE)}data: {"type":"response.output_text.delta","delta":"` : `${jsonlOf(BEFORE)}{"type":"response.output_text.delta","delta":"`);
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = pulled === 0 ? head : chunk;
        pulled += next.length;
        controller.enqueue(next);
        // A runaway never stops on its own: this bound only keeps a broken cap from hanging the test.
        if (pulled > 100 * limit) controller.close();
      },
      cancel() {
        cancelled = true;
      },
    });
    const result = await collectNotifications(format === 'sse' ? fromSSE(endless, { maxEventBytes: limit }) : fromJSONL(endless, { maxEventBytes: limit }));
    expect(result.values).toEqual(BEFORE);
    expect(result.error).toMatchObject({ code: 'event_too_large', eventNumber: BEFORE.length + 1 });
    expect(pulled - head.length).toBeGreaterThan(limit - 2 * chunk.length);
    expect(pulled - head.length).toBeLessThanOrEqual(limit + 2 * chunk.length);
    expect(cancelled).toBe(true);
  });

  it('errors even with invalidInput: skip, since the rest of a cut event cannot be told from new ones', async () => {
    const big = deltaOfSize(DELTA, 2048, 'a');
    const bytes = chunkedStream(encoder.encode(bodyOf(format, [...BEFORE, big])), 300);
    const options = { maxEventBytes: 1024, invalidInput: 'skip' } as const;
    const { values, error } = await collectNotifications(format === 'sse' ? fromSSE(bytes, options) : fromJSONL(bytes, options));
    expect(values).toEqual(BEFORE);
    expect(error).toMatchObject({ code: 'event_too_large' });
  });
});

describe('maxEventBytes on every source and on the client', () => {
  const big = deltaOfSize(DELTA, 4096, 'a');
  const events = [...BEFORE, big, ...EVENTS.slice(FIRST_DELTA + 1)];

  it('fromRecording and fromFetchResponse take it too', async () => {
    for (const observable of [
      fromRecording(sseOf(events), { maxEventBytes: 2048 }),
      fromRecording(jsonlOf(events), { maxEventBytes: 2048 }),
      fromFetchResponse(new Response(jsonlOf(events), { headers: { 'content-type': 'application/x-ndjson' } }), { maxEventBytes: 2048 }),
      fromFetchResponse(new Response(sseOf(events), { headers: { 'content-type': 'text/event-stream' } }), { maxEventBytes: 2048 }),
    ]) {
      const { values, error } = await collectNotifications(observable);
      expect(values).toEqual(BEFORE);
      expect(error).toMatchObject({ name: 'StreamParseError', code: 'event_too_large' });
    }
    expect((await collectNotifications(fromRecording(sseOf(events), { maxEventBytes: 4096 }))).values).toEqual(events);
  });

  it('the client ends the stream with event_too_large and aborts the request', async () => {
    const { fetch, calls } = fakeFetch([sseResponse(sseOf(events))]);
    const client = createClient({ apiKey: SECRET, fetch, baseURL: 'https://api.example/v1', maxEventBytes: 2048 });
    const { values, error } = await collectNotifications(client.responses.stream({ model: 'gpt-5-nano', input: 'Hi' }));
    expect(values).toEqual(BEFORE);
    expect(error).toMatchObject({ name: 'StreamParseError', code: 'event_too_large' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.signal.aborted).toBe(true);
    const roomy = fakeFetch([sseResponse(sseOf(events))]);
    const passed = await collectNotifications(createClient({ apiKey: SECRET, fetch: roomy.fetch, baseURL: 'https://api.example/v1' }).responses.stream({ model: 'gpt-5-nano', input: 'Hi' }));
    expect(passed.values).toEqual(events);
  });

  it.each([0, -1, Number.NaN, '64' as unknown as number])('refuses maxEventBytes %s with a ClientOptionsError', async (value) => {
    expect(() => createClient({ apiKey: SECRET, fetch: fakeFetch([]).fetch, maxEventBytes: value })).toThrow(expect.objectContaining({ name: 'ClientOptionsError', option: 'maxEventBytes' }));
    const { error } = await collectNotifications(fromJSONL(jsonlOf(EVENTS), { maxEventBytes: value }));
    expect(isClientOptionsError(error)).toBe(true);
  });
});
