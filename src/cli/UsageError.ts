/**
 * A mistake in how the CLI was called (unknown command or option, missing or extra argument,
 * bad value, unreadable file). `main` prints its message without a stack trace and exits with
 * code 2.
 *
 * @example
 * ```ts
 * if (files.length !== 1) throw new UsageError('inspect takes exactly one file');
 * ```
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
