// toAsyncIterable() at its edges: the buffer size it accepts, a long buffer read while it fills,
// and reads made after the end, an error or return().
import { Observable, Subject, of, range } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { toAsyncIterable } from '../../src/index.js';

describe('toAsyncIterable() edges', () => {
  it.each([0, 0.5, -1, Number.NaN])('refuses a bufferSize of %s, naming it', (bufferSize) => {
    expect(() => toAsyncIterable(of(1), { bufferSize })).toThrow(new RangeError(`bufferSize must be at least 1, got ${String(bufferSize)}`));
  });

  it('accepts a bufferSize of 1, and no options', async () => {
    const values: number[] = [];
    for await (const value of toAsyncIterable(of(1, 2), { bufferSize: 1 })) values.push(value);
    for await (const value of toAsyncIterable(of(3))) values.push(value);
    expect(values).toEqual([2, 3]);
  });

  it('gives every value in order when thousands wait while more arrive', async () => {
    const subject = new Subject<number>();
    const iterator = toAsyncIterable(subject)[Symbol.asyncIterator]();
    const first = iterator.next();
    for (let i = 0; i < 3000; i++) subject.next(i);
    const seen: number[] = [((await first) as IteratorYieldResult<number>).value];
    for (let i = 0; i < 1500; i++) seen.push(((await iterator.next()) as IteratorYieldResult<number>).value);
    for (let i = 3000; i < 5000; i++) subject.next(i);
    subject.complete();
    for (;;) {
      const result = await iterator.next();
      if (result.done === true) break;
      seen.push(result.value);
    }
    expect(seen).toEqual([...Array(5000).keys()]);
  });

  it('keeps the newest values of a long burst with a large bufferSize', async () => {
    const values: number[] = [];
    for await (const value of toAsyncIterable(range(0, 3000), { bufferSize: 2000 })) values.push(value);
    expect(values).toEqual([...Array(2000).keys()].map((i) => i + 1000));
  });

  it('gives the values buffered before completion, then ends, and stays ended', async () => {
    const iterator = toAsyncIterable(of(1, 2))[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    expect(await iterator.next()).toEqual({ done: false, value: 2 });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('ends every read waiting when the error goes to the first one', async () => {
    const subject = new Subject<number>();
    const iterator = toAsyncIterable(subject)[Symbol.asyncIterator]();
    const first = iterator.next();
    const second = iterator.next();
    subject.error(new Error('late'));
    await expect(first).rejects.toThrow('late');
    expect(await second).toEqual({ done: true, value: undefined });
  });

  it('rethrows a buffered error once, then ends', async () => {
    let subscribed = 0;
    const source = new Observable<number>((subscriber) => {
      subscribed++;
      subscriber.error(new RangeError('early'));
    });
    const iterator = toAsyncIterable(source)[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toThrow('early');
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(subscribed).toBe(1);
  });

  it('never subscribes once return() was called first', async () => {
    let subscribed = 0;
    const source = new Observable<number>((subscriber) => {
      subscribed++;
      subscriber.next(1);
    });
    const iterator = toAsyncIterable(source)[Symbol.asyncIterator]();
    expect(await iterator.return!()).toEqual({ done: true, value: undefined });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(subscribed).toBe(0);
  });

  it('drops what was buffered when returned, and ignores what the source sends after', async () => {
    const subject = new Subject<number>();
    const iterator = toAsyncIterable(subject)[Symbol.asyncIterator]();
    const first = iterator.next();
    subject.next(1);
    subject.next(2);
    expect(await first).toEqual({ done: false, value: 1 });
    await iterator.return!();
    expect(subject.observed).toBe(false);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});
