import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { ResponseStreamEvent } from '../index.js';
import { openAIErrorBody } from './openAIErrorBody.js';
import type { RecordedRequest } from './RecordedRequest.js';
import type { ReplaySocketFault } from './ReplaySocketFault.js';
import type { ReplaySocketMessage, ReplayWebSocketOptions } from './ReplayWebSocketOptions.js';

/**
 * @internal The WebSocket side of a replay server: what it has seen, and how to stop it.
 *
 * @example
 * ```ts
 * const sockets = attachReplayWebSocket(server, { events, options: {}, delayMs: 0, record, nextAttempt });
 * sockets.connections(); // upgrades accepted so far
 * ```
 */
export interface ReplayWebSocketSide {
  /** WebSocket connections accepted so far. */
  connections(): number;
  /** WebSocket connections open right now. */
  openSockets(): number;
  messages(): readonly ReplaySocketMessage[];
  close(): void;
}

/**
 * @internal How a replay server answers one `response.create` over WebSocket.
 *
 * @example
 * ```ts
 * const answer: ReplaySocketAnswer = { events: [], fault: { kind: 'error', status: 400, message: 'Unexpected input' } };
 * ```
 */
export interface ReplaySocketAnswer {
  readonly events: readonly ResponseStreamEvent[];
  /** Delay between events in ms (default: the server's). */
  readonly delayMs?: number | undefined;
  readonly fault?: ReplaySocketFault | undefined;
}

/**
 * @internal Makes `server` answer WebSocket upgrades of `/v1/responses` (WebSocket mode),
 * with `ws` imported on the first upgrade only. Each upgrade is recorded as a `GET` request.
 *
 * @example
 * ```ts
 * const sockets = attachReplayWebSocket(server, { events: script.events, options: options.webSocket ?? {}, delayMs, record, nextAttempt });
 * ```
 */
