import { RxResponsesError, hasErrorName } from './RxResponsesError.js';

/** Why a piece of stream input could not become an event. */
export type StreamParseErrorReason = 'invalid_json' | 'missing_type';

/** Longest stretch of the offending input kept on the error. */
const MAX_RAW_LENGTH = 200;

/**
 * Raised when a `data:` payload (SSE) or a line (JSON Lines) is not JSON, or is JSON without a
 * string `type`. Every event before it has already been delivered.
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
  readonly code = 'stream_parse_error';
  /** What was wrong with the input. */
  readonly reason: StreamParseErrorReason;
  /** 1-based line number in JSON Lines input; `undefined` for SSE input. */
  readonly line: number | undefined;
  /** 1-based position of the payload among all payloads of the input (SSE frames or lines). */
  readonly eventNumber: number;
  /** The offending text, cut to at most 200 characters. */
  readonly raw: string;

  constructor(args: { reason: StreamParseErrorReason; raw: string; eventNumber: number; line?: number; cause?: unknown }) {
    const raw = truncateRaw(args.raw);
    const where = args.line !== undefined ? `line ${args.line}` : `event ${args.eventNumber}`;
    const what = args.reason === 'invalid_json' ? 'is not valid JSON' : 'has no string "type" field';
    super(`Stream input at ${where} ${what}: ${JSON.stringify(raw)}`, { cause: args.cause });
    this.reason = args.reason;
    this.line = args.line;
    this.eventNumber = args.eventNumber;
    this.raw = raw;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, line: this.line, eventNumber: this.eventNumber, raw: this.raw };
  }
}

/** @internal */
export function truncateRaw(raw: string): string {
  return raw.length > MAX_RAW_LENGTH ? `${raw.slice(0, MAX_RAW_LENGTH)}…` : raw;
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
