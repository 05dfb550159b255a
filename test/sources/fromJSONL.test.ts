import { take, tap } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { isStreamParseError } from '../../src/errors/StreamParseError.js';
import { fromJSONL } from '../../src/sources/fromJSONL.js';
import { chunkedStream } from '../support/chunkedStream.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { listRecordings } from '../support/listRecordings.js';
import { settle } from '../support/settle.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('fromJSONL on every recording', () => {
  for (const recording of listRecordings()) {
    describe(recording.name, () => {
      it('gives exactly the valid lines, with a skipped input for each invalid one', async () => {
        const result = await collectNotifications(fromJSONL(recording.text, { invalidInput: 'skip' }));
        expect(result.completed).toBe(true);
        expect(result.values.filter((e) => e.type !== 'rx.skipped_input')).toEqual(recording.validEvents);
        const skipped = result.values.filter((e) => e.type === 'rx.skipped_input') as Array<{ line?: number }>;
        expect(skipped.map((e) => e.line)).toEqual(recording.invalidLines);
      });

      it('by default gives the valid lines and errors at the first invalid one', async () => {
        const result = await collectNotifications(fromJSONL(recording.text));
        const firstInvalid = recording.invalidLines[0];
        if (firstInvalid === undefined) {
          expect(result.completed).toBe(true);
          expect(result.values).toEqual(recording.validEvents);
        } else {
          expect(isStreamParseError(result.error)).toBe(true);
          expect(result.error).toMatchObject({ line: firstInvalid });
          expect(result.values).toEqual(recording.validEvents.filter((_, i) => (recording.validLines[i] ?? Infinity) < firstInvalid));
        }
      });

      it('gives the same events from CRLF bytes in 7-byte chunks', async () => {
        const bytes = encode(recording.text.replace(/\n/g, '\r\n'));
        const fromBytes = await collectNotifications(fromJSONL(chunkedStream(bytes, 7), { invalidInput: 'skip' }));
        const fromText = await collectNotifications(fromJSONL(recording.text, { invalidInput: 'skip' }));
        expect(fromBytes.values).toEqual(fromText.values);
      });
    });
  }
});

