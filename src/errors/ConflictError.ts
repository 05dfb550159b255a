import { APIError } from './APIError.js';
import { hasErrorName } from './RxResponsesError.js';

/**
 * HTTP 409: the request conflicts with the state of the resource (retried automatically).
 *
 * @example
 * ```ts
 * client.responses.create(params).subscribe({
 *   error: (e) => isConflictError(e) && console.log(e.status, e.serverMessage, e.requestID),
 * });
 * ```
 */
export class ConflictError extends APIError {
  override readonly name: string = 'ConflictError';

  protected override defaultCode(): string {
    return 'conflict';
  }
}

/**
 * Type guard for {@link ConflictError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isConflictError(err)) console.log(err.serverMessage);
 * ```
 */
export function isConflictError(value: unknown): value is ConflictError {
  return hasErrorName(value, 'ConflictError');
}
