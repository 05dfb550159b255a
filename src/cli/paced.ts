import { Observable, type SchedulerAction, type SchedulerLike, asyncScheduler, from } from 'rxjs';

/**
 * Replays `items` one every `intervalMs` milliseconds, the first at once, then completes.
 * Item `i` is due `i * intervalMs` after subscription; when timers fire late (a busy machine)
 * every overdue item goes out at once, so the whole replay still takes about
 * `items.length * intervalMs`. An interval of 0 (or less) emits everything synchronously.
 *
 * @example
 * ```ts
 * paced(events, 5).pipe(textDeltas()).subscribe((chunk) => process.stdout.write(chunk));
 * ```
 */
export function paced<T>(items: readonly T[], intervalMs: number, scheduler: SchedulerLike = asyncScheduler): Observable<T> {
  if (!(intervalMs > 0)) return from(items);
  return new Observable<T>((subscriber) => {
    const start = scheduler.now();
    let next = 0;
    return scheduler.schedule(function (this: SchedulerAction<undefined>) {
      const elapsed = scheduler.now() - start;
      while (next < items.length && next * intervalMs <= elapsed) {
        subscriber.next(items[next] as T);
        next++;
        if (subscriber.closed) return;
      }
      if (next >= items.length) {
        subscriber.complete();
        return;
      }
      this.schedule(undefined, Math.max(0, next * intervalMs - (scheduler.now() - start)));
    });
  });
}
