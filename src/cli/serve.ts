import { startReplayServer } from '../testing/index.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { parseSpeed } from './parseSpeed.js';
import { plural } from './plural.js';
import { INTERRUPTED_EXIT_CODE } from './printStream.js';
import { readBundledRecording } from './readBundledRecording.js';
import { readReplayEvents } from './readReplayEvents.js';
import { readRecording } from './readRecording.js';
import type { ReplaySource } from './replayRecording.js';
import { replayDelayMs } from './replayDelayMs.js';
import { UsageError } from './UsageError.js';

/**
 * `rx-responses serve [recording] [--port N] [--speed N]`: starts the loopback replay server of
 * `rx-responses/testing` on `127.0.0.1` with the given recording (JSON Lines or SSE), or the
 * bundled one, prints its base URL and how to point a client at it on stdout, and serves until
 * Ctrl-C. Every `POST /v1/responses` gets the recording's first response, whatever it asks.
 * `--port` defaults to a free port; `--speed` paces each reply as for `demo`.
 *
 * Resolves to {@link INTERRUPTED_EXIT_CODE} once Ctrl-C closed the server. A port in use or
 * not allowed, a bad option or a file that is not a recording throw a {@link UsageError}.
 *
 * @example
 * ```ts
 * process.exitCode = await serve(['hello.jsonl', '--port', '8787']);
 * ```
 */
export async function serve(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('serve', args, { port: { type: 'string' }, speed: { type: 'string' } });
  const [file, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`serve: unexpected argument ${JSON.stringify(extra[0])} (serve takes one recording)`);
  const port = parsePort(values.port);
  const speed = parseSpeed('serve', values.speed);
  const source: ReplaySource = file === undefined ? await readBundledRecording() : await userRecording(file);
  const { events, responses } = readReplayEvents(source);

  let server: Awaited<ReturnType<typeof startReplayServer>>;
  try {
    server = await startReplayServer({ events, delayMs: replayDelayMs(speed, events.length), port });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'EADDRINUSE') throw new UsageError(`serve: port ${port} is already in use; choose another with --port N, or leave --port out for a free one`);
    if (code === 'EACCES') throw new UsageError(`serve: port ${port} needs privileges this user lacks; choose one above 1023 with --port N, or leave --port out for a free one`);
    throw error;
  }

  const { baseURL } = server;
  const counts = `${plural(events.length, 'event')}${responses > 1 ? `, the first of its ${responses} responses` : ''}${source.origin === undefined ? '' : `, ${source.origin}`}`;
  process.stdout.write(
    `Replay server for ${source.name} (${counts})\n` +
      `listening at ${baseURL}\n\n` +
      'Point an OpenAI client at it (no API call is made; any API key is accepted):\n' +
      `  OPENAI_BASE_URL=${baseURL} OPENAI_API_KEY=replay node your-app.js\n` +
      `  rx-responses stream "hello" --base-url ${baseURL}\n` +
      `Every POST /v1/responses gets this response, whatever it asks${speed === 0 ? '' : `, in about ${(replayDelayMs(speed, events.length) * events.length / 1000).toFixed(1)} s (--speed 0: at once)`}.\n` +
      'Press Ctrl-C to stop.\n',
  );

  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await server.close();
  process.stderr.write('\nStopped (Ctrl-C): the replay server is closed.\n');
  return INTERRUPTED_EXIT_CODE;
}

async function userRecording(file: string): Promise<ReplaySource> {
  const { text, name } = await readRecording(file, (command) => `${command} > recording.jsonl`);
  return { text, name: `the recording ${name}` };
}

/** `--port N`: an integer from 0 to 65535, 0 (any free port) when absent. */
function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw new UsageError(`serve: --port must be a whole number from 0 to 65535 (0 = any free port), got ${JSON.stringify(value)}`);
  }
  return port;
}
