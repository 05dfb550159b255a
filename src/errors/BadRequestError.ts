import { APIError } from './APIError.js';
import { hasErrorName } from './RxResponsesError.js';

/**
 * HTTP 400: the request was malformed or a parameter was invalid (see `param`).
 *
 * @example
 * ```ts
 * client.responses.create(params).subscribe({
 *   error: (e) => isBadRequestError(e) && console.log(e.status, e.serverMessage, e.requestID),
 * });
 * ```
 */
export class BadRequestError extends APIError {
  override readonly name: string = 'BadRequestError';

  protected override defaultCode(): string {
    return 'bad_request';
  }
}

/**
 * Type guard for {@link BadRequestError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isBadRequestError(err)) console.log('fix parameter', err.param);
 * ```
 */
export function isBadRequestError(value: unknown): value is BadRequestError {
  return hasErrorName(value, 'BadRequestError');
}
