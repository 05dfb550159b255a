// The pump under every chunked source: chunks go to the decoder in order, the end and read
// errors reach the subscriber, and unsubscribing releases the input at once, exactly once.
import { Observable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import type { ChunkDecoder } from '../../src/sources/ChunkDecoder.js';
import { readChunks } from '../../src/sources/readChunks.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { settle } from '../support/settle.js';


/** A decoder that logs what it is given, and emits each chunk as a value. */
function logging(log: string[]): (subscriber: { next(value: unknown): void }) => ChunkDecoder<string> {
  return (subscriber) => ({
    write(chunk) {
      log.push(`write ${chunk}`);
      subscriber.next(chunk);
    },
    end() {
      log.push('end');
    },
  });
}

function source(input: ReadableStream<string> | AsyncIterable<string>, log: string[], onCancel?: () => void): Observable<unknown> {
  return new Observable<unknown>((subscriber) => readChunks(input, subscriber, logging(log)(subscriber), onCancel));
}

async function* chunks(...values: string[]): AsyncGenerator<string> {
  yield* values;
}

/** An iterable whose reads wait until the test resolves them, with a spy on return(). */
function pendingIterable(returned: () => Promise<IteratorResult<string>>) {
  const pending: Array<(result: IteratorResult<string>) => void> = [];
  const iterable: AsyncIterable<string> = {
    [Symbol.asyncIterator]: () => ({
      next: () => new Promise<IteratorResult<string>>((resolve) => pending.push(resolve)),
      return: returned,
    }),
  };
  return { iterable, pending };
}

describe('readChunks', () => {
  it('writes every chunk in order, then ends the decoder and completes, from a stream or an iterable', async () => {
    const stream = new ReadableStream<string>({
      start(controller) {
        controller.enqueue('a');
        controller.enqueue('b');
        controller.close();
      },
    });
    for (const input of [stream, chunks('a', 'b')]) {
      const log: string[] = [];
      const result = await collectNotifications(source(input, log));
      expect(log).toEqual(['write a', 'write b', 'end']);
      expect(result.values).toEqual(['a', 'b']);
      expect(result.completed).toBe(true);
    }
  });

  it('errors with a locked stream or an iterable that refuses to iterate, and reads nothing', async () => {
    const locked = new ReadableStream<string>();
    locked.getReader();
    const refusal = new Error('only once');
    const refusing: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => {
        throw refusal;
      },
    };
    const lockedResult = await collectNotifications(source(locked, []));
    expect(lockedResult.error).toBeInstanceOf(TypeError);
    const refusingResult = await collectNotifications(source(refusing, []));
    expect(refusingResult.error).toBe(refusal);
  });

  it('passes an error the decoder throws, on a write or at the end', async () => {
    const failure = new Error('bad chunk');
    for (const at of ['write', 'end'] as const) {
      const decoder: ChunkDecoder<string> = {
        write() {
          if (at === 'write') throw failure;
        },
        end() {
          throw failure;
        },
      };
      const onCancel = vi.fn();
      const result = await collectNotifications(new Observable((subscriber) => readChunks(chunks('a'), subscriber, decoder, onCancel)));
      expect(result.error).toBe(failure);
      expect(result.completed).toBe(false);
      // A failed write leaves the input unfinished: the teardown releases it.
      expect(onCancel).toHaveBeenCalledTimes(at === 'write' ? 1 : 0);
    }
  });

  it('stops reading after a write that errored the subscriber', async () => {
    let reads = 0;
    const iterable: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          reads++;
          return { done: false, value: `chunk ${reads}` };
        },
      }),
    };
    const failure = new Error('invalid payload');
    const result = await collectNotifications(
      new Observable((subscriber) =>
        readChunks(iterable, subscriber, {
          write: () => subscriber.error(failure),
          end: () => {},
        }),
      ),
    );
    await settle();
    expect(result.error).toBe(failure);
    expect(reads).toBe(1);
  });

  it('on unsubscribe returns the iterator and runs onCancel at once, once, and drops a later chunk', async () => {
    const returned = vi.fn(async () => ({ done: true as const, value: undefined }));
    const { iterable, pending } = pendingIterable(returned);
    const onCancel = vi.fn();
    const log: string[] = [];
    const next = vi.fn();
    const error = vi.fn();
    const complete = vi.fn();
    const subscription = source(iterable, log, onCancel).subscribe({ next, error, complete });
    expect(pending).toHaveLength(1);
    subscription.unsubscribe();
    expect(returned).toHaveBeenCalledTimes(1);
    expect(onCancel).toHaveBeenCalledTimes(1);
    subscription.unsubscribe();
    pending[0]?.({ done: false, value: 'late' });
    await settle();
    expect(log).toEqual([]);
    expect(pending).toHaveLength(1);
    expect(returned).toHaveBeenCalledTimes(1);
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect([next, error, complete].map((f) => f.mock.calls.length)).toEqual([0, 0, 0]);
  });

  it('swallows a read that fails because of the cancel, and a return() that throws or rejects', async () => {
    for (const returned of [
      () => {
        throw new Error('cannot return');
      },
      () => Promise.reject(new Error('cannot return')),
      undefined,
    ]) {
      const pending: Array<(reason: unknown) => void> = [];
      const iterable: AsyncIterable<string> = {
        [Symbol.asyncIterator]: () => ({
          next: () => new Promise<IteratorResult<string>>((_, reject) => pending.push(reject)),
          ...(returned === undefined ? {} : { return: returned as () => Promise<IteratorResult<string>> }),
        }),
      };
      const onCancel = vi.fn();
      const error = vi.fn();
      const subscription = source(iterable, [], onCancel).subscribe({ error });
      subscription.unsubscribe();
      expect(onCancel).toHaveBeenCalledTimes(1);
      pending[0]?.(new Error('aborted'));
      await settle();
      expect(error).not.toHaveBeenCalled();
    }
  });

  it('cancels a stream reader on unsubscribe, and a cancel that rejects stays quiet', async () => {
    for (const rejects of [false, true]) {
      const cancel = vi.fn(() => (rejects ? Promise.reject(new Error('cannot cancel')) : undefined));
      const stream = new ReadableStream<string>({ pull: () => new Promise<void>(() => {}), cancel });
      const onCancel = vi.fn();
      const subscription = source(stream, [], onCancel).subscribe();
      await settle();
      subscription.unsubscribe();
      expect(cancel).toHaveBeenCalledTimes(1);
      expect(onCancel).toHaveBeenCalledTimes(1);
      await settle();
    }
    // Without onCancel.
    const stream = new ReadableStream<string>({ pull: () => new Promise<void>(() => {}) });
    const subscription = source(stream, []).subscribe();
    await settle();
    expect(() => subscription.unsubscribe()).not.toThrow();
  });

  it('does not cancel or run onCancel once the input has ended or failed', async () => {
    const failure = new Error('socket hang up');
    async function* failing(): AsyncGenerator<string> {
      yield 'a';
      throw failure;
    }
    for (const [input, ends] of [
      [chunks('a'), 'complete'],
      [failing(), 'error'],
    ] as const) {
      const returned = vi.spyOn(input, 'return');
      const onCancel = vi.fn();
      const result = await collectNotifications(source(input, [], onCancel));
      expect(result.completed).toBe(ends === 'complete');
      if (ends === 'error') expect(result.error).toBe(failure);
      expect(onCancel).not.toHaveBeenCalled();
      expect(returned).not.toHaveBeenCalled();
    }
  });

  it('ends the subscriber with the read error, after the chunks before it', async () => {
    const failure = new TypeError('terminated');
    let sent = false;
    const stream = new ReadableStream<string>({
      pull(controller) {
        if (sent) throw failure;
        controller.enqueue('a');
        sent = true;
      },
    });
    const log: string[] = [];
    const result = await collectNotifications(source(stream, log));
    expect(log).toEqual(['write a']);
    expect(result.values).toEqual(['a']);
    expect(result.error).toBe(failure);
  });

  it('does not read on when the subscriber unsubscribes during a write', async () => {
    let reads = 0;
    const iterable: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          reads++;
          return { done: false, value: `chunk ${reads}` };
        },
        return: async () => ({ done: true, value: undefined }),
      }),
    };
    const seen: unknown[] = [];
    await new Promise<void>((resolve) => {
      const subscription = source(iterable, []).subscribe((value) => {
        seen.push(value);
        subscription.unsubscribe();
        resolve();
      });
    });
    await settle();
    expect(seen).toEqual(['chunk 1']);
    expect(reads).toBe(1);
  });
});
