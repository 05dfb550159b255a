import { RxResponsesError, hasErrorName, truncateRawText } from './RxResponsesError.js';

/**
 * Why a piece of stream input could not become an event: not JSON, JSON without a string
 * `type`, or an event larger than the source's `maxEventBytes`.
 *
 * @example
 * ```ts
 * const reason: StreamParseErrorReason = 'event_too_large';
 * ```
 */
export type StreamParseErrorReason = 'invalid_json' | 'missing_type' | 'event_too_large';

/**
 * The `code` of a {@link StreamParseError}: `event_too_large` for an event past
 * `maxEventBytes`, `stream_parse_error` for input that is not an event.
 *
 * @example
 * ```ts
 * if (isStreamParseError(err) && err.code === 'event_too_large') raiseTheLimit();
 * ```
 */
export type StreamParseErrorCode = 'stream_parse_error' | 'event_too_large';

const WHAT: Record<StreamParseErrorReason, string> = {
  invalid_json: 'is not valid JSON',
  missing_type: 'has no string "type" field',
  event_too_large: 'is larger than maxEventBytes',
};

/**
 * Raised when a `data:` payload (SSE) or a line (JSON Lines) is not JSON, is JSON without a
 * string `type`, or is larger than the source's `maxEventBytes` (code `event_too_large`; `raw`
 * then holds its first 200 characters). Every event before it has already been delivered.
 *
 * @example
 * ```ts
 * fromJSONL(text).pipe(finalResponse()).subscribe({
 *   error: (e) => isStreamParseError(e) && console.log(`line ${e.line}: ${e.raw}`),
 * });
 * ```
 */
export class StreamParseError extends RxResponsesError {
  override readonly name = 'StreamParseError';
  /** `event_too_large` for an event past `maxEventBytes`, else `stream_parse_error`. */
  readonly code: StreamParseErrorCode;
  /** What was wrong with the input. */
  readonly reason: StreamParseErrorReason;
  /** 1-based line number in JSON Lines input; `undefined` for SSE input. */
  readonly line: number | undefined;
  /** 1-based position of the payload among all payloads of the input (SSE frames or lines). */
  readonly eventNumber: number;
  /** The offending text, cut to at most 200 characters. */
  readonly raw: string;

  constructor(args: { reason: StreamParseErrorReason; raw: string; eventNumber: number; line?: number; cause?: unknown; maxEventBytes?: number }) {
    const raw = truncateRawText(args.raw);
    const where = args.line !== undefined ? `line ${args.line}` : `event ${args.eventNumber}`;
    const limit = args.reason === 'event_too_large' && args.maxEventBytes !== undefined ? ` (${args.maxEventBytes} bytes)` : '';
    super(`Stream input at ${where} ${WHAT[args.reason]}${limit}: ${JSON.stringify(raw)}`, { cause: args.cause });
    this.code = args.reason === 'event_too_large' ? 'event_too_large' : 'stream_parse_error';
    this.reason = args.reason;
    this.line = args.line;
    this.eventNumber = args.eventNumber;
    this.raw = raw;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, line: this.line, eventNumber: this.eventNumber, raw: this.raw };
  }
}

/**
 * Type guard for {@link StreamParseError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isStreamParseError(err)) console.log(err.line);
 * ```
 */
export function isStreamParseError(value: unknown): value is StreamParseError {
  return hasErrorName(value, 'StreamParseError');
}
