import { RxResponsesError, hasErrorName } from './RxResponsesError.js';

/**
 * The model refused to produce the structured output: its message holds a `refusal` part
 * instead of JSON. `refusal` is the model's explanation.
 *
 * @example
 * ```ts
 * stream.pipe(parsedOutput(Weather)).subscribe({
 *   error: (e) => isOutputRefusalError(e) && show(e.refusal),
 * });
 * ```
 */
export class OutputRefusalError extends RxResponsesError {
  override readonly name = 'OutputRefusalError';
  readonly code = 'output_refused';
  /** The refusal text. */
  readonly refusal: string;

  constructor(refusal: string) {
    super(`The model refused: ${refusal.length > 200 ? `${refusal.slice(0, 200)}…` : refusal}`);
    this.refusal = refusal;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), refusal: this.refusal };
  }
}

/**
 * Type guard for {@link OutputRefusalError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isOutputRefusalError(err)) show(err.refusal);
 * ```
 */
export function isOutputRefusalError(value: unknown): value is OutputRefusalError {
  return hasErrorName(value, 'OutputRefusalError');
}
