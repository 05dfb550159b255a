import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './UsageError.js';

/**
 * `parseArgs` in strict mode with positionals allowed, turning its errors (unknown option,
 * missing value) into a {@link UsageError} that names the command.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseCommandArgs('inspect', args, { json: { type: 'boolean' } });
 * ```
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Node appends a long hint about `--` to unknown options; the first sentence says it all.
    throw new UsageError(`${command}: ${message.replace(/\. To specify a positional argument[\s\S]*$/, '.')}`);
  }
}
