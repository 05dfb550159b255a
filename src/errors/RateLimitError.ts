import { APIError } from './APIError.js';
import { hasErrorName } from './RxResponsesError.js';

/**
 * HTTP 429: too many requests or tokens, or the quota is used up (retried automatically, honouring `retry-after`).
 *
 * @example
 * ```ts
 * client.responses.create(params).subscribe({
 *   error: (e) => isRateLimitError(e) && console.log(e.status, e.serverMessage, e.requestID),
 * });
 * ```
 */
export class RateLimitError extends APIError {
  override readonly name: string = 'RateLimitError';

  protected override defaultCode(): string {
    return 'rate_limit_exceeded';
  }
}

/**
 * Type guard for {@link RateLimitError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isRateLimitError(err)) console.log('retry after', err.headers['retry-after']);
 * ```
 */
export function isRateLimitError(value: unknown): value is RateLimitError {
  return hasErrorName(value, 'RateLimitError');
}