describe('fromJSONL', () => {
  const parallel = listRecordings().find((r) => r.name === 'openai-parallel-tool-call-wrapper-1.jsonl');

  it('errors on line 1 of the parallel tool call recording, before any event', async () => {
    expect(parallel).toBeDefined();
    const result = await collectNotifications(fromJSONL(parallel!.text));
    expect(result.values).toEqual([]);
    expect(isStreamParseError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ reason: 'invalid_json', line: 1, eventNumber: 1 });
  });

  it('skips lines 1 and 6 of the parallel tool call recording and keeps its 4 valid events', async () => {
    const result = await collectNotifications(fromJSONL(parallel!.text, { invalidInput: 'skip' }));
    expect(result.completed).toBe(true);
    expect(result.values.map((e) => e.type)).toEqual([
      'rx.skipped_input',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'rx.skipped_input',
    ]);
    expect(result.values[0]).toMatchObject({ reason: 'invalid_json', line: 1, eventNumber: 1 });
    expect(result.values[5]).toMatchObject({ reason: 'invalid_json', line: 6, eventNumber: 6 });
  });

  it('emits a string input synchronously on subscribe', () => {
    const seen: string[] = [];
    let completed = false;
    fromJSONL('{"type":"a"}\n{"type":"b"}\n').subscribe({ next: (e) => seen.push(e.type), complete: () => (completed = true) });
    expect(seen).toEqual(['a', 'b']);
    expect(completed).toBe(true);
  });

  it('ignores blank lines, a BOM, CRLF and [DONE] lines, and counts physical lines', async () => {
    const text = '\uFEFF{"type":"a"}\r\n\r\n   \n[DONE]\ndata: [DONE]\r\n{"type":"b"}\n{"kind":"c"}\n{"type":"d"}';
    const result = await collectNotifications(fromJSONL(text, { invalidInput: 'skip' }));
    expect(result.values).toEqual([
      { type: 'a' },
      { type: 'b' },
      { type: 'rx.skipped_input', reason: 'missing_type', raw: '{"kind":"c"}', eventNumber: 3, line: 7 },
      { type: 'd' },
    ]);
  });

  it('reports JSON without a string type as missing_type', async () => {
    for (const line of ['{"type":1}', '[]', '"response.created"', 'null']) {
      const result = await collectNotifications(fromJSONL(`{"type":"a"}\n${line}\n`));
      expect(result.values).toEqual([{ type: 'a' }]);
      expect(result.error).toMatchObject({ reason: 'missing_type', line: 2, eventNumber: 2 });
    }
  });

  it('keeps a last line without a line break, and a BOM in bytes', async () => {
    const bytes = encode('\uFEFF{"type":"a"}\n{"type":"b"}');
    for (const size of [1, 7, Infinity]) {
      const result = await collectNotifications(fromJSONL(chunkedStream(bytes, size)));
      expect(result.values).toEqual([{ type: 'a' }, { type: 'b' }]);
    }
  });

  it('drops two BOMs at the start too, with the first line still counted as line 1', async () => {
    const bytes = encode('\uFEFF\uFEFF{"type":"a"}\n{"kind":"b"}\n');
    for (const size of [1, 2, Infinity]) {
      const result = await collectNotifications(fromJSONL(chunkedStream(bytes, size)));
      expect(result.values).toEqual([{ type: 'a' }]);
      expect(result.error).toMatchObject({ reason: 'missing_type', line: 2 });
    }
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const text = 'ñ 日本 😀';
    const bytes = encode(`${JSON.stringify({ type: 'response.output_text.delta', delta: text })}\r\n`);
    for (const size of [1, 2, 3]) {
      const result = await collectNotifications(fromJSONL(chunkedStream(bytes, size)));
      expect(result.values).toEqual([{ type: 'response.output_text.delta', delta: text }]);
    }
  });

  it('accepts string chunks from an async iterable', async () => {
    async function* chunks(): AsyncGenerator<string> {
      yield '{"type":';
      yield '"a"}\n{"ty';
      yield 'pe":"b"}\n';
    }
    const result = await collectNotifications(fromJSONL(chunks()));
    expect(result.values).toEqual([{ type: 'a' }, { type: 'b' }]);
  });

  it('strips json-seq record separators', async () => {
    const result = await collectNotifications(fromJSONL('\u001e{"type":"a"}\n\u001e{"type":"b"}\n'));
    expect(result.values).toEqual([{ type: 'a' }, { type: 'b' }]);
  });

  it('passes a read error through unchanged', async () => {
    const failure = new TypeError('terminated');
    async function* chunks(): AsyncGenerator<string> {
      yield '{"type":"a"}\n';
      throw failure;
    }
    const result = await collectNotifications(fromJSONL(chunks()));
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
          controller.enqueue(encode('{"type":"a"}\n{"type":'));
          return undefined;
        }
        return new Promise<void>(() => {});
      },
      cancel,
    });
    const next = vi.fn();
    const error = vi.fn();
    const complete = vi.fn();
    const subscription = fromJSONL(stream).subscribe({ next, error, complete });
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
    const subscription = fromJSONL(iterable).subscribe({ next });
    subscription.unsubscribe();
    expect(returned).toHaveBeenCalledTimes(1);
    resolvePending?.({ done: false, value: '{"type":"late"}\n' });
    await settle();
    expect(next).not.toHaveBeenCalled();
  });

  it('cancels the input after an invalid line', async () => {
    const cancel = vi.fn();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encode('{"type":"a"}\nnot json\n'));
      },
      cancel,
    });
    const result = await collectNotifications(fromJSONL(stream));
    expect(result.values).toEqual([{ type: 'a' }]);
    expect(result.error).toMatchObject({ reason: 'invalid_json', line: 2 });
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('stops a synchronous string input when unsubscribed mid-way', () => {
    const emitted: string[] = [];
    fromJSONL('{"type":"a"}\n{"type":"b"}\nnot json\n')
      .pipe(
        tap((e) => emitted.push(e.type)),
        take(1),
      )
      .subscribe();
    expect(emitted).toEqual(['a']);
  });
});
