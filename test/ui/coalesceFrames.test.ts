import { type SchedulerLike, Subject, Subscription, animationFrameScheduler } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { coalesceFrames } from '../../src/index.js';

const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('coalesceFrames() with animation frames', () => {
  it('emits the latest value once per frame', () => {
    testScheduler().run(({ cold, expectObservable, animate }) => {
      animate('         ---x---x---x---x');
      const source = cold('-ab--cd---e-----|');
      const expected = '   ---b---d---e----|';
      expectObservable(source.pipe(coalesceFrames(animationFrameScheduler))).toBe(expected);
    });
  });

  it('emits nothing in a frame without a new value', () => {
    testScheduler().run(({ cold, expectObservable, animate }) => {
      animate('         -x-x-x-x-x-x-x');
      const source = cold('a-----b------|');
      const expected = '   -a-----b-----|';
      expectObservable(source.pipe(coalesceFrames(animationFrameScheduler))).toBe(expected);
    });
  });

  it('flushes the value waiting for its frame before completing, without waiting for the frame', () => {
    testScheduler().run(({ cold, expectObservable, animate }) => {
      animate('         ---x------x');
      const source = cold('-ab-c-d|');
      const expected = '   ---b---(d|)';
      expectObservable(source.pipe(coalesceFrames(animationFrameScheduler))).toBe(expected);
    });
  });

  it('flushes the waiting value before passing an error on', () => {
    testScheduler().run(({ cold, expectObservable, animate }) => {
      animate('         ---x---x');
      const source = cold('-ab-c#', undefined, new Error('boom'));
      const expected = '   ---b-(c#)';
      expectObservable(source.pipe(coalesceFrames(animationFrameScheduler))).toBe(expected, undefined, new Error('boom'));
    });
  });

  it('stops reading the source on unsubscribe', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions, animate }) => {
      animate('         ---x---x---x');
      const source = cold('-a---b---c--|');
      const unsub = '    ^-----!';
      expectObservable(source.pipe(coalesceFrames(animationFrameScheduler)), unsub).toBe('---a---');
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });
});

describe('coalesceFrames() cancelling the pending frame', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('cancels the frame it is waiting for on unsubscribe (cancelAnimationFrame is called with its id)', () => {
    const requested: number[] = [];
    const cancelled: number[] = [];
    vi.stubGlobal('requestAnimationFrame', () => {
      const id = 100 + requested.length;
      requested.push(id);
      return id;
    });
    vi.stubGlobal('cancelAnimationFrame', (id: number) => cancelled.push(id));
    const source = new Subject<number>();
    const subscription = source.pipe(coalesceFrames(animationFrameScheduler)).subscribe();
    source.next(1);
    expect(requested).toEqual([100]);
    expect(cancelled).toEqual([]);
    subscription.unsubscribe();
    expect(cancelled).toEqual([100]);
  });

  it('releases the scheduled flush on unsubscribe, and not while it is still wanted', () => {
    // A scheduler spy: it never runs the work, so only the operator's own teardown can close it.
    const scheduled: Subscription[] = [];
    const spy: SchedulerLike = {
      now: () => 0,
      schedule: () => {
        const handle = new Subscription();
        scheduled.push(handle);
        return handle;
      },
    };
    const source = new Subject<number>();
    const subscription = source.pipe(coalesceFrames(spy)).subscribe();
    source.next(1);
    source.next(2);
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]!.closed).toBe(false);
    subscription.unsubscribe();
    expect(scheduled[0]!.closed).toBe(true);
  });
});

describe('coalesceFrames() with an injected scheduler', () => {
  it('emits nothing for a source that completes or errors without a value', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('--|').pipe(coalesceFrames(animationFrameScheduler))).toBe('--|');
      expectObservable(cold('--#').pipe(coalesceFrames(animationFrameScheduler))).toBe('--#');
    });
  });

  it('merges the values of one synchronous burst and keeps separate ones apart', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('-(abc)-d-(ef)-|');
      const expected = '   -c-----d-f----|';
      expectObservable(source.pipe(coalesceFrames(scheduler))).toBe(expected);
    });
  });
});

describe('coalesceFrames() default scheduler', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('uses a microtask where there is no requestAnimationFrame (Node)', async () => {
    expect(typeof (globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame).toBe('undefined');
    const source = new Subject<number>();
    const values: number[] = [];
    source.pipe(coalesceFrames()).subscribe((v) => values.push(v));
    source.next(1);
    source.next(2);
    source.next(3);
    expect(values).toEqual([]);
    await Promise.resolve();
    expect(values).toEqual([3]);
    source.next(4);
    source.complete();
    expect(values).toEqual([3, 4]);
  });

  it('uses requestAnimationFrame where it exists', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    const source = new Subject<number>();
    const values: number[] = [];
    source.pipe(coalesceFrames()).subscribe((v) => values.push(v));
    source.next(1);
    source.next(2);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(values).toEqual([]);
    expect(frames.length).toBe(1);
    frames.shift()!(0);
    expect(values).toEqual([2]);
  });
});
