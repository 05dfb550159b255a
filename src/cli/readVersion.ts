import { readFile } from 'node:fs/promises';

/**
 * The package's version, from the `package.json` next to `dist/` (in the repository and in an
 * installed package alike). A missing or unreadable file is a broken installation.
 *
 * @example
 * ```ts
 * process.stdout.write(`${await readVersion()}\n`);
 * ```
 */
export async function readVersion(): Promise<string> {
  // Relative to the running file: dist/cli.js.
  const file = new URL('../package.json', import.meta.url);
  let version: unknown;
  try {
    version = (JSON.parse(await readFile(file, 'utf8')) as { version?: unknown }).version;
  } catch (error) {
    throw new Error(`${file.pathname} cannot be read (${(error as Error).message}); is the package installed completely?`);
  }
  if (typeof version !== 'string') throw new Error(`${file.pathname} has no version; is the package installed completely?`);
  return version;
}
