import type { ResponseSnapshot } from '../reduce/ResponseSnapshot.js';
import { RxResponsesError, hasErrorName } from './RxResponsesError.js';

/**
 * Raised by {@link finalResponse} when the stream carries a top-level `error` event (for
 * example a rate limit hit mid-stream). Both wire shapes, flat `{code, message, param}` and
 * nested `{error: {code, message, param}}`, end up here.
 *
 * @example
 * ```ts
 * stream.pipe(finalResponse()).subscribe({
 *   error: (e) => isResponseStreamError(e) && console.log(e.code, e.snapshot?.outputText),
 * });
 * ```
 */
export class ResponseStreamError extends RxResponsesError {
  override readonly name = 'ResponseStreamError';
  /** The server's error code, or `stream_error` when it sent none. */
  readonly code: string;
  /** The parameter the server blamed, if any. */
  readonly param: string | null;
  /** The error event's `sequence_number`, if it had one. */
  readonly sequenceNumber: number | undefined;
  /** The server's error message as sent. */
  readonly serverMessage: string;

  constructor(args: { code: string | null; message: string; param: string | null; sequenceNumber?: number; snapshot?: ResponseSnapshot }) {
    const code = args.code ?? 'stream_error';
    super(`Stream error (${code}): ${args.message}`, { snapshot: args.snapshot });
    this.code = code;
    this.param = args.param;
    this.sequenceNumber = args.sequenceNumber;
    this.serverMessage = args.message;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), param: this.param, sequenceNumber: this.sequenceNumber };
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
