import { createClient, type ResponseCreateParams } from '../index.js';
import { startReplayServer } from '../testing/index.js';
import { plural } from './plural.js';
import { readReplayEvents } from './readReplayEvents.js';
import { replayDelayMs } from './replayDelayMs.js';
import { type Transport, streamOver } from './streamOver.js';
import { UsageError } from './UsageError.js';

/** Sent as the API key to the replay server, so a real key from the environment never is. */
const PLACEHOLDER_KEY = 'rx-responses-replay-placeholder';

/**
 * A recording to replay: its text (JSON Lines or SSE) and how to name it on stderr.
 *
 * @example
 * ```ts
 * const source: ReplaySource = { text, name: 'the recording hello.jsonl' };
 * ```
 */
export interface ReplaySource {
  text: string;
  /** E.g. `the recording capture.sse`. */
  name: string;
  /** Where it comes from, added in parentheses after the number of events. */
  origin?: string;
  /** True for the package's own recording: damage there is not the user's mistake. */
  bundled?: boolean;
}

/**
 * How {@link replayRecording} replays.
 *
 * @example
 * ```ts
 * const options: ReplayOptions = { params: { model: 'gpt-5-nano', input: 'Hi' }, json: false, speed: 1 };
 * ```
 */
export interface ReplayOptions {
  /** The request the client sends to the replay server (which answers with the recording whatever it says). */
  params: ResponseCreateParams;
  json: boolean;
  /** Playback speed: 1 takes about 3 seconds, 2 half that, 0 means no delay. */
  speed: number;
  /** `websocket` replays over the server's WebSocket mode; default `http`. */
  transport?: Transport;
  /** Why this is a replay, when the user did not ask for one (e.g. no API key). */
  reason?: string;
  /** Added to the notice, e.g. how to call the API instead. */
  hint?: string;
}

/**
 * Serves the first response of a recording from a loopback replay server
 * (`startReplayServer`, paced so the text visibly streams) and streams it through the real
 * HTTP client, printed by `printStream`. Says on stderr first that this is a replay and that
 * no API call is made. The server is closed before this resolves (to the exit code).
 *
 * @throws what {@link readReplayEvents} throws for a recording that cannot be replayed.
 *
 * @example
 * ```ts
 * process.exitCode = await replayRecording(await readBundledRecording(), { params, json: false, speed: 1 });
 * ```
 */
export async function replayRecording(source: ReplaySource, options: ReplayOptions): Promise<number> {
  const { events, responses } = readReplayEvents(source);
  const server = await startReplayServer({ events, delayMs: replayDelayMs(options.speed, events.length) });
  try {
    const counts = `${plural(events.length, 'event')}${responses > 1 ? `, the first of its ${responses} responses` : ''}${source.origin === undefined ? '' : `, ${source.origin}`}`;
    const replaying = `eplaying ${source.name} (${counts}) through a local replay server and the ${options.transport === 'websocket' ? 'WebSocket' : 'HTTP'} client.`;
    process.stderr.write(
      `${options.reason === undefined ? `R${replaying}` : `${options.reason}: r${replaying}`}\n` +
        `No API call is made.${options.hint === undefined ? '' : ` ${options.hint}`}\n\n`,
    );
    const client = createClient({ apiKey: PLACEHOLDER_KEY, baseURL: server.baseURL, maxRetries: 0 });
    return await streamOver(client, options.params, options.transport ?? 'http', { json: options.json });
  } finally {
    await server.close();
  }
}
