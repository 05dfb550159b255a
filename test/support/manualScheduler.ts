import { type SchedulerAction, type SchedulerLike, Subscription } from 'rxjs';

/**
 * A scheduler whose clock moves only when told; `advanceTo` runs every timer due by then in one
 * synchronous pass, in time order, as a virtual-time scheduler in a user's tests does.
 * `waiting()` counts the timers scheduled and neither run nor unsubscribed.
 */
export function manualScheduler(): SchedulerLike & { advanceTo(time: number): void; advanceBy(ms: number): void; waiting(): number } {
  let clock = 0;
  let order = 0;
  const timers: { due: number; order: number; run: () => void; subscription: Subscription }[] = [];
  const scheduler = {
    now: () => clock,
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
      const subscription = new Subscription();
      timers.push({ due: clock + delay, order: order++, run: () => work.call(subscription as SchedulerAction<T>, state), subscription });
      return subscription;
    },
    advanceTo(time: number) {
      for (;;) {
        const due = timers.filter((t) => !t.subscription.closed && t.due <= time).sort((a, b) => a.due - b.due || a.order - b.order)[0];
        if (due === undefined) break;
        clock = due.due;
        due.subscription.unsubscribe();
        due.run();
      }
      clock = time;
    },
    advanceBy(ms: number) {
      scheduler.advanceTo(clock + ms);
    },
    waiting: () => timers.filter((t) => !t.subscription.closed).length,
  };
  return scheduler;
}
