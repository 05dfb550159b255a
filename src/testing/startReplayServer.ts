import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { applyReplayFault } from './applyReplayFault.js';
import { attachReplayWebSocket } from './attachReplayWebSocket.js';
import { jsonReply } from './jsonReply.js';
import { loadReplayScript } from './loadReplayScript.js';
import { openAIErrorBody } from './openAIErrorBody.js';
import type { RecordedRequest } from './RecordedRequest.js';
import type { ReplayFault } from './ReplayFault.js';
import type { ReplayServer } from './ReplayServer.js';
import type { ReplayServerOptions } from './ReplayServerOptions.js';
import { readRecordedRequest } from './readRecordedRequest.js';
import { routeReplayRequest } from './routeReplayRequest.js';
import { sendReplayReply } from './sendReplayReply.js';
import { trackOpenResponses } from './trackOpenResponses.js';

/** Pending connections the kernel may queue (it caps this at its own `somaxconn`). */
const LISTEN_BACKLOG = 4096;

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

  const recorded: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const socketsGone = new Set<() => void>();
  let arrivals = 0;
  /** Requests whose response is not yet fully written and whose connection is still open. */
  const busy = trackOpenResponses('ReplayServer.waitForIdle');

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const attempt = ++arrivals;
    const requestId = `req_${attempt}`;
    const closed = new AbortController();
    // 'close' comes once the response was fully written or its connection went away.
    busy.track(res, () => closed.abort());
    let request: RecordedRequest;
    try {
      request = await readRecordedRequest(req, attempt);
    } catch {
      return; // the client went away while sending its body
    }
    recorded.push(request);
    recorded.sort((a, b) => a.attempt - b.attempt);
    let fault: ReplayFault | undefined;
    try {
      fault = faultFor(request);
    } catch (error) {
      const message = `startReplayServer: the faults function threw: ${error instanceof Error ? error.message : String(error)}`;
      await sendReplayReply(res, jsonReply(500, openAIErrorBody(500, { message }), requestId), undefined, { chunkSize: undefined, delayMs: 0 }, closed.signal);
      return;
    }
    if (fault?.kind === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    const reply = applyReplayFault(routeReplayRequest(request, script, requestId), fault, requestId);
    await sendReplayReply(res, reply, fault, { chunkSize, delayMs }, closed.signal);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  const webSocket = attachReplayWebSocket(server, {
    events: script.events,
    options: options.webSocket ?? {},
    delayMs,
    record(request) {
      recorded.push(request);
      recorded.sort((a, b) => a.attempt - b.attempt);
    },
    nextAttempt: () => ++arrivals,
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    // One TCP segment per write, so chunking and byte splitting reach the client as written.
    socket.setNoDelay(true);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) for (const settle of [...socketsGone]) settle();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A load test opens hundreds of connections at once: Node's default backlog (511) would let
    // the kernel drop the surplus, each then waiting a second or more for its SYN to be resent.
    server.listen({ host: '127.0.0.1', port: requestedPort, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    get requests(): readonly RecordedRequest[] {
      return [...recorded];
    },
    openConnections: busy.count,
    waitForIdle: (timeoutMs?: number): Promise<void> => busy.waitForIdle(timeoutMs),
    webSocketConnections: webSocket.connections,
    openWebSockets: webSocket.openSockets,
    get socketMessages() {
      return webSocket.messages();
    },
    close(): Promise<void> {
      webSocket.close();
      closing ??= Promise.all([
        new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
        // The server reports 'close' before its sockets have emitted theirs.
        new Promise<void>((resolve) => {
          if (sockets.size === 0) resolve();
          else socketsGone.add(resolve);
          for (const socket of sockets) socket.destroy();
        }),
      ]).then(() => undefined);
      return closing;
    },
  };
}
