import { APIError } from './APIError.js';
import { hasErrorName } from './RxResponsesError.js';

/**
 * HTTP 5xx: the server (or a gateway in front of it) failed (retried automatically).
 *
 * @example
 * ```ts
 * client.responses.create(params).subscribe({
 *   error: (e) => isInternalServerError(e) && console.log(e.status, e.serverMessage, e.requestID),
 * });
 * ```
 */
export class InternalServerError extends APIError {
  override readonly name: string = 'InternalServerError';

  protected override defaultCode(): string {
    return 'internal_server_error';
  }
}

/**
 * Type guard for {@link InternalServerError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isInternalServerError(err)) console.log(err.status, err.requestID);
 * ```
 */
export function isInternalServerError(value: unknown): value is InternalServerError {
  return hasErrorName(value, 'InternalServerError');
}
