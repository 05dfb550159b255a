import { RxResponsesError, hasErrorName } from './RxResponsesError.js';

/**
 * The request never got a response: DNS, refused or reset connections, TLS failures, a body
 * that broke off while it was read, or (as the subclass {@link APITimeoutError}) a timeout.
 * The platform's error is kept as `cause`, with the API key removed from it. Retried
 * automatically while no byte of the response body has arrived.
 *
 * @example
 * ```ts
 * client.responses.create(params).subscribe({
 *   error: (e) => isAPIConnectionError(e) && console.log(e.message, e.cause),
 * });
 * ```
 */
export class APIConnectionError extends RxResponsesError {
  override readonly name: string = 'APIConnectionError';
  readonly code: string = 'connection_error';

  constructor(args?: { message?: string; cause?: unknown }) {
    super(args?.message ?? 'Connection error', { cause: args?.cause });
  }
}

/**
 * Type guard for {@link APIConnectionError}, timeouts included; works across bundles.
 *
 * @example
 * ```ts
 * if (isAPIConnectionError(err)) showOfflineBanner();
 * ```
 */
export function isAPIConnectionError(value: unknown): value is APIConnectionError {
  return hasErrorName(value, 'APIConnectionError') || hasErrorName(value, 'APITimeoutError');
}
