import { Observable } from 'rxjs';
import { APIConnectionError } from '../errors/APIConnectionError.js';
import { APITimeoutError } from '../errors/APITimeoutError.js';
import type { ClientContext } from './ClientContext.js';
import { readBodyText } from './readBodyText.js';
import { redactCause } from './redactSecret.js';
import { scheduleAfter } from './scheduleAfter.js';
import { type RequestSpec, sendRequest } from './sendRequest.js';
import { toAPIError } from './toAPIError.js';

/**
 * @internal A cold observable of one JSON request: each subscription sends it (with retries),
 * reads the whole body under the idle timeout, emits the parsed object and completes.
 * Unsubscribing, or an abort of `signal`, aborts the request; the total timeout covers it all.
 *
 * @example
 * ```ts
 * requestJSON<Response>(context, { method: 'POST', path: `/responses/${id}/cancel`, accept: 'json', connectMs, maxRetries }, undefined);
 * ```
 */
export function requestJSON<T extends object>(context: ClientContext, spec: RequestSpec, signal: AbortSignal | undefined): Observable<T> {
  return new Observable<T>((subscriber) => {
    const lifetime = new AbortController();
    const fail = (error: unknown): void => subscriber.error(error);
    const onUserAbort = (): void => fail(signal?.reason);
    if (signal?.aborted === true) {
      fail(signal.reason);
      return undefined;
    }
    signal?.addEventListener('abort', onUserAbort, { once: true });
    const totalTimer = scheduleAfter(context.scheduler, context.totalMs, () => fail(new APITimeoutError({ kind: 'total', timeoutMs: context.totalMs })));

    const run = async (): Promise<T> => {
      const { response, abort } = await sendRequest(context, spec, lifetime.signal);
      let lastBytes = context.scheduler.now();
      let idle = false;
      const check = (): void => {
        const quiet = context.scheduler.now() - lastBytes;
        if (quiet < context.idleMs) {
          idleTimer = scheduleAfter(context.scheduler, context.idleMs - quiet, check);
          return;
        }
        idle = true;
        abort();
      };
      let idleTimer = scheduleAfter(context.scheduler, context.idleMs, check);
      let text: string;
      try {
        text = await readBodyText(response.body, Infinity, () => (lastBytes = context.scheduler.now()));
      } catch (error) {
        if (lifetime.signal.aborted) throw error;
        throw idle
          ? new APITimeoutError({ kind: 'idle', timeoutMs: context.idleMs })
          : new APIConnectionError({ message: context.redact(`Connection lost while reading the response: ${String(error)}`), cause: redactCause(error, context.redact) });
      } finally {
        idleTimer.unsubscribe();
        abort();
      }
      let value: unknown;
      if (spec.allowEmpty === true && text.trim() === '') return {} as T;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        const reply = { status: response.status, statusText: response.statusText, headers: response.headers, body: text, expected: 'a JSON object' };
        throw toAPIError(reply, context.redact);
      }
      return value as T;
    };

    run().then(
      (value) => {
        subscriber.next(value);
        subscriber.complete();
      },
      (error: unknown) => {
        if (!lifetime.signal.aborted) fail(error);
      },
    );

    return () => {
      lifetime.abort();
      totalTimer.unsubscribe();
      signal?.removeEventListener('abort', onUserAbort);
    };
  });
}
