import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built CLI; `npm test` builds it before vitest runs. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** What a CLI run left behind. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js ...args` and resolves with its exit code and output (never rejects). */
export function runCli(args: string[]): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 60_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        const spawnError = error && typeof error.code !== 'number' ? `\n${error.message}` : '';
        resolve({ code, stdout, stderr: `${stderr}${spawnError}` });
      },
    );
  });
}

/** A run's exit code and output, for assertion messages. */
export function describeRun(what: string, { code, stdout, stderr }: CliResult): string {
  const cut = (text: string) => (text.length > 4000 ? `${text.slice(0, 4000)}…` : text);
  return `${what} (exit ${code})\n--- stdout ---\n${cut(stdout)}\n--- stderr ---\n${cut(stderr)}`;
}
