import { RxResponsesError, hasErrorName } from './RxResponsesError.js';
import { plural } from '../reduce/plural.js';

/**
 * The tool loop reached `maxTurns` and the model still asked for tools (with
 * `onMaxTurns: 'error'`, the default). Every event up to there was delivered.
 *
 * @example
 * ```ts
 * run$.subscribe({ error: (e) => isMaxTurnsExceededError(e) && console.log(`stopped after ${e.maxTurns} turns`) });
 * ```
 */
export class MaxTurnsExceededError extends RxResponsesError {
  override readonly name = 'MaxTurnsExceededError';
  readonly code = 'max_turns_exceeded';
  readonly maxTurns: number;
  /** The id of the last response, to continue the conversation by hand. */
  readonly lastResponseId: string | undefined;

  constructor(maxTurns: number, lastResponseId: string | undefined) {
    super(`The tool loop stopped after ${plural(maxTurns, 'turn')} with tool calls still asked for`);
    this.maxTurns = maxTurns;
    this.lastResponseId = lastResponseId;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), maxTurns: this.maxTurns, lastResponseId: this.lastResponseId };
  }
}

/**
 * Type guard for {@link MaxTurnsExceededError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isMaxTurnsExceededError(err)) console.log(err.maxTurns);
 * ```
 */
export function isMaxTurnsExceededError(value: unknown): value is MaxTurnsExceededError {
  return hasErrorName(value, 'MaxTurnsExceededError');
}
