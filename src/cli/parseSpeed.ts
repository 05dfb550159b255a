import { UsageError } from './UsageError.js';

/**
 * Reads `--speed N` of the replaying commands: a number >= 0, 1 when absent.
 *
 * @example
 * ```ts
 * const speed = parseSpeed('demo', values.speed);
 * ```
 */
export function parseSpeed(command: string, value: string | undefined): number {
  if (value === undefined) return 1;
  const speed = Number(value);
  if (value.trim() === '' || !Number.isFinite(speed) || speed < 0) {
    throw new UsageError(`${command}: --speed must be a number >= 0 (0 = no delay), got ${JSON.stringify(value)}`);
  }
  return speed;
}
