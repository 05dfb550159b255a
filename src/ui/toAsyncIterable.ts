import type { Observable, Subscription } from 'rxjs';

/**
 * Options of {@link toAsyncIterable}.
 *
 * @example
 * ```ts
 * const latestOnly: ToAsyncIterableOptions = { bufferSize: 1 };
 * ```
 */
export interface ToAsyncIterableOptions {
  /**
   * Most values held while the consumer is busy. Default: unbounded, so nothing is lost (right
   * for events; the buffer only grows while the loop body is slower than the stream). With a
   * limit the oldest values are dropped: `1` keeps only the latest, right for state streams
   * such as `responseState()`.
   */
  readonly bufferSize?: number;
}

/**
 * An observable as an async iterable, for `for await` (server code, CLIs, generators). Each
 * iteration subscribes anew, on its first `next()`. Values that arrive while the loop body runs
 * wait in a buffer (see {@link ToAsyncIterableOptions}). Leaving the loop early (`break`,
 * `return`, a `throw` in the body) unsubscribes at once, which aborts the request behind it. An
 * error is rethrown by the loop after the values buffered before it.
 *
 * @example
 * ```ts
 * for await (const chunk of toAsyncIterable(events$.pipe(textDeltas()))) {
 *   process.stdout.write(chunk);
 * }
 * ```
 */
export function toAsyncIterable<T>(source: Observable<T>, options: ToAsyncIterableOptions = {}): AsyncIterable<T> {
  const limit = options.bufferSize ?? Number.POSITIVE_INFINITY;
  if (!(limit >= 1)) throw new RangeError(`bufferSize must be at least 1, got ${String(options.bufferSize)}`);
  return {
    [Symbol.asyncIterator]: () => iterate(source, limit),
  };
}

interface Waiter<T> {
  resolve(result: IteratorResult<T>): void;
  reject(error: unknown): void;
}

/** `open`: subscribed; `completed`/`errored`: the source ended, buffered values remain; `closed`: nothing more. */
type IteratorState = 'idle' | 'open' | 'completed' | 'errored' | 'closed';

function iterate<T>(source: Observable<T>, limit: number): AsyncIterator<T> {
  let state: IteratorState = 'idle';
  let buffer: T[] = [];
  let head = 0;
  const waiters: Waiter<T>[] = [];
  let subscription: Subscription | undefined;
  let failure: unknown;

  const size = (): number => buffer.length - head;
  const take = (): T => {
    const value = buffer[head] as T;
    buffer[head] = undefined as T; // let it be collected
    head++;
    if (head === buffer.length) {
      buffer = [];
      head = 0;
    } else if (head > 1024 && head * 2 > buffer.length) {
      buffer = buffer.slice(head);
      head = 0;
    }
    return value;
  };
  const close = (): void => {
    state = 'closed';
    buffer = [];
    head = 0;
    failure = undefined;
    for (const waiter of waiters.splice(0)) waiter.resolve({ done: true, value: undefined });
  };

  const start = (): void => {
    state = 'open';
    subscription = source.subscribe({
      next(value) {
        if (state !== 'open') return;
        const waiter = waiters.shift();
        if (waiter !== undefined) {
          waiter.resolve({ done: false, value });
          return;
        }
        buffer.push(value);
        if (size() > limit) take();
      },
      error(err: unknown) {
        if (state !== 'open') return;
        // Waiters exist only while the buffer is empty, so the first one gets the error.
        const waiter = waiters.shift();
        if (waiter === undefined) {
          state = 'errored';
          failure = err;
          return;
        }
        close();
        waiter.reject(err);
      },
      complete() {
        if (state !== 'open') return;
        if (size() === 0) close();
        else state = 'completed';
      },
    });
  };

  return {
    next(): Promise<IteratorResult<T>> {
      if (state === 'idle') start();
      if (size() > 0) return Promise.resolve({ done: false, value: take() });
      if (state === 'errored') {
        const err = failure;
        close();
        return Promise.reject(err);
      }
      if (state !== 'open') {
        close();
        return Promise.resolve({ done: true, value: undefined });
      }
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    return(): Promise<IteratorResult<T>> {
      subscription?.unsubscribe();
      close();
      return Promise.resolve({ done: true, value: undefined });
    },
  };
}
