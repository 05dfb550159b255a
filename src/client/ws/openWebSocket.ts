import type { IncomingMessage } from 'node:http';
import { APIConnectionError } from '../../errors/APIConnectionError.js';
import type { RxResponsesError } from '../../errors/RxResponsesError.js';
import type { Redactor } from '../redactSecret.js';
import { toAPIError } from '../toAPIError.js';

/** A refused upgrade's body is read up to this size, for the error message. */
const MAX_REJECTION_BODY_BYTES = 64 * 1024;

/**
 * @internal How a connection ended: the close code and reason, the platform's error if one
 * came first, and, when the server refused the upgrade with an HTTP status (`ws` reports it;
 * the platform `WebSocket` does not), the error of that status.
 *
 * @example
 * ```ts
 * const ended: SocketEnd = { code: 1006, reason: '' };
 * ```
 */
export interface SocketEnd {
  code: number;
  reason: string;
  error?: unknown;
  rejection?: { error: RxResponsesError; retryable: boolean };
}

/**
 * @internal What a connection reports, each at most once except `message`.
 *
 * @example
 * ```ts
 * const handlers: SocketHandlers = { open() {}, message(text) {}, close(end) {} };
 * ```
 */
export interface SocketHandlers {
  open(): void;
  /** A text frame; `undefined` for a binary one, which this protocol never sends. */
  message(text: string | undefined): void;
  close(end: SocketEnd): void;
}

/**
 * @internal One WebSocket connection, platform-neutral. Nothing is reported after `close()`.
 *
 * @example
 * ```ts
 * const connection = openWebSocket(url, headers, redact, handlers);
 * connection.send('{"type":"response.create"}');
 * ```
 */
export interface WebSocketConnection {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** The part of `ws` (and of the platform `WebSocket`) this file uses. */
interface NodeWebSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'open', listener: () => void): unknown;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'unexpected-response', listener: (request: { destroy(): void }, response: IncomingMessage) => void): unknown;
}
type NodeWebSocketConstructor = new (url: string, options: { headers: Record<string, string>; followRedirects: boolean; perMessageDeflate: boolean }) => NodeWebSocket;

type PlatformWebSocketConstructor = new (url: string, options?: string[] | { headers: Record<string, string> }) => WebSocket;

let loading: Promise<NodeWebSocketConstructor> | undefined;

/** `ws`, imported on first use only, so nobody who stays on HTTP loads it. */
function loadWs(): Promise<NodeWebSocketConstructor> {
  // A `ws` without a WebSocket class fails like a missing one: an APIConnectionError, tried again next time.
  loading ??= import('ws')
    .then((module: Record<string, unknown>) => {
      const candidate = (module.WebSocket ?? (module.default as Record<string, unknown> | undefined)?.WebSocket ?? module.default) as unknown;
      if (typeof candidate !== 'function') throw new Error('the ws package has no WebSocket export');
      return candidate as NodeWebSocketConstructor;
    })
    .catch((cause: unknown) => {
      loading = undefined;
      throw new APIConnectionError({
        message: 'WebSocket mode needs a WebSocket: this platform has no global WebSocket (Node 20) and the "ws" package could not be loaded. Install it: npm install ws',
        cause,
      });
    });
  return loading;
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof (process as { versions?: { node?: string } }).versions?.node === 'string';
}

/**
 * @internal Opens a WebSocket to `url` with `headers` on the upgrade request, without
 * following redirects (a redirect could carry the key to another host). On Node the `ws`
 * package is used, imported on first use (it reports a refused upgrade's status, which Node's
 * global `WebSocket` does not), with the global one as the fallback when `ws` cannot be
 * loaded; elsewhere (browsers, Deno, Bun) the platform's `WebSocket`. A browser `WebSocket` cannot send headers: with any header
 * to send there, the connection fails at once with an `APIConnectionError` saying so.
 *
 * @example
 * ```ts
 * const connection = openWebSocket('ws://127.0.0.1:8080/v1/responses', { authorization: 'Bearer k' }, redact, handlers);
 * ```
 */
