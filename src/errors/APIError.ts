import { RxResponsesError, isRxResponsesError } from './RxResponsesError.js';

/**
 * A second brand, carried by {@link APIError} and every status subclass, so
 * {@link isAPIError} recognises all of them across bundles without listing their names.
 */
const API_ERROR_BRAND = Symbol.for('rx-responses.api-error');

/**
 * What an {@link APIError} is built from. The HTTP client fills it in from the response;
 * every string in it has already had the API key removed.
 *
 * @example
 * ```ts
 * const init: APIErrorInit = { status: 418, message: "418 I'm a teapot", headers: {} };
 * ```
 */
export interface APIErrorInit {
  /** The HTTP status of the response. */
  status: number;
  /** The complete, human-readable message. */
  message: string;
  /** Response headers, names in lower case. */
  headers?: Readonly<Record<string, string>>;
  /** The server's `error.code`, if its body had one. */
  code?: string | null;
  /** The server's `error.type`, if its body had one. */
  type?: string | null;
  /** The server's `error.param`, if its body had one. */
  param?: string | null;
  /** The server's `error.message` (or a readable excerpt of a body that was not JSON). */
  serverMessage?: string;
}

/**
 * The server answered with an error status (or with a `200` whose body was not what the
 * request asked for). One subclass per common status ({@link RateLimitError},
 * {@link NotFoundError} …); other statuses give a plain `APIError`.
 *
 * `code` is the server's `error.code` when it sent one, else a stable name for the status
 * (`rate_limit_exceeded`, `not_found`, …, `api_error`).
 *
 * @example
 * ```ts
 * client.responses.create(params).subscribe({
 *   error: (e) => isAPIError(e) && console.log(e.status, e.requestID, e.code),
 * });
 * ```
 */
export class APIError extends RxResponsesError {
  override readonly name: string = 'APIError';
  /** The server's `error.code`, or a stable name for the status when it sent none. */
  readonly code: string;
  /** The HTTP status of the response. */
  readonly status: number;
  /** Response headers as a plain object, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The `x-request-id` response header: quote it when asking the provider for help. */
  readonly requestID: string | undefined;
  /** The server's `error.type` (`invalid_request_error`, …), if any. */
  readonly type: string | null;
  /** The request parameter the server blamed, if any. */
  readonly param: string | null;
  /** The server's own message, or an excerpt of a body that was not JSON. */
  readonly serverMessage: string | undefined;

  /** @internal */
  readonly [API_ERROR_BRAND] = true;

  constructor(init: APIErrorInit) {
    super(init.message);
    const headers = init.headers ?? {};
    this.status = init.status;
    this.headers = headers;
    this.requestID = headers['x-request-id'];
    this.code = typeof init.code === 'string' && init.code !== '' ? init.code : this.defaultCode();
    this.type = init.type ?? null;
    this.param = init.param ?? null;
    this.serverMessage = init.serverMessage;
  }

  /** The `code` used when the server's body gave none. */
  protected defaultCode(): string {
    return 'api_error';
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      requestID: this.requestID,
      type: this.type,
      param: this.param,
      serverMessage: this.serverMessage,
      headers: this.headers,
    };
  }
}

/**
 * Type guard for {@link APIError} and all its status subclasses; works across bundles.
 *
 * @example
 * ```ts
 * if (isAPIError(err) && err.status >= 500) showRetryButton();
 * ```
 */
export function isAPIError(value: unknown): value is APIError {
  return isRxResponsesError(value) && (value as unknown as Record<symbol, unknown>)[API_ERROR_BRAND] === true;
}
