import { APIError } from './APIError.js';
import { hasErrorName } from './RxResponsesError.js';

/**
 * HTTP 401: the API key is missing, wrong or revoked. The key itself never appears on the error.
 *
 * @example
 * ```ts
 * client.responses.create(params).subscribe({
 *   error: (e) => isAuthenticationError(e) && console.log(e.status, e.serverMessage, e.requestID),
 * });
 * ```
 */
export class AuthenticationError extends APIError {
  override readonly name: string = 'AuthenticationError';

  protected override defaultCode(): string {
    return 'authentication_error';
  }
}

/**
 * Type guard for {@link AuthenticationError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isAuthenticationError(err)) askForANewKey();
 * ```
 */
export function isAuthenticationError(value: unknown): value is AuthenticationError {
  return hasErrorName(value, 'AuthenticationError');
}
