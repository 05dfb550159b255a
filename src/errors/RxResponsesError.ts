import type { ResponseSnapshot } from '../reduce/ResponseSnapshot.js';

/**
 * A brand shared by every copy of this library (ESM and CJS builds, several bundles), so the
 * type guards recognise an error even when `instanceof` fails across realms or bundles.
 */
const ERROR_BRAND = Symbol.for('rx-responses.error');

/**
 * Base class of every error this library raises. Each subclass has a stable `name` and a
 * `code`; errors raised while a response was streaming carry the last snapshot, so output that
 * was already received is never lost.
 *
 * @example
 * ```ts
 * stream.pipe(finalResponse()).subscribe({
 *   error: (err) => {
 *     if (isRxResponsesError(err)) console.log(err.code, err.snapshot?.outputText);
 *   },
 * });
 * ```
 */
export abstract class RxResponsesError extends Error {
  /** A stable, machine-readable code for this kind of failure. */
  abstract readonly code: string;
  /**
   * The last snapshot of the response before the failure (partial output), when the error
   * happened while a response was being reduced.
   */
  snapshot: ResponseSnapshot | undefined;

  /** @internal */
  readonly [ERROR_BRAND] = true;

  protected constructor(message: string, options?: { cause?: unknown; snapshot?: ResponseSnapshot }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.snapshot = options?.snapshot;
  }

  /** A plain-object form for logs and `JSON.stringify`. It holds no credentials. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/**
 * Returns true when `value` is an error raised by this library, from any copy of it.
 *
 * @example
 * ```ts
 * if (isRxResponsesError(err)) console.log(err.code);
 * ```
 */
export function isRxResponsesError(value: unknown): value is RxResponsesError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ERROR_BRAND] === true;
}

/** @internal Brand check plus the class name, shared by the per-class guards. */
export function hasErrorName(value: unknown, name: string): boolean {
  return isRxResponsesError(value) && value.name === name;
}

/** @internal Attaches a snapshot to an error that has none yet; returns the same error. */
export function withSnapshot<E>(error: E, snapshot: ResponseSnapshot | undefined): E {
  if (isRxResponsesError(error) && error.snapshot === undefined) error.snapshot = snapshot;
  return error;
}

/** Longest stretch of untrusted input an error keeps (in its message, `raw`, …). */
const MAX_RAW_LENGTH = 200;

/**
 * @internal Keeps errors short: at most 200 characters of untrusted text (`StreamParseError`'s
 * `raw`, `InvalidJSONError`'s message), then `…`.
 */
export function truncateRawText(raw: string): string {
  return raw.length > MAX_RAW_LENGTH ? `${raw.slice(0, MAX_RAW_LENGTH)}…` : raw;
}
