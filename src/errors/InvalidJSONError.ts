import { RxResponsesError, hasErrorName, truncateRawText } from './RxResponsesError.js';

/**
 * Raised by the incremental JSON parser (and the operators built on it) when streamed text is
 * not JSON: an unexpected character, or text that ends before the value is complete. Every
 * partial value produced before the error stays with whoever received it.
 *
 * @example
 * ```ts
 * const parser = new PartialJSONParser();
 * try {
 *   parser.write('{"a": tru');
 *   parser.end();
 * } catch (e) {
 *   if (isInvalidJSONError(e)) console.log(e.position, e.message);
 * }
 * ```
 */
export class InvalidJSONError extends RxResponsesError {
  override readonly name = 'InvalidJSONError';
  readonly code = 'invalid_json';
  /** 0-based offset in the whole text of the offending character (its length when the text ended early). */
  readonly position: number;
  /** Up to 40 characters of the text just before `position`, to locate the problem. */
  readonly near: string;

  constructor(args: { message: string; position: number; near: string }) {
    super(`${args.message} at position ${args.position}${args.near === '' ? '' : ` (after ${JSON.stringify(truncateRawText(args.near))})`}`);
    this.position = args.position;
    this.near = args.near;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), position: this.position, near: this.near };
  }
}

/**
 * Type guard for {@link InvalidJSONError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isInvalidJSONError(err)) console.log(`bad JSON at ${err.position}`);
 * ```
 */
export function isInvalidJSONError(value: unknown): value is InvalidJSONError {
  return hasErrorName(value, 'InvalidJSONError');
}
