import { tap } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { isStreamParseError } from '../../src/errors/StreamParseError.js';
import { fromJSONL } from '../../src/sources/fromJSONL.js';
import { fromSSE } from '../../src/sources/fromSSE.js';
import { chunkedStream } from '../support/chunkedStream.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { jsonlToSSE } from '../support/jsonlToSSE.js';
import { listRecordings } from '../support/listRecordings.js';
import { settle } from '../support/settle.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const frame = (data: string): string => `data: ${data}\n\n`;

async function* textChunks(...chunks: string[]): AsyncGenerator<string> {
  yield* chunks;
}

async function* anyChunks(chunks: readonly (Uint8Array | string)[]): AsyncGenerator<Uint8Array | string> {
  yield* chunks;
}

describe('fromSSE on every recording', () => {
  for (const recording of listRecordings()) {
    describe(recording.name, () => {
      // JSON Lines gives skipped inputs a line; SSE has none, otherwise both must agree exactly.
      // Read on first use, inside a test: nothing of src/ may run while tests are collected
      // (Stryker would take the code it reaches for static).
      let expectedEvents: Promise<unknown[]> | undefined;
      const expected = (): Promise<unknown[]> =>
        (expectedEvents ??= (async () => {
          const { values } = await collectNotifications(fromJSONL(recording.text, { invalidInput: 'skip' }));
          return values.map((event) => {
            if (event.type !== 'rx.skipped_input') return event;
            const { line: _line, ...rest } = event as { line?: number };
            return rest;
          });
        })());

      for (const eol of ['\n', '\r\n'] as const) {
        const bytes = encode(jsonlToSSE(recording.text, eol));
        for (const size of [1, 7, Infinity]) {
          it(`gives the JSON Lines events (${eol === '\n' ? 'LF' : 'CRLF'}, chunks of ${size} bytes)`, async () => {
            const result = await collectNotifications(fromSSE(chunkedStream(bytes, size), { invalidInput: 'skip' }));
            expect(result.errored).toBe(false);
            expect(result.completed).toBe(true);
            expect(result.values).toEqual(await expected());
          });
        }
      }

      if (recording.invalidLines.length === 0) {
        it('gives exactly the valid events by default', async () => {
          const result = await collectNotifications(fromSSE(chunkedStream(encode(jsonlToSSE(recording.text)), 4096)));
          expect(result.completed).toBe(true);
          expect(result.values).toEqual(recording.validEvents);
        });
      }
    });
  }
});

