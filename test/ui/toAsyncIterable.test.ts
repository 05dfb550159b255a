import { concat, interval, lastValueFrom, map, Observable, of, Subject, take, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fromJSONL, textDeltas, toAsyncIterable } from '../../src/index.js';
import { listRecordings } from '../support/listRecordings.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of iterable) values.push(value);
  return values;
}

describe('toAsyncIterable()', () => {
  it('yields every value of a stream, then ends', async () => {
    const rec = listRecordings().find((r) => r.invalidLines.length === 0 && r.validEvents.some((e) => (e as { type: string }).type === 'response.output_text.delta'))!;
    const expected = await lastValueFrom(fromJSONL(rec.text).pipe(textDeltas(), toArray()));
    expect(expected.length).toBeGreaterThan(0);
    expect(await collect(toAsyncIterable(fromJSONL(rec.text).pipe(textDeltas())))).toEqual(expected);
  });

  it('yields values that arrive while the consumer waits', async () => {
    expect(await collect(toAsyncIterable(interval(1).pipe(take(4))))).toEqual([0, 1, 2, 3]);
  });

  it('unsubscribes as soon as the loop breaks', async () => {
    let tornDown = 0;
    const source = new Observable<number>((subscriber) => {
      let n = 0;
      const timer = setInterval(() => subscriber.next(n++), 1);
      return () => {
        tornDown++;
        clearInterval(timer);
      };
    });
    const seen: number[] = [];
    for await (const value of toAsyncIterable(source)) {
      seen.push(value);
      if (value === 2) break;
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(tornDown).toBe(1);
  });

  it('unsubscribes when return() is called with a read pending, ending that read', async () => {
    const subject = new Subject<number>();
    const iterator = toAsyncIterable(subject)[Symbol.asyncIterator]();
    const pending = iterator.next();
    expect(subject.observed).toBe(true);
    await iterator.return!();
    expect(subject.observed).toBe(false);
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('rethrows an error after the values buffered before it', async () => {
    const source = concat(of(1, 2), throwError(() => new RangeError('boom')));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const value of toAsyncIterable(source)) seen.push(value);
      })(),
    ).rejects.toThrow(RangeError);
    expect(seen).toEqual([1, 2]);
  });

  it('rethrows an error to a consumer that is waiting', async () => {
    const subject = new Subject<number>();
    const iterator = toAsyncIterable(subject)[Symbol.asyncIterator]();
    const pending = iterator.next();
    subject.error(new Error('late'));
    await expect(pending).rejects.toThrow('late');
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('buffers without limit by default, and keeps only the newest values with bufferSize', async () => {
    const burst = () => of(1, 2, 3, 4);
    expect(await collect(toAsyncIterable(burst()))).toEqual([1, 2, 3, 4]);
    expect(await collect(toAsyncIterable(burst(), { bufferSize: 1 }))).toEqual([4]);
    expect(await collect(toAsyncIterable(burst(), { bufferSize: 2 }))).toEqual([3, 4]);
    expect(() => toAsyncIterable(burst(), { bufferSize: 0 })).toThrow(RangeError);
  });

  it('answers concurrent next() calls in order', async () => {
    const subject = new Subject<number>();
    const iterator = toAsyncIterable(subject)[Symbol.asyncIterator]();
    const reads = [iterator.next(), iterator.next(), iterator.next()];
    subject.next(1);
    subject.next(2);
    subject.complete();
    expect(await Promise.all(reads)).toEqual([
      { done: false, value: 1 },
      { done: false, value: 2 },
      { done: true, value: undefined },
    ]);
  });

  it('subscribes anew for each iteration, and not before the first read', async () => {
    let subscriptions = 0;
    const source = new Observable<number>((subscriber) => {
      subscriptions++;
      subscriber.next(subscriptions);
      subscriber.complete();
    });
    const iterable = toAsyncIterable(source.pipe(map((n) => n * 10)));
    const iterator = iterable[Symbol.asyncIterator]();
    expect(subscriptions).toBe(0);
    expect(await iterator.next()).toEqual({ done: false, value: 10 });
    expect(await collect(iterable)).toEqual([20]);
    expect(subscriptions).toBe(2);
  });
});
