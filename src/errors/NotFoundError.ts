import { APIError } from './APIError.js';
import { hasErrorName } from './RxResponsesError.js';

/**
 * HTTP 404: no such response id, model or route (check `baseURL`).
 *
 * @example
 * ```ts
 * client.responses.create(params).subscribe({
 *   error: (e) => isNotFoundError(e) && console.log(e.status, e.serverMessage, e.requestID),
 * });
 * ```
 */
export class NotFoundError extends APIError {
  override readonly name: string = 'NotFoundError';

  protected override defaultCode(): string {
    return 'not_found';
  }
}

/**
 * Type guard for {@link NotFoundError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isNotFoundError(err)) console.log('unknown id', err.requestID);
 * ```
 */
export function isNotFoundError(value: unknown): value is NotFoundError {
  return hasErrorName(value, 'NotFoundError');
}
