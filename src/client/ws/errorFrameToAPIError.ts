import type { APIError } from '../../errors/APIError.js';
import type { ResponseStreamEvent } from '../../events/ResponseStreamEvent.js';
import type { Redactor } from '../redactSecret.js';
import { toAPIError } from '../toAPIError.js';

/**
 * @internal The error of an `error` message that carries an HTTP `status`: the same
 * {@link APIError} subclass (`RateLimitError` for 429, …) the HTTP client raises for that
 * status and body, every string redacted.
 *
 * @example
 * ```ts
 * errorFrameToAPIError({ type: 'error', error: { code: 'rate_limit_exceeded', message: 'Slow down' } }, 429, redact);
 * ```
 */
export function errorFrameToAPIError(frame: ResponseStreamEvent, status: number, redact: Redactor): APIError {
  const record = frame as { error?: unknown; code?: unknown; message?: unknown; param?: unknown; headers?: unknown };
  // The API nests the fields under `error`; accept the flat shape of the HTTP stream's error event too.
  const error = typeof record.error === 'object' && record.error !== null ? record.error : { code: record.code, message: record.message, param: record.param };
  const headers = new Headers();
  if (typeof record.headers === 'object' && record.headers !== null) {
    for (const [name, value] of Object.entries(record.headers)) {
      if (typeof value === 'string') {
        try {
          headers.set(name, value);
        } catch {
          // A header the platform rejects is left out.
        }
      }
    }
  }
  return toAPIError({ status, statusText: '', headers, body: JSON.stringify({ error }) }, redact);
}