describe('fromSSE', () => {
  const parallel = listRecordings().find((r) => r.name === 'openai-parallel-tool-call-wrapper-1.jsonl');

  it('errors at the first invalid payload, after the events before it', async () => {
    const input = frame('{"type":"a"}') + frame('{"type":') + frame('{"type":"c"}');
    const result = await collectNotifications(fromSSE(chunkedStream(encode(input), 7)));
    expect(result.values).toEqual([{ type: 'a' }]);
    expect(isStreamParseError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ reason: 'invalid_json', eventNumber: 2, line: undefined, raw: '{"type":' });
  });

  it('errors on the recording with invalid first frame before any event', async () => {
    expect(parallel).toBeDefined();
    const result = await collectNotifications(fromSSE(chunkedStream(encode(jsonlToSSE(parallel!.text)), 64)));
    expect(result.values).toEqual([]);
    expect(result.error).toMatchObject({ name: 'StreamParseError', reason: 'invalid_json', eventNumber: 1, line: undefined });
  });

  it('reports JSON without a string type as missing_type', async () => {
    const result = await collectNotifications(fromSSE(textChunks(frame('{"type":"a"}'), frame('{"kind":"b"}'))));
    expect(result.values).toEqual([{ type: 'a' }]);
    expect(result.error).toMatchObject({ reason: 'missing_type', eventNumber: 2 });
  });

  it('emits skipped inputs in place of invalid payloads with invalidInput: skip', async () => {
    const input = frame('nope') + frame('{"type":"a"}') + frame('7');
    const result = await collectNotifications(fromSSE(textChunks(input), { invalidInput: 'skip' }));
    expect(result.completed).toBe(true);
    expect(result.values).toEqual([
      { type: 'rx.skipped_input', reason: 'invalid_json', raw: 'nope', eventNumber: 1 },
      { type: 'a' },
      { type: 'rx.skipped_input', reason: 'missing_type', raw: '7', eventNumber: 3 },
    ]);
  });

  it('ignores [DONE], comments, id and retry fields, and dispatches on the JSON type', async () => {
    const input = ': keep-alive\nretry: 1000\nid: 7\nevent: misleading\ndata: {"type":"a"}\n\ndata: [DONE]\n\n';
    const result = await collectNotifications(fromSSE(chunkedStream(encode(input), 3)));
    expect(result.completed).toBe(true);
    expect(result.values).toEqual([{ type: 'a' }]);
  });

  it('keeps a last frame that has no closing blank line', async () => {
    for (const tail of ['data: {"type":"b"}', 'data: {"type":"b"}\n', 'data: {"type":"b"}\r\n', 'data: {"type":"b"}\r']) {
      const result = await collectNotifications(fromSSE(chunkedStream(encode(frame('{"type":"a"}') + tail), 5)));
      expect(result.values).toEqual([{ type: 'a' }, { type: 'b' }]);
    }
  });

  it('drops any byte order marks before the first line, from bytes or text, even split across chunks', async () => {
    const body = '\uFEFF\uFEFFdata: {"type":"a"}\n\ndata: {"type":"b"}\n\n';
    const bytes = new TextEncoder().encode(body);
    const inputs: (Uint8Array | string)[][] = [[bytes], [bytes.slice(0, 2), bytes.slice(2, 4), bytes.slice(4)], [body], ['\uFEFF', body.slice(1)]];
    for (const chunks of inputs) {
      const result = await collectNotifications(fromSSE(anyChunks(chunks)));
      expect(result.errored).toBe(false);
      expect(result.values.map((e) => e.type)).toEqual(['a', 'b']);
    }
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const text = 'héllo 世界 🎉';
    const bytes = encode(frame(JSON.stringify({ type: 'response.output_text.delta', delta: text })));
    for (const size of [1, 2, 3]) {
      const result = await collectNotifications(fromSSE(chunkedStream(bytes, size)));
      expect(result.values).toEqual([{ type: 'response.output_text.delta', delta: text }]);
    }
  });

  it('emits every event of a chunk synchronously, before reading on', async () => {
    let reads = 0;
    const chunks = [frame('{"type":"a"}') + frame('{"type":"b"}') + frame('{"type":"c"}')];
    const iterable: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          reads++;
          const value = chunks.shift();
          return value === undefined ? { done: true, value: undefined } : { done: false, value };
        },
      }),
    };
    let microtaskRan = false;
    const seen: Array<{ type: string; reads: number; microtaskRan: boolean }> = [];
    await collectNotifications(
      fromSSE(iterable).pipe(
        tap((event) => {
          if (seen.length === 0) queueMicrotask(() => (microtaskRan = true));
          seen.push({ type: event.type, reads, microtaskRan });
        }),
      ),
    );
    // A promise per event would let the microtask run between the events.
    expect(seen).toEqual([
      { type: 'a', reads: 1, microtaskRan: false },
      { type: 'b', reads: 1, microtaskRan: false },
      { type: 'c', reads: 1, microtaskRan: false },
    ]);
  });

  it('passes a read error through unchanged, after the events before it', async () => {
    const failure = new Error('socket hang up');
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) throw failure;
        controller.enqueue(encode(frame('{"type":"a"}')));
        sent = true;
      },
    });
    const result = await collectNotifications(fromSSE(stream));
    expect(result.values).toEqual([{ type: 'a' }]);
    expect(result.error).toBe(failure);
  });

  it('cancels a pending read as soon as it is unsubscribed, and emits nothing after', async () => {
    const cancel = vi.fn();
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls === 1) {
          controller.enqueue(encode(frame('{"type":"a"}')));
          return undefined;
        }
        return new Promise<void>(() => {});
      },
      cancel,
    });
    const next = vi.fn();
    const error = vi.fn();
    const complete = vi.fn();
    const subscription = fromSSE(stream).subscribe({ next, error, complete });
    await vi.waitFor(() => expect(next).toHaveBeenCalledTimes(1));
    subscription.unsubscribe();
    expect(cancel).toHaveBeenCalledTimes(1);
    await settle();
    expect(next).toHaveBeenCalledTimes(1);
    expect(error).not.toHaveBeenCalled();
    expect(complete).not.toHaveBeenCalled();
  });

  it('calls the iterator’s return() at once and ignores a chunk that arrives later', async () => {
    let resolvePending: ((result: IteratorResult<string>) => void) | undefined;
    const returned = vi.fn(async () => ({ done: true as const, value: undefined }));
    const iterable: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<string>>((resolve) => (resolvePending = resolve)),
        return: returned,
      }),
    };
    const next = vi.fn();
    const error = vi.fn();
    const subscription = fromSSE(iterable).subscribe({ next, error });
    expect(resolvePending).toBeDefined();
    subscription.unsubscribe();
    expect(returned).toHaveBeenCalledTimes(1);
    resolvePending?.({ done: false, value: frame('{"type":"late"}') });
    await settle();
    expect(next).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('stops an async generator at its next step after unsubscribe (it cannot be interrupted mid-await)', async () => {
    let release: (() => void) | undefined;
    let finallyRan = false;
    let resumedAfterAwait = false;
    async function* body(): AsyncGenerator<Uint8Array> {
      try {
        yield encode(frame('{"type":"a"}'));
        await new Promise<void>((resolve) => (release = resolve));
        resumedAfterAwait = true;
        yield encode(frame('{"type":"b"}'));
      } finally {
        finallyRan = true;
      }
    }
    const next = vi.fn();
    const subscription = fromSSE(body()).subscribe({ next });
    await vi.waitFor(() => expect(release).toBeDefined());
    subscription.unsubscribe();
    release?.();
    await settle();
    expect(resumedAfterAwait).toBe(true);
    expect(finallyRan).toBe(true);
    expect(next.mock.calls.map(([event]) => (event as { type: string }).type)).toEqual(['a']);
  });

  it('stops emitting mid-chunk when the subscriber unsubscribes during next', async () => {
    const input = frame('{"type":"a"}') + frame('{"type":"b"}') + frame('{"type":"c"}');
    const cancel = vi.fn();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encode(input));
      },
      cancel,
    });
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      const subscription = fromSSE(stream).subscribe((event) => {
        seen.push(event.type);
        subscription.unsubscribe();
        resolve();
      });
    });
    await settle();
    expect(seen).toEqual(['a']);
    expect(cancel).toHaveBeenCalledTimes(1);
  });
});
