import { readFile } from 'node:fs/promises';
import { describeNotARecording } from './describeNotARecording.js';
import { UsageError } from './UsageError.js';

/**
 * Reads a recording given on the command line: the file at `path`, or standard input for `-`.
 * An unreadable file, and an input that is plainly not a recording (empty, gzip, binary, a JSON
 * array, a Chat Completions stream, … see {@link describeNotARecording}), throw a
 * {@link UsageError} in one line that says what it is and, where there is one, the fix:
 * `fix(command)` turns a command writing JSON Lines (`gunzip -c FILE`) into what to run.
 *
 * @example
 * ```ts
 * const { text, name } = await readRecording('-', (command) => `${command} | rx-responses inspect -`);
 * ```
 */
export async function readRecording(path: string, fix: (command: string) => string): Promise<{ text: string; name: string }> {
  const fromStdin = path === '-';
  const name = fromStdin ? 'standard input' : JSON.stringify(path);
  const bytes = fromStdin ? await readStdin() : await readBytes(path);
  const problem = describeNotARecording(bytes, fromStdin ? { name } : { name, path }, fromStdin ? (command) => `… | ${fix(command)}` : fix);
  if (problem !== undefined) throw new UsageError(problem);
  return { text: new TextDecoder().decode(bytes), name };
}

async function readStdin(): Promise<Uint8Array> {
  if (process.stdin.isTTY === true) process.stderr.write('Reading a recording from the terminal; end it with Ctrl-D.\n');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
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
