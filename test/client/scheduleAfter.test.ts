import { getEventListeners } from 'node:events';
import { VirtualTimeScheduler, asyncScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { scheduleAfter, sleep } from '../../src/client/scheduleAfter.js';

// The client's connect and idle timeouts and its waits between retries run on these two; a
// virtual clock shows exactly when (and whether) the work runs.

/** Runs the scheduler's actions due up to `until` ms of virtual time. */
function runUntil(scheduler: VirtualTimeScheduler, until: number): void {
  scheduler.maxFrames = until;
  scheduler.flush();
}

describe('scheduleAfter', () => {
  it('runs the work once, after the delay and not before', () => {
    const scheduler = new VirtualTimeScheduler();
    const ranAt: number[] = [];
    scheduleAfter(scheduler, 100, () => ranAt.push(scheduler.now()));
    runUntil(scheduler, 99);
    expect(ranAt).toEqual([]);
    runUntil(scheduler, 10_000);
    expect(ranAt).toEqual([100]);
  });

  it('never runs the work once unsubscribed', () => {
    const scheduler = new VirtualTimeScheduler();
    let ran = false;
    const timer = scheduleAfter(scheduler, 100, () => (ran = true));
    timer.unsubscribe();
    runUntil(scheduler, 10_000);
    expect(ran).toBe(false);
  });

  it('treats an infinite delay as never, instead of a timer that fires at once', () => {
    const scheduler = new VirtualTimeScheduler();
    let ran = false;
    const timer = scheduleAfter(scheduler, Infinity, () => (ran = true));
    runUntil(scheduler, Number.MAX_SAFE_INTEGER);
    expect(ran).toBe(false);
    expect(scheduler.actions).toHaveLength(0);
    expect(() => timer.unsubscribe()).not.toThrow();
  });

  it('never runs the work of an infinite delay on the real clock either (a timer would clamp it and fire at once)', async () => {
    let ran = false;
    const timer = scheduleAfter(asyncScheduler, Infinity, () => (ran = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ran).toBe(false);
    timer.unsubscribe();
  });

  it('runs a negative delay at once, never before the current time', () => {
    const scheduler = new VirtualTimeScheduler();
    const ranAt: number[] = [];
    scheduleAfter(scheduler, -50, () => ranAt.push(scheduler.now()));
    runUntil(scheduler, 0);
    expect(ranAt).toEqual([0]);
  });
});

describe('sleep', () => {
  it('resolves after the delay on the scheduler', async () => {
    const scheduler = new VirtualTimeScheduler();
    let resolvedAt: number | undefined;
    const done = sleep(scheduler, 250, new AbortController().signal).then(() => (resolvedAt = scheduler.now()));
    runUntil(scheduler, 249);
    await Promise.resolve();
    expect(resolvedAt).toBeUndefined();
    runUntil(scheduler, 1000);
    await done;
    expect(resolvedAt).toBe(250);
  });

  it('rejects with the reason at once when the signal is already aborted, and schedules nothing', async () => {
    const scheduler = new VirtualTimeScheduler();
    const controller = new AbortController();
    const reason = new Error('stopped by the caller');
    controller.abort(reason);
    await expect(sleep(scheduler, 250, controller.signal)).rejects.toBe(reason);
    expect(scheduler.actions).toHaveLength(0);
  });

  it('rejects with the reason as soon as the signal aborts, and cancels its timer', async () => {
    const scheduler = new VirtualTimeScheduler();
    const controller = new AbortController();
    const reason = new Error('stopped by the caller');
    const slept = sleep(scheduler, 250, controller.signal);
    runUntil(scheduler, 100);
    controller.abort(reason);
    await expect(slept).rejects.toBe(reason);
    expect(scheduler.actions).toHaveLength(0);
  });

  it('stops listening to the signal once it resolved, so waits on one signal do not pile up listeners', async () => {
    // Node warns about a possible leak past 10 listeners on one AbortSignal.
    const scheduler = new VirtualTimeScheduler();
    const signal = new AbortController().signal;
    for (let i = 0; i < 20; i++) {
      const slept = sleep(scheduler, 10, signal);
      expect(getEventListeners(signal, 'abort')).toHaveLength(1);
      runUntil(scheduler, Number.MAX_SAFE_INTEGER);
      await slept;
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
