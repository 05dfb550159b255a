import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

/** The repository root, where package.json lives. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** What a finished child process left: its exit code and its output without colour codes. */
export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for assertion messages that should show everything. */
  output: string;
}

/**
 * Runs a command to the end and never rejects: a failure is a non-zero `code` with the
 * reason in `stderr`, so a test can show the tool's own words when it fails.
 */
export function runTool(command: string, args: string[], cwd: string = repoRoot, env: Record<string, string> = {}): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      // Plain text output: the assertions match on words and the messages should be readable.
      { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, timeout: 100_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const spawnError = error && typeof error.code !== 'number' ? `\n${error.message}` : '';
        const out = stripVTControlCharacters(stdout);
        const err = stripVTControlCharacters(`${stderr}${spawnError}`);
        resolve({ code, stdout: out, stderr: err, output: `${out}${err}` });
      },
    );
  });
}
