import type { ResponseSnapshot } from '../reduce/ResponseSnapshot.js';
import { RxResponsesError, hasErrorName } from './RxResponsesError.js';

/**
 * What a {@link ResponseStreamError} is built from. A transport fills in every field from the
 * `error` event and the HTTP response that carried it, with the API key already removed from
 * every string.
 *
 * @example
 * ```ts
 * const init: ResponseStreamErrorInit = { code: 'server_error', message: 'Try again', param: null, type: 'server_error' };
 * ```
 */
export interface ResponseStreamErrorInit {
  /** The server's error code; `null` gives `stream_error`. */
  code: string | null;
  /** The server's error message. */
  message: string;
  /** The parameter the server blamed, if any. */
  param: string | null;
  /** The server's error `type` (`invalid_request_error`, …), when the event had the nested shape. */
  type?: string | null;
  /** The event's error payload: its nested `error` object, or the whole flat event. */
  payload?: Readonly<Record<string, unknown>>;
  /** The `x-request-id` of the HTTP response that carried the stream. */
  requestID?: string;
  /** The error event's `sequence_number`. */
  sequenceNumber?: number;
  /** The last snapshot before the failure. */
  snapshot?: ResponseSnapshot;
}

/**
 * Raised when the stream carries a top-level `error` event (for example a rate limit hit
 * mid-stream). Both wire shapes, flat `{type: "error", code, message, param}` and nested
 * `{type: "error", error: {type, code, message, param}}` (OpenAI, Open Responses), end up here.
 * The event is terminal: the client raises this error as soon as the event arrives and closes
 * the connection, whether or not the server keeps the body open. Raised by the client it
 * carries the provider's error `type`, the raw `payload` and the `requestID` of the HTTP
 * response, with the API key removed from every string; {@link finalResponse} raises it too
 * for any other source.
 *
 * @example
 * ```ts
 * stream.pipe(finalResponse()).subscribe({
 *   error: (e) => isResponseStreamError(e) && console.log(e.code, e.type, e.requestID, e.snapshot?.outputText),
 * });
 * ```
 */
export class ResponseStreamError extends RxResponsesError {
  override readonly name = 'ResponseStreamError';
  /** The server's error code, or `stream_error` when it sent none. */
  readonly code: string;
  /** The parameter the server blamed, if any. */
  readonly param: string | null;
  /** The server's error `type` (`invalid_request_error`, `server_error`, …), if it sent one. */
  readonly type: string | null;
  /** The error event's `sequence_number`, if it had one. */
  readonly sequenceNumber: number | undefined;
  /** The server's error message (with the API key removed, when the client raised it). */
  readonly serverMessage: string;
  /**
   * The error payload as the server sent it (the nested `error` object, or the flat event),
   * with the API key removed, when the client raised the error.
   */
  readonly payload: Readonly<Record<string, unknown>> | undefined;
  /** The `x-request-id` of the HTTP response that carried the stream: quote it when asking the provider for help. */
  readonly requestID: string | undefined;

  constructor(args: ResponseStreamErrorInit) {
    const code = args.code ?? 'stream_error';
    const request = args.requestID === undefined ? '' : ` (request ${args.requestID})`;
    super(`Stream error (${code}): ${args.message}${request}`, { snapshot: args.snapshot });
    this.code = code;
    this.param = args.param;
    this.type = args.type ?? null;
    this.sequenceNumber = args.sequenceNumber;
    this.serverMessage = args.message;
    this.payload = args.payload;
    this.requestID = args.requestID;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), type: this.type, param: this.param, sequenceNumber: this.sequenceNumber, requestID: this.requestID };
  }
}

/**
 * Type guard for {@link ResponseStreamError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isResponseStreamError(err)) console.log(err.code, err.param);
 * ```
 */
export function isResponseStreamError(value: unknown): value is ResponseStreamError {
  return hasErrorName(value, 'ResponseStreamError');
}
