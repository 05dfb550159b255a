import type { StandardSchemaV1 } from '@standard-schema/spec';
import { RxResponsesError, hasErrorName } from './RxResponsesError.js';
import { plural } from '../reduce/plural.js';

/**
 * Structured output (or tool arguments) that did not pass its schema, or was not JSON at all.
 * Carries the text as received, the schema's issues, and the last partial value.
 *
 * @example
 * ```ts
 * stream.pipe(parsedOutput(Weather)).subscribe({
 *   error: (e) => isOutputValidationError(e) && console.log(e.issues.map((i) => i.message), e.text),
 * });
 * ```
 */
export class OutputValidationError extends RxResponsesError {
  override readonly name = 'OutputValidationError';
  readonly code = 'output_validation_failed';
  /** The JSON text as the model produced it. */
  readonly text: string;
  /** What the schema (or the JSON parser) found wrong. */
  readonly issues: readonly StandardSchemaV1.Issue[];
  /** The last partial value parsed from the text, when there was one. */
  readonly partial: unknown;

  constructor(args: { text: string; issues: readonly StandardSchemaV1.Issue[]; partial?: unknown; cause?: unknown; what?: string }) {
    const first = args.issues[0];
    const path = first?.path?.map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.');
    super(
      `${args.what ?? 'The structured output'} did not match its schema (${plural(args.issues.length, 'issue')})${first === undefined ? '' : `: ${path ? `${path}: ` : ''}${first.message}`}`,
      args.cause === undefined ? undefined : { cause: args.cause },
    );
    this.text = args.text;
    this.issues = args.issues;
    this.partial = args.partial;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues, text: this.text };
  }
}

/**
 * Type guard for {@link OutputValidationError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isOutputValidationError(err)) console.log(err.issues);
 * ```
 */
export function isOutputValidationError(value: unknown): value is OutputValidationError {
  return hasErrorName(value, 'OutputValidationError');
}
