import { readFile } from 'node:fs/promises';
import type { ReplaySource } from './replayRecording.js';

/** The recording `demo` (and `stream` without an API key) replays, from the package's `recordings/` folder. */
const BUNDLED_RECORDING = 'xai-text-with-reasoning-streaming-1.jsonl';

/**
 * Reads the recording bundled with the package. A missing or unreadable file is a broken
 * installation, reported as such (exit code 1).
 *
 * @example
 * ```ts
 * const source = await readBundledRecording();
 * ```
 */
export async function readBundledRecording(): Promise<ReplaySource> {
  // Relative to the running file: dist/cli.js, in the repository and in the installed package.
  const file = new URL(`../recordings/${BUNDLED_RECORDING}`, import.meta.url);
  try {
    return {
      text: await readFile(file, 'utf8'),
      name: `the bundled recording ${BUNDLED_RECORDING}`,
      origin: 'recorded from xAI by vercel/ai',
      bundled: true,
    };
  } catch (error) {
    throw new Error(`the bundled recording ${file.pathname} cannot be read (${(error as Error).message}); is the package installed completely?`);
  }
}
