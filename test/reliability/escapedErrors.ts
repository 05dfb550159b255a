import { config } from 'rxjs';
import { afterEach, beforeEach, expect } from 'vitest';

/**
 * Errors that got out of an observable pipeline instead of arriving as its error notification:
 * what an operator's `next` handler threw (RxJS reports those on a timer, where in an app they
 * become an uncaught exception) and unhandled promise rejections (a source's read loop).
 */
export interface EscapedErrors {
  readonly errors: unknown[];
  /** Waits for RxJS's report timer, so errors thrown so far are in `errors`. */
  flush(): Promise<void>;
  stop(): void;
}

/** Starts collecting escaped errors (see {@link EscapedErrors}); call `stop()` when done. */
export function watchEscapedErrors(): EscapedErrors {
  const errors: unknown[] = [];
  const previous = config.onUnhandledError;
  const onRejection = (reason: unknown): void => {
    errors.push(reason);
  };
  config.onUnhandledError = (error: unknown) => errors.push(error);
  process.on('unhandledRejection', onRejection);
  return {
    errors,
    flush: () => new Promise((resolve) => setTimeout(resolve, 0)),
    stop() {
      config.onUnhandledError = previous;
      process.off('unhandledRejection', onRejection);
    },
  };
}

/** Resolves with `promise`, or rejects when it takes longer than `ms` (a hang); leaves no timer behind. */
export function settleWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Fails each test of the calling file that lets an error escape the observables (thrown
 * inside an operator or rejected without a handler); `after` adds checks of the file's own.
 */
export function failOnEscapedErrors(after?: () => void): void {
  let escaped: EscapedErrors;
  beforeEach(() => {
    escaped = watchEscapedErrors();
  });
  afterEach(async () => {
    await escaped.flush();
    escaped.stop();
    expect(escaped.errors.map(String), 'errors thrown outside the observables').toEqual([]);
    after?.();
  });
}
