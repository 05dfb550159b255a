import { APIError } from './APIError.js';
import { hasErrorName } from './RxResponsesError.js';

/**
 * HTTP 403: the key is valid but may not use this model, project or region.
 *
 * @example
 * ```ts
 * client.responses.create(params).subscribe({
 *   error: (e) => isPermissionDeniedError(e) && console.log(e.status, e.serverMessage, e.requestID),
 * });
 * ```
 */
export class PermissionDeniedError extends APIError {
  override readonly name: string = 'PermissionDeniedError';

  protected override defaultCode(): string {
    return 'permission_denied';
  }
}

/**
 * Type guard for {@link PermissionDeniedError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isPermissionDeniedError(err)) console.log(err.serverMessage);
 * ```
 */
export function isPermissionDeniedError(value: unknown): value is PermissionDeniedError {
  return hasErrorName(value, 'PermissionDeniedError');
}
