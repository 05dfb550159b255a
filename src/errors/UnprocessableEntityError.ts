import { APIError } from './APIError.js';
import { hasErrorName } from './RxResponsesError.js';

/**
 * HTTP 422: the request was well-formed but could not be processed.
 *
 * @example
 * ```ts
 * client.responses.create(params).subscribe({
 *   error: (e) => isUnprocessableEntityError(e) && console.log(e.status, e.serverMessage, e.requestID),
 * });
 * ```
 */
export class UnprocessableEntityError extends APIError {
  override readonly name: string = 'UnprocessableEntityError';

  protected override defaultCode(): string {
    return 'unprocessable_entity';
  }
}

/**
 * Type guard for {@link UnprocessableEntityError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isUnprocessableEntityError(err)) console.log(err.param);
 * ```
 */
export function isUnprocessableEntityError(value: unknown): value is UnprocessableEntityError {
  return hasErrorName(value, 'UnprocessableEntityError');
}