export function openWebSocket(url: string, headers: Readonly<Record<string, string>>, redact: Redactor, handlers: SocketHandlers): WebSocketConnection {
  let closedByUs = false;
  let ended = false;
  let socket: { send(text: string): void; close(code: number, reason: string): void; abort(): void; isConnecting(): boolean } | undefined;

  const end = (info: SocketEnd): void => {
    if (ended || closedByUs) return;
    ended = true;
    handlers.close(info);
  };

  const Platform = (globalThis as { WebSocket?: PlatformWebSocketConstructor }).WebSocket;
  const usePlatform = (Platform: PlatformWebSocketConstructor): void => {
    const hasHeaders = Object.keys(headers).length > 0;
    if (hasHeaders && !isNode()) {
      // Reported after openWebSocket() returns, as every other end is: the caller may not yet
      // hold the connection its handlers compare against.
      queueMicrotask(() =>
        end({
          code: 1006,
          reason: '',
          rejection: {
            retryable: false,
            error: new APIConnectionError({
              message:
                'A browser WebSocket cannot send headers (Authorization, api-key, …): connect to your own server without a key, and let it add the key and relay to the API',
            }),
          },
        }),
      );
      return;
    }
    let ws: WebSocket;
    try {
      // Node's global WebSocket (undici) takes headers as a non-standard option; it never follows redirects.
      ws = hasHeaders ? new Platform(url, { headers: { ...headers } }) : new Platform(url);
    } catch (error) {
      // A URL the platform refuses (a SyntaxError), or a port it blocks.
      queueMicrotask(() => end({ code: 1006, reason: '', rejection: { retryable: false, error: new APIConnectionError({ message: redact(`Cannot open a WebSocket to ${url}: ${(error as Error).message}`), cause: error }) } }));
      return;
    }
    let failure: unknown;
    ws.addEventListener('open', () => !closedByUs && handlers.open());
    ws.addEventListener('message', (event: MessageEvent) => {
      if (!closedByUs) handlers.message(typeof event.data === 'string' ? event.data : undefined);
    });
    ws.addEventListener('error', (event: Event) => (failure = (event as { error?: unknown }).error ?? new Error('WebSocket error')));
    ws.addEventListener('close', (event: CloseEvent) => end({ code: event.code, reason: redact(event.reason), ...(failure === undefined ? {} : { error: failure }) }));
    socket = {
      send: (text) => ws.send(text),
      close: (code, reason) => ws.close(code, reason),
      abort: () => ws.close(),
      isConnecting: () => ws.readyState === 0,
    };
  };

  const start = (): void => {
    // On Node, the `ws` package is preferred even where a global WebSocket exists (Node 22+):
    // Node's global one reports a refused upgrade only as close code 1006, losing the status
    // (a 401 must be an AuthenticationError, not a reconnect). It is the fallback when `ws`
    // cannot be loaded (a bundle without it).
    if (typeof Platform === 'function' && !isNode()) {
      usePlatform(Platform);
      return;
    }

    loadWs().then(
      (NodeWs) => {
        if (closedByUs) return;
        let failure: unknown;
        let rejection: SocketEnd['rejection'];
        const ws = new NodeWs(url, { headers: { ...headers }, followRedirects: false, perMessageDeflate: false });
        ws.on('open', () => !closedByUs && handlers.open());
        ws.on('message', (data, isBinary) => {
          if (!closedByUs) handlers.message(isBinary ? undefined : data.toString('utf8'));
        });
        ws.on('error', (error) => (failure ??= error));
        ws.on('close', (code, reason) => end({ code, reason: redact(reason.toString('utf8')), ...(failure === undefined ? {} : { error: failure }), ...(rejection === undefined ? {} : { rejection }) }));
        ws.on('unexpected-response', (_request, response) => {
          readRejection(response, redact).then((found) => {
            rejection = found;
            ws.terminate();
          }, () => ws.terminate());
        });
        socket = {
          send: (text) => ws.send(text),
          // A socket still connecting is aborted by the caller's close(), never closed: see isConnecting.
          close: (code, reason) => ws.close(code, reason),
          abort: () => ws.terminate(),
          isConnecting: () => ws.readyState === 0,
        };
      },
      (error: unknown) => {
        if (closedByUs) return;
        if (typeof Platform === 'function') usePlatform(Platform);
        else end({ code: 1006, reason: '', rejection: { retryable: false, error: error as RxResponsesError } });
      },
    );
  };
  start();

  return {
    send(text) {
      socket?.send(text);
    },
    close(code, reason) {
      if (closedByUs) return;
      closedByUs = true;
      if (socket === undefined) return;
      try {
        if (socket.isConnecting()) socket.abort();
        else socket.close(code, reason);
      } catch {
        socket.abort();
      }
    },
  };
}

/** The error for an upgrade the server answered with an HTTP status instead of `101`. */
function readRejection(response: IncomingMessage, redact: Redactor): Promise<NonNullable<SocketEnd['rejection']>> {
  const status = response.statusCode ?? 0;
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  if (status >= 300 && status < 400) {
    response.resume();
    const message = `The WebSocket upgrade was redirected (${status}); redirects are not followed, so the API key never goes to another address. Use the final URL as baseURL.`;
    return Promise.resolve({ retryable: false, error: new APIConnectionError({ message }) });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      response.removeAllListeners('data');
      const body = Buffer.concat(chunks).toString('utf8');
      const error = toAPIError({ status, statusText: response.statusMessage ?? '', headers, body }, redact);
      resolve({ error, retryable: status === 408 || status === 409 || status === 429 || status >= 500 });
    };
    response.on('data', (chunk: Buffer) => {
      if (size >= MAX_REJECTION_BODY_BYTES) return;
      chunks.push(chunk.subarray(0, MAX_REJECTION_BODY_BYTES - size));
      size += chunk.length;
      if (size >= MAX_REJECTION_BODY_BYTES) finish();
    });
    response.once('end', finish);
    response.once('error', finish);
  });
}
