import { Subscription, type SchedulerLike } from 'rxjs';

/**
 * @internal Runs `work` once after `ms` on `scheduler`; unsubscribe to cancel. `Infinity`
 * means never (a timer with an infinite delay would fire at once on most platforms).
 *
 * @example
 * ```ts
 * const timer = scheduleAfter(asyncScheduler, 1000, () => controller.abort());
 * timer.unsubscribe();
 * ```
 */
export function scheduleAfter(scheduler: SchedulerLike, ms: number, work: () => void): Subscription {
  if (!Number.isFinite(ms)) return new Subscription();
  return scheduler.schedule(work, Math.max(0, ms));
}

/**
 * @internal Resolves after `ms` on `scheduler`, or rejects with the signal's reason as soon as
 * `signal` aborts.
 *
 * @example
 * ```ts
 * await sleep(asyncScheduler, retryDelayMs, lifetime.signal);
 * ```
 */
export function sleep(scheduler: SchedulerLike, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      timer.unsubscribe();
      reject(signal.reason);
    };
    const timer = scheduleAfter(scheduler, ms, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    // No `once`: a signal fires `abort` only once, and the timer removes the listener if it wins.
    signal.addEventListener('abort', onAbort);
  });
}
