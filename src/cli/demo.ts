import { DEFAULT_MODEL } from './stream.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { parseSpeed } from './parseSpeed.js';
import { readBundledRecording } from './readBundledRecording.js';
import { replayRecording } from './replayRecording.js';
import { UsageError } from './UsageError.js';

/**
 * `rx-responses demo [--speed N] [--json]`: `stream` offline, always on the recording bundled
 * in `recordings/`, even when `OPENAI_API_KEY` is set. A local replay server serves it and the
 * real HTTP client streams it: the answer text goes to stdout as it arrives, the notice that
 * this is a replay, the reasoning status line and the closing status, usage and duration go to
 * stderr. `N` is the playback speed: 1 takes about 3 seconds, 0 means no delay. Resolves to the
 * exit code: 0 completed, 3 incomplete, 1 failed, error or truncated, 130 after Ctrl-C.
 *
 * @example
 * ```ts
 * process.exitCode = await demo(['--speed', '2']);
 * ```
 */
export async function demo(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('demo', args, { speed: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`demo: unexpected argument ${JSON.stringify(positionals[0])}`);
  const speed = parseSpeed('demo', values.speed);
  return replayRecording(await readBundledRecording(), {
    params: { model: DEFAULT_MODEL, input: 'rx-responses demo' },
    json: values.json === true,
    speed,
  });
}
