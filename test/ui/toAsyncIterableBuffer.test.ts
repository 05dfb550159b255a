// toAsyncIterable() with a bufferSize: a value read frees its place in the buffer.
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { toAsyncIterable } from '../../src/index.js';

describe('toAsyncIterable() bufferSize', () => {
  it('counts only the values not read yet', async () => {
    const subject = new Subject<number>();
    const iterator = toAsyncIterable(subject, { bufferSize: 3 })[Symbol.asyncIterator]();
    const first = iterator.next();
    subject.next(0);
    expect(await first).toEqual({ done: false, value: 0 });
    subject.next(1);
    subject.next(2);
    subject.next(3);
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    subject.next(4);
    subject.complete();
    const rest: number[] = [];
    for (;;) {
      const result = await iterator.next();
      if (result.done === true) break;
      rest.push(result.value);
    }
    expect(rest).toEqual([2, 3, 4]);
  });
});
