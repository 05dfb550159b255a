import { readFile } from 'node:fs/promises';
import { Subject, connectable, last, toArray } from 'rxjs';
import { type ResponseSnapshot, type ResponseStreamEvent, fromRecording, reasoning, scanResponse, textDeltas } from '../index.js';
import { createReasoningStatus } from './createReasoningStatus.js';
import { formatUsage } from './formatUsage.js';
import { paced } from './paced.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { printable } from './printable.js';
import { UsageError } from './UsageError.js';

/** The recording the demo replays, shipped in the package's `recordings/` folder. */
const DEMO_RECORDING = 'xai-text-with-reasoning-streaming-1.jsonl';
/** How long the replay takes at `--speed 1`, whatever the number of events. */
const DURATION_AT_SPEED_1_MS = 3000;

/**
 * `rx-responses demo [--speed N]`: replays the bundled recording through the pipeline, as the
 * HTTP client will later stream a live response. The answer text goes to stdout as it
 * arrives (`textDeltas()`); the notice that this is a replay, the reasoning status line
 * (`reasoning()`) and the closing status, usage and duration (`scanResponse()`) go to stderr.
 * `N` is the playback speed: 1 takes about 3 seconds, 0 means no delay. Resolves to the exit
 * code: 0 completed, 3 incomplete, 1 failed, error or truncated.
 *
 * @example
 * ```ts
 * process.exitCode = await demo(['--speed', '2']);
 * ```
 */
export async function demo(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('demo', args, { speed: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`demo: unexpected argument ${JSON.stringify(positionals[0])}`);
  const speed = parseSpeed(values.speed);

  // Relative to the running file: dist/cli.js, in the repository and in the installed package.
  const file = new URL(`../recordings/${DEMO_RECORDING}`, import.meta.url);
  const events = await loadEvents(file);
  const stderr = process.stderr;
  stderr.write(
    `Replaying the bundled recording ${DEMO_RECORDING} (${events.length} events, recorded from xAI by vercel/ai).\n` +
      'No API call is made.\n\n',
  );

  const intervalMs = speed === 0 ? 0 : DURATION_AT_SPEED_1_MS / speed / Math.max(1, events.length);
  const source = connectable(paced(events, intervalMs), { connector: () => new Subject<ResponseStreamEvent>() });
  const status = createReasoningStatus(stderr);
  const toStdout = process.stdout.isTTY ? printable : (text: string) => text;
  const startedAt = performance.now();
  let lastText = '';

  const final = await new Promise<ResponseSnapshot | undefined>((resolve) => {
    let snapshot: ResponseSnapshot | undefined;
    const ignore = (): void => undefined;
    source.pipe(reasoning()).subscribe({ next: (update) => status.update(update), error: ignore });
    source.pipe(textDeltas()).subscribe({
      next(delta) {
        if (lastText === '' && process.stdout.isTTY) status.textStarting();
        if (delta !== '') lastText = delta;
        process.stdout.write(toStdout(delta));
      },
      error: ignore,
    });
    source.pipe(scanResponse(), last()).subscribe({
      next: (s) => (snapshot = s),
      error: () => resolve(snapshot),
      complete: () => resolve(snapshot),
    });
    source.connect();
  });

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  if (process.stdout.isTTY && lastText !== '' && !lastText.endsWith('\n')) stderr.write('\n');
  const phase = final?.phase ?? 'streaming';
  const reason = final?.response.incomplete_details?.reason;
  stderr.write(
    `\nstatus:   ${phase === 'streaming' ? 'truncated (no terminal event)' : phase}${reason ? ` (${reason})` : ''}\n` +
      `usage:    ${formatUsage(final?.response.usage)}\n` +
      `duration: ${seconds} s\n`,
  );
  return phase === 'completed' ? 0 : phase === 'incomplete' ? 3 : 1;
}

function parseSpeed(value: string | undefined): number {
  if (value === undefined) return 1;
  const speed = Number(value);
  if (value.trim() === '' || !Number.isFinite(speed) || speed < 0) {
    throw new UsageError(`demo: --speed must be a number >= 0 (0 = no delay), got ${JSON.stringify(value)}`);
  }
  return speed;
}

async function loadEvents(file: URL): Promise<ResponseStreamEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`the bundled recording ${file.pathname} cannot be read (${(error as Error).message}); is the package installed completely?`);
  }
  return new Promise((resolve, reject) => {
    fromRecording(text)
      .pipe(toArray())
      .subscribe({
        next: resolve,
        error: (error: unknown) => reject(new Error(`the bundled recording is damaged: ${(error as Error).message}`)),
      });
  });
}
