import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
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

/** Options of a CLI run. */
export interface CliOptions {
  /** Added to the child's environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Kill the child after this long (default 60 s): a CLI that does not exit by itself fails. */
  timeoutMs?: number;
  /** Written to the child's standard input, which is then closed. */
  input?: string | Uint8Array;
}

/**
 * The child's environment: ours without any OpenAI settings, so no test can reach a real API
 * by accident, plus `extra`.
 */
function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  for (const name of Object.keys(env)) if (name.startsWith('OPENAI_')) delete env[name];
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

function checkBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
}

/** Runs `node dist/cli.js ...args` and resolves with its exit code and output (never rejects). */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  checkBuilt();
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { env: childEnv(options.env), timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        const spawnError = error && typeof error.code !== 'number' ? `\n${error.message}` : '';
        resolve({ code, stdout, stderr: `${stderr}${spawnError}` });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** A CLI run in progress, for tests that act while it runs (send a signal after the first output). */
export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves once stdout has received at least one byte. */
  readonly firstOutput: Promise<void>;
  /** Resolves with the first match of `pattern` in stdout so far (waits for more output until then). */
  stdoutMatch(pattern: RegExp): Promise<RegExpMatchArray>;
  /**
   * Resolves when the child has exited; `code` is -1 when it was killed by a signal or the
   * timeout, and `signal` names the signal then.
   */
  readonly result: Promise<CliResult & { signal: NodeJS.Signals | null }>;
}

/** Starts `node dist/cli.js ...args` without waiting for it. */
export function startCli(args: string[], options: CliOptions = {}): RunningCli {
  checkBuilt();
  const child = spawn(process.execPath, [CLI, ...args], { env: childEnv(options.env) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  const firstOutput = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.on('data', (chunk: string) => (stdout += chunk));
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const result = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr });
    });
  });
  const stdoutMatch = (pattern: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const match = pattern.exec(stdout);
        if (match === null) return false;
        child.stdout.off('data', onData);
        child.off('close', onClose);
        resolve(match);
        return true;
      };
      const onData = (): void => void check();
      const onClose = (): void => reject(new Error(`the CLI exited before stdout matched ${pattern}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`));
      if (check()) return;
      // Listeners added after the collecting one, so `stdout` already holds the new chunk.
      child.stdout.on('data', onData);
      child.once('close', onClose);
    });
  return { child, firstOutput, result, stdoutMatch };
}

/** A run's exit code and output, for assertion messages. */
export function describeRun(what: string, { code, stdout, stderr }: CliResult): string {
  const cut = (text: string) => (text.length > 4000 ? `${text.slice(0, 4000)}…` : text);
  return `${what} (exit ${code})\n--- stdout ---\n${cut(stdout)}\n--- stderr ---\n${cut(stderr)}`;
}
