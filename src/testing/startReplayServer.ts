import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyReplayFault } from './applyReplayFault.js';
import { createRequestLog } from './createRequestLog.js';
import { type ReplayWebSocketSide, attachReplayWebSocket } from './attachReplayWebSocket.js';
import { jsonReply } from './jsonReply.js';
import { listenLoopback } from './listenLoopback.js';
import { loadReplayScript } from './loadReplayScript.js';
import { openAIErrorBody } from './openAIErrorBody.js';
import type { RecordedRequest } from './RecordedRequest.js';
import type { ReplayFault } from './ReplayFault.js';
import type { ReplayServer } from './ReplayServer.js';
import type { ReplayServerOptions } from './ReplayServerOptions.js';
import { routeReplayRequest } from './routeReplayRequest.js';
import { sendReplayReply } from './sendReplayReply.js';

/**
 * Starts an HTTP server on `127.0.0.1` (an ephemeral port unless `port` says otherwise, never another
 * address) that speaks
 * the Responses API from a recording, for testing clients without the network. Node only.
 *
 * Routes, all under `/v1`:
 * - `POST /v1/responses`: with `stream: true`, a 200 `text/event-stream` of every event
 *   (`event: <type>` + `data: <json>` frames), then the end of the body; otherwise a 200
 *   `application/json` with the final response (the terminal event's `response`; a stream that
 *   ended with an `error` event and no response gives that error as a 500, or 429 for quota and
 *   rate-limit codes). A body that is not a JSON object gets a 400.
 * - `GET /v1/responses/:id`: the final response; with `?stream=true[&starting_after=N]`, the
 *   events whose `sequence_number` is greater than `N` (all without it) as SSE. `:id` is the
 *   recording's response id; any other id gets a 404.
 * - `POST /v1/responses/:id/cancel`: the final response with `status: 'cancelled'`.
 * - Anything else: a 404.
 *
 * Errors use OpenAI's shape `{ error: { message, type, param, code } }`. Every response carries
 * `x-request-id: req_<n>`, `n` being the request's arrival number. Connections are kept alive
 * between requests, as the API does; SSE bodies use chunked encoding. Built for load too: it
 * accepts thousands of connections at once (a listen backlog of 4096, as far as the system
 * allows), and every response of the whole stream shares one encoded body.
 * Faults from `options.faults` turn chosen requests into failures (see {@link ReplayFault}).
 *
 * @throws (rejects) `TypeError` unless exactly one of `recording` and `events` is given,
 *   `RangeError` for a `chunkSize` that is not a positive integer, a negative `delayMs` or a `port`
 *   outside 0–65535, Node's listen error (`code` `EADDRINUSE`, `EACCES`) when `port` cannot be used, and
 *   the `StreamParseError` of a recording line that is not an event.
 *
 * @example
 * ```ts
 * import { startReplayServer } from 'rx-responses/testing';
 *
 * const server = await startReplayServer({ recording: await readFile('hello.jsonl', 'utf8'), faults: [{ kind: 'reset' }] });
 * try {
 *   const client = new OpenAI({ apiKey: 'test', baseURL: server.baseURL }); // retries after the reset
 *   const stream = await client.responses.create({ model: 'gpt-5-nano', input: 'Hi', stream: true });
 *   for await (const event of stream) console.log(event.type);
 *   console.log(server.requests.length); // 2
 * } finally {
 *   await server.close();
 * }
 * ```
 */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const script = loadReplayScript(options);
  const { chunkSize, delayMs = 0, faults, port: requestedPort = 0 } = options;
  if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize > 0)) {
    throw new RangeError(`startReplayServer: chunkSize must be a positive integer, got ${String(chunkSize)}`);
  }
  if (!(Number.isFinite(delayMs) && delayMs >= 0)) {
    throw new RangeError(`startReplayServer: delayMs must be a finite number >= 0, got ${String(delayMs)}`);
  }
  if (!(Number.isInteger(requestedPort) && requestedPort >= 0 && requestedPort <= 65535)) {
    throw new RangeError(`startReplayServer: port must be an integer from 0 to 65535, got ${String(requestedPort)}`);
  }
  const faultFor = (request: RecordedRequest): ReplayFault | undefined =>
    typeof faults === 'function' ? faults(request) : faults?.[request.attempt - 1];

  const log = createRequestLog('ReplayServer.waitForIdle');

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const received = await log.receive(req, res);
    if (received === undefined) return;
    const { request, requestId, closed } = received;
    let fault: ReplayFault | undefined;
    try {
      fault = faultFor(request);
    } catch (error) {
      const message = `startReplayServer: the faults function threw: ${error instanceof Error ? error.message : String(error)}`;
      await sendReplayReply(res, jsonReply(500, openAIErrorBody(500, { message }), requestId), undefined, { chunkSize: undefined, delayMs: 0 }, closed);
      return;
    }
    if (fault?.kind === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    const reply = applyReplayFault(routeReplayRequest(request, script, requestId), fault, requestId);
    await sendReplayReply(res, reply, fault, { chunkSize, delayMs }, closed);
  }

  // Set by `setup`, which runs before listenLoopback returns.
  let webSocket!: ReplayWebSocketSide;
  const listening = await listenLoopback(handle, {
    port: requestedPort,
    setup(server) {
      webSocket = attachReplayWebSocket(server, {
        events: script.events,
        options: options.webSocket ?? {},
        delayMs,
        record: log.record,
        nextAttempt: log.nextAttempt,
      });
    },
    beforeClose: () => webSocket.close(),
  });

  return {
    baseURL: listening.baseURL,
    port: listening.port,
    get requests(): readonly RecordedRequest[] {
      return log.requests;
    },
    openConnections: log.openConnections,
    waitForIdle: log.waitForIdle,
    webSocketConnections: webSocket.connections,
    openWebSockets: webSocket.openSockets,
    get socketMessages() {
      return webSocket.messages();
    },
    close: listening.close,
  };
}
