import { readFile } from 'node:fs/promises';
import { UsageError } from './UsageError.js';

/**
 * Reads a file as UTF-8, turning a missing, unreadable or directory path into a
 * {@link UsageError} with a one-line message (exit code 2, no stack trace).
 *
 * @example
 * ```ts
 * const text = await readTextFile('stream.jsonl');
 * ```
 */
export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : error instanceof Error
              ? error.message
              : String(error);
    throw new UsageError(`cannot read ${JSON.stringify(path)}: ${reason}`);
  }
}
