import type { Subscriber, TeardownLogic } from 'rxjs';
import type { ChunkDecoder } from './ChunkDecoder.js';

const noop = (): void => {};

/**
 * @internal Pumps `input` into `decoder` for one subscription and returns its teardown.
 *
 * Each chunk is decoded synchronously in one go (no promise per event). The teardown cancels
 * the reader, or calls the iterator's `return()`, at once rather than at the next chunk,
 * because a chunk may never come; after it nothing is emitted, and a read that fails because
 * of the cancel is swallowed. `onCancel` runs with it, only when the input was not finished.
 *
 * @example
 * ```ts
 * new Observable<ResponseStreamEvent>((subscriber) =>
 *   readChunks(body, subscriber, createSSEDecoder(createPayloadEmitter(subscriber, options))),
 * );
 * ```
 */
export function readChunks<T>(
  input: ReadableStream<T> | AsyncIterable<T>,
  subscriber: Subscriber<unknown>,
  decoder: ChunkDecoder<T>,
  onCancel?: () => void,
): TeardownLogic {
  let read: () => Promise<IteratorResult<T, unknown>>;
  let cancel: () => void;
  try {
    if (isReadableStream(input)) {
      const reader = input.getReader();
      read = () => reader.read() as Promise<IteratorResult<T, unknown>>;
      cancel = () => {
        reader.cancel().catch(noop);
      };
    } else {
      const iterator = input[Symbol.asyncIterator]();
      read = () => iterator.next();
      cancel = () => {
        // An async generator that is awaiting inside its body queues this return() until that
        // await settles; there is no way to interrupt it sooner (hence `onCancel`).
        iterator.return?.().then(noop, noop);
      };
    }
  } catch (error) {
    // A locked or already consumed body, or an iterable that refuses a second iteration.
    subscriber.error(error);
    return undefined;
  }

  let active = true;
  let finished = false;

  const pump = async (): Promise<void> => {
    for (;;) {
      let result: IteratorResult<T, unknown>;
      try {
        result = await read();
      } catch (error) {
        finished = true;
        if (active) subscriber.error(error);
        return;
      }
      if (!active) return;
      try {
        if (result.done === true) {
          finished = true;
          decoder.end();
          subscriber.complete();
          return;
        }
        decoder.write(result.value);
      } catch (error) {
        subscriber.error(error);
        return;
      }
      // An invalid payload or a downstream unsubscribe during write() already ran the teardown.
      if (!active) return;
    }
  };
  void pump();

  return () => {
    active = false;
    if (finished) return;
    finished = true;
    try {
      cancel();
    } catch {
      // An iterator whose return() throws has nothing left to release.
    }
    onCancel?.();
  };
}

function isReadableStream<T>(input: ReadableStream<T> | AsyncIterable<T>): input is ReadableStream<T> {
  return typeof (input as Partial<ReadableStream<T>>).getReader === 'function';
}
