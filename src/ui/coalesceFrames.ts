import { type MonoTypeOperatorFunction, Observable, type SchedulerLike, type Subscription, animationFrameScheduler, asapScheduler } from 'rxjs';

/**
 * Emits at most one value per animation frame: the latest one (like
 * `auditTime(0, animationFrameScheduler)`), so a UI renders once per frame however many events
 * arrive. Nothing is lost at the end: when the source completes or errors, a value still waiting
 * for its frame is emitted at once, then the completion or error is passed on. Completion is
 * not held back to the next frame, because browsers pause `requestAnimationFrame` in
 * background tabs.
 *
 * The scheduler, chosen when subscribed: `animationFrameScheduler` where `requestAnimationFrame`
 * exists; elsewhere (Node, SSR, workers without it) `asapScheduler`. There is no display frame
 * to align with there, and a microtask still merges every value emitted in one synchronous
 * burst (the events of one network chunk arrive together) without adding latency or a timer
 * that would slow tests and CLIs. For a fixed rate instead, use `auditTime(ms)`. Pass a
 * scheduler to override, e.g. a `TestScheduler` in tests; each flush is scheduled with delay 0.
 *
 * @example
 * ```ts
 * events$.pipe(responseState(), coalesceFrames()).subscribe((state) => render(state));
 * ```
 */
export function coalesceFrames<T>(scheduler?: SchedulerLike): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      const frames = scheduler ?? (typeof requestAnimationFrame === 'function' ? animationFrameScheduler : asapScheduler);
      let latest: T | undefined;
      let hasValue = false;
      let waiting = false;
      let frame: Subscription | undefined;

      const flush = (): void => {
        waiting = false;
        frame = undefined;
        if (!hasValue) return;
        const value = latest as T;
        hasValue = false;
        latest = undefined;
        subscriber.next(value);
      };
      const flushNow = (): void => {
        frame?.unsubscribe();
        flush();
      };

      const upstream = source.subscribe({
        next(value) {
          latest = value;
          hasValue = true;
          if (waiting) return;
          waiting = true;
          const scheduled = frames.schedule(flush);
          // A scheduler that ran the flush synchronously leaves nothing to cancel.
          if (waiting) frame = scheduled;
        },
        error(err: unknown) {
          flushNow();
          subscriber.error(err);
        },
        complete() {
          flushNow();
          subscriber.complete();
        },
      });
      return () => {
        upstream.unsubscribe();
        frame?.unsubscribe();
      };
    });
}
