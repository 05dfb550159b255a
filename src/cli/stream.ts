import { type ResponsesClient, createClient, isClientOptionsError } from '../index.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { parseSpeed } from './parseSpeed.js';
import { parseTransport, streamOver } from './streamOver.js';
import { readBundledRecording } from './readBundledRecording.js';
import { readRecording } from './readRecording.js';
import { replayRecording } from './replayRecording.js';
import { UsageError } from './UsageError.js';

/** The model `stream` asks for unless `--model` says otherwise: small, cheap and fast. */
export const DEFAULT_MODEL = 'gpt-5-nano';

/**
 * `rx-responses stream "prompt" [--model M] [--json] [--base-url URL] [--allow-insecure-http] [--recording FILE] [--speed N] [--transport http|websocket]`:
 * streams one response and prints it as it arrives (see `printStream`).
 *
 * - With `OPENAI_API_KEY` set, or with `--base-url` (a local server or a proxy that needs no
 *   key), it sends `{ model, input: prompt }` to `POST /responses` at `--base-url`, else
 *   `OPENAI_BASE_URL`, else `https://api.openai.com/v1`. Plain `http://` is refused except to
 *   localhost, 127.0.0.1 and ::1, unless `--allow-insecure-http` is given.
 * - With `--recording FILE` (JSON Lines or SSE), or without a key, it replays that file or the
 *   bundled recording through a local replay server and the same HTTP client, and says so on
 *   stderr: no API call is made. `--speed` paces the replay.
 * - `--transport websocket` uses WebSocket mode (one socket to `/responses`) instead of
 *   `POST /responses` with SSE, live and in replays alike; the output is the same.
 *
 * Resolves to the exit code: 0 completed, 3 incomplete, 1 failed, error, truncated or an HTTP
 * error, 130 after Ctrl-C. Usage errors (exit code 2) throw a {@link UsageError}.
 *
 * @example
 * ```ts
 * process.exitCode = await stream(['Say hello', '--model', 'gpt-5-mini']);
 * ```
 */
export async function stream(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('stream', args, {
    model: { type: 'string' },
    recording: { type: 'string' },
    json: { type: 'boolean' },
    'base-url': { type: 'string' },
    'allow-insecure-http': { type: 'boolean' },
    speed: { type: 'string' },
    transport: { type: 'string' },
  });
  const [prompt, ...extra] = positionals;
  if (prompt === undefined) throw new UsageError('stream: missing "prompt"');
  if (extra.length > 0) throw new UsageError(`stream: unexpected argument ${JSON.stringify(extra[0])} (quote a prompt with spaces)`);
  if (prompt.trim() === '') throw new UsageError('stream: the prompt is empty');
  const model = values.model ?? DEFAULT_MODEL;
  if (model.trim() === '') throw new UsageError('stream: --model is empty');
  const baseURL = values['base-url'];
  if (baseURL !== undefined && values.recording !== undefined) {
    throw new UsageError('stream: --base-url calls a server, --recording replays a file: give only one');
  }
  if (values['allow-insecure-http'] === true && values.recording !== undefined) {
    throw new UsageError('stream: --allow-insecure-http is for calling a server; --recording replays a file');
  }
  const json = values.json === true;
  const transport = parseTransport('stream', values.transport);
  const params = { model, input: prompt };
  const apiKey = process.env.OPENAI_API_KEY?.trim() || undefined;

  if (values.recording === undefined && (apiKey !== undefined || baseURL !== undefined)) {
    if (values.speed !== undefined) throw new UsageError('stream: --speed paces replays only (use it with --recording, or without OPENAI_API_KEY)');
    const client = liveClient(apiKey, baseURL, values['allow-insecure-http'] === true);
    if (!json) process.stderr.write(`Streaming ${model} from ${client.baseURL} …\n`);
    return streamOver(client, params, transport, { json });
  }

  const speed = parseSpeed('stream', values.speed);
  if (values.recording !== undefined) {
    const { text, name } = await readRecording(values.recording, (command) => `${command} > recording.jsonl`);
    const source = { text, name: `the recording ${name}` };
    return replayRecording(source, { params, json, speed, transport, hint: IGNORED_PROMPT });
  }
  return replayRecording(await readBundledRecording(), {
    params,
    json,
    speed,
    transport,
    reason: 'OPENAI_API_KEY is not set',
    hint: `${IGNORED_PROMPT} Set OPENAI_API_KEY to call the API.`,
  });
}

const IGNORED_PROMPT = 'The prompt goes only to the local server, which answers with the recording whatever it says.';

function liveClient(apiKey: string | undefined, baseURL: string | undefined, allowInsecureHttp: boolean): ResponsesClient {
  try {
    // Without --base-url the client falls back to OPENAI_BASE_URL, then to OpenAI's API.
    return createClient({ apiKey, allowInsecureHttp, ...(baseURL === undefined ? {} : { baseURL }) });
  } catch (error) {
    if (isClientOptionsError(error)) throw new UsageError(`stream: ${inCliTerms(error.message, baseURL === undefined ? 'OPENAI_BASE_URL' : '--base-url')}`);
    throw error;
  }
}

/** A client option error in the terms of this command: its flags and variables, not the library's options. */
function inCliTerms(message: string, baseURLSource: string): string {
  return message
    .replace(/^Invalid baseURL: /, `${baseURLSource}: `)
    .replace(/^Refusing /, `${baseURLSource}: refusing `)
    .replace('set allowInsecureHttp: true', 'add --allow-insecure-http')
    .replace('use apiKey or headers', 'set OPENAI_API_KEY instead');
}
