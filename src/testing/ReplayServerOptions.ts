import type { ResponseStreamEvent } from '../index.js';
import type { RecordedRequest } from './RecordedRequest.js';
import type { ReplayFault } from './ReplayFault.js';
import type { ReplayWebSocketOptions } from './ReplayWebSocketOptions.js';

/**
 * What a replay server serves, and how. Give exactly one of `recording` and `events`.
 *
 * @example
 * ```ts
 * const server = await startReplayServer({
 *   recording: await readFile('test/fixtures/azure-text-1.jsonl', 'utf8'),
 *   chunkSize: 7,
 *   delayMs: 5,
 *   faults: (request) => (request.attempt === 1 ? { kind: 'reset' } : undefined),
 * });
 * ```
 */
export interface ReplayServerOptions {
  /**
   * The stream to serve: the text of a JSON Lines or SSE recording, told apart by content. If it
   * holds several responses, the first is served. A line that is not an event makes
   * {@link startReplayServer} reject with the `StreamParseError`.
   */
  recording?: string;
  /**
   * The stream to serve, as events. If they hold several responses, the first is served. They
   * are serialized once, for the first request that streams them all: change them after that and
   * the server goes on sending what they were.
   */
  events?: readonly ResponseStreamEvent[];
  /** Bytes per socket write of the SSE body (default: one write per event). */
  chunkSize?: number;
  /** Delay between writes in ms (default 0). */
  delayMs?: number;
  /**
   * The port to listen on, on `127.0.0.1`; default 0, a free ephemeral port. A port in use makes
   * {@link startReplayServer} reject with Node's `EADDRINUSE` error.
   */
  port?: number;
  /**
   * Faults, applied per request in arrival order: `faults[0]` to the 1st request, and so on;
   * `undefined` entries (or requests past the end) are served normally. The function form gets
   * each request (method, path, attempt number, ...) and returns a fault or `undefined`.
   */
  faults?: readonly (ReplayFault | undefined)[] | ((request: RecordedRequest) => ReplayFault | undefined);
  /**
   * The input items `GET /v1/responses/:id/input_items` lists, oldest first (an item without an
   * `id` gets `item_replay_<n>`). Default: one user message.
   */
  inputItems?: readonly Record<string, unknown>[];
  /**
   * WebSocket mode on the same port (`ws://127.0.0.1:<port>/v1/responses`): scripted responses,
   * faults and slow or refused upgrades. It is on without this option, serving the recording.
   */
  webSocket?: ReplayWebSocketOptions;
}
