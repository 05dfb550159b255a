import type { ServerResponse } from 'node:http';

/**
 * @internal Counts a test server's responses that are not yet fully written while their
 * connection is open, and waits for none to be left.
 *
 * @example
 * ```ts
 * const open = trackOpenResponses('ReplayServer.waitForIdle');
 * createServer((req, res) => { open.track(res); ... });
 * await open.waitForIdle(2000);
 * ```
 */
export interface OpenResponses {
  /** Counts `res` until its 'close' (fully written, or the connection gone); then runs `onClose`. */
  track(res: ServerResponse, onClose?: () => void): void;
  /** How many tracked responses are still open. */
  count(): number;
  /** Resolves when none is open; rejects, naming the count, after `timeoutMs`. */
  waitForIdle(timeoutMs?: number): Promise<void>;
}

/** @internal See {@link OpenResponses}; `label` starts the timeout's error message. */
export function trackOpenResponses(label: string): OpenResponses {
  const idleWaiters = new Set<() => void>();
  let open = 0;
  return {
    track(res, onClose) {
      open += 1;
      res.once('close', () => {
        onClose?.();
        open -= 1;
        if (open === 0) for (const wake of [...idleWaiters]) wake();
      });
    },
    count: () => open,
    waitForIdle(timeoutMs = 2000) {
      if (open === 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const wake = (): void => {
          clearTimeout(timer);
          idleWaiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(() => {
          idleWaiters.delete(wake);
          reject(new Error(`${label}: ${open} connection${open === 1 ? '' : 's'} still open after ${timeoutMs} ms`));
        }, timeoutMs);
        idleWaiters.add(wake);
      });
    },
  };
}
