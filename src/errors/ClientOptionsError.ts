import { RxResponsesError, hasErrorName } from './RxResponsesError.js';

/**
 * An option given to `createClient()` (or an argument of a client method, or a source's
 * `maxEventBytes`) is invalid, such as
 * a `baseURL` that is not a URL, plain `http://` to a remote host, a negative `maxRetries`, or
 * an API key in a browser without `dangerouslyAllowBrowser`. Thrown synchronously.
 *
 * @example
 * ```ts
 * try {
 *   createClient({ baseURL: 'http://example.com/v1' });
 * } catch (e) {
 *   if (isClientOptionsError(e)) console.log(e.option, e.message);
 * }
 * ```
 */
export class ClientOptionsError extends RxResponsesError {
  override readonly name = 'ClientOptionsError';
  readonly code = 'invalid_client_options';
  /** The name of the offending option or argument (`baseURL`, `timeouts.idleMs`, `id`, …). */
  readonly option: string;

  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), option: this.option };
  }
}

/**
 * Type guard for {@link ClientOptionsError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isClientOptionsError(err)) console.log(`check option ${err.option}`);
 * ```
 */
export function isClientOptionsError(value: unknown): value is ClientOptionsError {
  return hasErrorName(value, 'ClientOptionsError');
}