export function attachReplayWebSocket(
  server: Server,
  setup: {
    events: readonly ResponseStreamEvent[];
    options: ReplayWebSocketOptions;
    delayMs: number;
    record(request: RecordedRequest): void;
    nextAttempt(): number;
    /**
     * Answers the `n`-th (0-based) `response.create` of the server, given its message: the
     * events to stream, their pacing and any fault (ahead of `options.faults`). Default: the
     * next of `options.responses`, else `events`.
     */
    answer?(message: Readonly<Record<string, unknown>>, n: number): ReplaySocketAnswer;
  },
): ReplayWebSocketSide {
  const { options, delayMs } = setup;
  const open = new Set<WebSocket>();
  const timers = new Set<NodeJS.Timeout>();
  const received: ReplaySocketMessage[] = [];
  let wss: WebSocketServer | undefined;
  let loading: Promise<WebSocketServer> | undefined;
  let upgrades = 0;
  let accepted = 0;
  let creates = 0;
  let closed = false;

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (closed) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const load = (): Promise<WebSocketServer> => {
    loading ??= import('ws').then((module) => {
      const Server = module.WebSocketServer ?? (module as unknown as { default: { WebSocketServer: typeof WebSocketServer } }).default.WebSocketServer;
      wss = new Server({ noServer: true, perMessageDeflate: false });
      return wss;
    });
    return loading;
  };

  const refuse = (socket: Duplex, status: number, headers: Record<string, string>, body: string): void => {
    const lines = [`HTTP/1.1 ${status} Replayed`, 'connection: close', `content-length: ${Buffer.byteLength(body)}`];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const attempt = setup.nextAttempt();
    const fault = options.upgrades?.[upgrades++];
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    setup.record(upgradeRequest(req, attempt));
    const requestId = `req_${attempt}`;
    if (!/^\/v1\/responses\/?$/.test(path)) {
      refuse(socket, 404, { 'content-type': 'application/json', 'x-request-id': requestId }, JSON.stringify(openAIErrorBody(404, { message: `No WebSocket route for ${path}.` })));
      return;
    }
    if (fault?.kind === 'status') {
      const body = fault.body === undefined ? openAIErrorBody(fault.status) : fault.body;
      refuse(socket, fault.status, { 'content-type': 'application/json', 'x-request-id': requestId }, typeof body === 'string' ? body : JSON.stringify(body));
      return;
    }
    if (fault?.kind === 'redirect') {
      refuse(socket, 307, { location: fault.location, 'x-request-id': requestId }, '');
      return;
    }
    const delay = fault?.kind === 'delay' ? wait(fault.ms) : Promise.resolve();
    Promise.all([load(), delay]).then(([webSockets]) => {
      if (closed || socket.destroyed) return socket.destroy();
      webSockets.handleUpgrade(req, socket, head, (ws) => serve(ws, ++accepted));
    }, () => socket.destroy());
  });

  const serve = (ws: WebSocket, connection: number): void => {
    open.add(ws);
    ws.once('close', () => open.delete(ws));
    /** Per stream_id, the end of the last response queued: the next one starts after it. */
    const lanes = new Map<string, Promise<void>>();
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        message = text;
      }
      const entry: ReplaySocketMessage = { connection, attempt: received.length + 1, message };
      received.push(entry);
      // Only an object can carry `type: 'response.create'` (text, numbers and arrays read as no type).
      const record = message as Record<string, unknown> | null;
      if (record?.type !== 'response.create') {
        const body = openAIErrorBody(400, { message: `Expected a JSON message of type 'response.create'.`, code: 'invalid_message' });
        ws.send(JSON.stringify({ type: 'error', status: 400, ...body }));
        return;
      }
      const streamId = typeof record.stream_id === 'string' ? record.stream_id : undefined;
      const n = creates++;
      const scripted = options.responses;
      const answer = setup.answer?.(record, n);
      const events = answer?.events ?? (scripted === undefined || scripted.length === 0 ? setup.events : (scripted[n % scripted.length] ?? []));
      let fault: ReplaySocketFault | undefined = answer?.fault;
      try {
        fault ??= typeof options.faults === 'function' ? options.faults(entry) : options.faults?.[n];
      } catch {
        fault = { kind: 'error', status: 500, message: 'startReplayServer: the webSocket faults function threw' };
      }
      const lane = streamId ?? '';
      const previous = lanes.get(lane) ?? Promise.resolve();
      const done = previous.then(() => respond(ws, events, streamId, fault, answer?.delayMs ?? delayMs));
      lanes.set(lane, done);
    });
  };

  const respond = async (ws: WebSocket, events: readonly ResponseStreamEvent[], streamId: string | undefined, fault: ReplaySocketFault | undefined, eventDelayMs: number): Promise<void> => {
    const live = (): boolean => !closed && ws.readyState === ws.OPEN;
    const first = options.firstEventDelayMs ?? 0;
    if (first > 0) await wait(first);
    const at = fault === undefined ? Infinity : (fault.afterEvents ?? 0);
    for (let index = 0; index <= events.length; index++) {
      if (!live()) return;
      if (index === at && fault !== undefined) {
        if (fault.kind === 'drop') return ws.terminate();
        if (fault.kind === 'close') {
          if (fault.code === 1006) ws.terminate();
          else if (fault.code === 1005) ws.close();
          else ws.close(fault.code, fault.reason);
          return;
        }
        if (fault.kind === 'error') {
          // A field left undefined takes the status's default; JSON leaves out an undefined status or stream_id.
          const body = openAIErrorBody(fault.status ?? 500, { message: fault.message, type: fault.type, code: fault.code, param: fault.param });
          ws.send(JSON.stringify({ type: 'error', ...body, status: fault.status, stream_id: streamId }));
          return;
        }
        if (fault.kind === 'stall') {
          if (fault.ms === undefined) return;
          await wait(fault.ms);
          if (!live()) return;
        }
        if (fault.kind === 'invalidJson') ws.send('{"type":"response.output_text.delta","delta":');
      }
      const event = events[index];
      if (event === undefined) return;
      if (index > 0 && eventDelayMs > 0) await wait(eventDelayMs);
      if (!live()) return;
      ws.send(JSON.stringify(streamId === undefined ? event : { ...event, stream_id: streamId }));
    }
  };

  return {
    connections: () => accepted,
    openSockets: () => open.size,
    messages: () => [...received],
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const ws of open) ws.terminate();
      wss?.close();
    },
  };
}

/** The upgrade as a recorded `GET` (it has no body to read). */
function upgradeRequest(req: IncomingMessage, attempt: number): RecordedRequest {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body: undefined, attempt };
}
