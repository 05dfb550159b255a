import type { RecordedRequest } from './RecordedRequest.js';
import type { ReplaySocketMessage } from './ReplayWebSocketOptions.js';

/**
 * A running replay server on the loopback interface, from {@link startReplayServer}.
 *
 * @example
 * ```ts
 * const server = await startReplayServer({ recording });
 * try {
 *   await fetch(`${server.baseURL}/responses`, { method: 'POST', body: JSON.stringify({ stream: true }) });
 *   expect(server.requests).toHaveLength(1);
 * } finally {
 *   await server.close();
 * }
 * ```
 */
export interface ReplayServer {
  /** e.g. `'http://127.0.0.1:54321/v1'`: pass it as the client's `baseURL`. */
  readonly baseURL: string;
  /** The ephemeral port the server listens on. */
  readonly port: number;
  /**
   * Every request received so far, in arrival order (headers lower-cased, body parsed as JSON
   * when it is JSON). A request is listed once its body has been read in full.
   */
  readonly requests: readonly RecordedRequest[];
  /**
   * The number of connections open right now that are serving a request: each counts from the
   * request's arrival until its response is fully written or the connection closes. A client
   * that stops reading without aborting keeps a streaming response, and so its connection,
   * counted. Idle connections are not counted: sockets a client keeps alive for reuse, and
   * sockets opened without a request yet (undici opens one right after an aborted fetch).
   */
  openConnections(): number;
  /**
   * Resolves when {@link ReplayServer.openConnections} reaches 0; rejects when it has not after
   * `timeoutMs` (default 2000). Use it to check that a client closed its connection after an
   * abort or unsubscribe.
   */
  waitForIdle(timeoutMs?: number): Promise<void>;
  /** WebSocket connections accepted so far (WebSocket mode, `ws://…/v1/responses`). */
  webSocketConnections(): number;
  /** WebSocket connections open right now. */
  openWebSockets(): number;
  /** Every WebSocket message received so far, in arrival order. */
  readonly socketMessages: readonly ReplaySocketMessage[];
  /**
   * Stops listening, destroys open sockets and resolves once the server is fully closed, with no
   * socket or timer of its own left. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}
