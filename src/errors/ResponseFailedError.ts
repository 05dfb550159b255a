import type { Response } from '../events/Response.js';
import type { ResponseSnapshot } from '../reduce/ResponseSnapshot.js';
import { RxResponsesError, hasErrorName } from './RxResponsesError.js';

/**
 * Raised by {@link finalResponse} when the server ends a response with `response.failed`.
 * `response` is the server's failed response (with `error.code` and `error.message`).
 *
 * @example
 * ```ts
 * stream.pipe(finalResponse()).subscribe({
 *   error: (e) => isResponseFailedError(e) && console.log(e.code, e.response.output),
 * });
 * ```
 */
export class ResponseFailedError extends RxResponsesError {
  override readonly name = 'ResponseFailedError';
  /** The server's error code (`response.error.code`), or `response_failed` when it gave none. */
  readonly code: string;
  /** The failed response as the terminal event carried it, merged with what was streamed. */
  readonly response: Response;

  constructor(response: Response, snapshot?: ResponseSnapshot) {
    const error = response.error;
    const code = typeof error?.code === 'string' && error.code !== '' ? error.code : 'response_failed';
    const detail = typeof error?.message === 'string' && error.message !== '' ? `: ${error.message}` : '';
    super(`Response ${response.id ?? '(no id)'} failed (${code})${detail}`, { snapshot });
    this.code = code;
    this.response = response;
  }
}

/**
 * Type guard for {@link ResponseFailedError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isResponseFailedError(err)) console.log(err.response.error);
 * ```
 */
export function isResponseFailedError(value: unknown): value is ResponseFailedError {
  return hasErrorName(value, 'ResponseFailedError');
}
