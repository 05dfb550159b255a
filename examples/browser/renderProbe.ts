// Instrumentation read by test/browser/e2e.test.ts through `window.__renders`, `__renderLog`,
// `__frames`, `__startFrame` and `__events`. Cheap enough to leave in an example; an app would not need it.
import type { ResponseViewState } from 'rx-responses';

/** One render of the page, as the test sees it. */
export interface RenderRecord {
  /** `performance.now()` at the render. */
  readonly at: number;
  /** The animation frame counter (`window.__frames`) at the render. */
  readonly frame: number;
  /** `state.text.length`: shows whether text appeared progressively. */
  readonly length: number;
  readonly status: string;
}

/** Events received from the relay (before `responseState()`), to measure the incoming rate. */
export interface EventRecord {
  count: number;
  firstAt: number;
  lastAt: number;
}

/** The globals the probe keeps up to date. */
export interface ProbeGlobals {
  __renders: number;
  __renderLog: RenderRecord[];
  __frames: number;
  /** `__frames` when the current request was sent. */
  __startFrame: number;
  __events: EventRecord;
  /** Longest pause between two animation frames since the last reset, in ms: how long the main thread was busy at most. */
  __maxFrameGap: number;
}

/**
 * Installs the globals and starts a `requestAnimationFrame` counter: `__frames` goes up once
 * per frame the browser paints, so the test can compare renders with frames.
 *
 * @example
 * ```ts
 * const probe = installRenderProbe();
 * probe.rendered(state);
 * ```
 */
export function installRenderProbe(): { rendered(state: ResponseViewState): void; received(): void; reset(): void } {
  const globals = window as unknown as ProbeGlobals;
  globals.__frames = 0;
  let lastFrameAt = 0;
  const countFrame = (now: number): void => {
    globals.__frames++;
    if (lastFrameAt > 0 && now - lastFrameAt > globals.__maxFrameGap) globals.__maxFrameGap = now - lastFrameAt;
    lastFrameAt = now;
    requestAnimationFrame(countFrame);
  };
  requestAnimationFrame(countFrame);
  const reset = (): void => {
    globals.__renders = 0;
    globals.__renderLog = [];
    globals.__startFrame = globals.__frames;
    globals.__maxFrameGap = 0;
    globals.__events = { count: 0, firstAt: 0, lastAt: 0 };
  };
  reset();
  return {
    rendered(state) {
      globals.__renders++;
      globals.__renderLog.push({ at: performance.now(), frame: globals.__frames, length: state.text.length, status: state.status });
    },
    received() {
      const events = globals.__events;
      const now = performance.now();
      if (events.count === 0) events.firstAt = now;
      events.count++;
      events.lastAt = now;
    },
    reset,
  };
}
