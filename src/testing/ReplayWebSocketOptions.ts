import type { ResponseStreamEvent } from '../index.js';
import type { ReplaySocketFault, ReplayUpgradeFault } from './ReplaySocketFault.js';

/**
 * One `response.create` message a replay server received over WebSocket.
 *
 * @example
 * ```ts
 * expect(server.socketMessages[0]).toMatchObject({ connection: 1, message: { type: 'response.create', model: 'gpt-5-nano' } });
 * ```
 */
export interface ReplaySocketMessage {
  /** 1-based number of the WebSocket connection it came on. */
  connection: number;
  /** 1-based arrival number among all messages, over every connection. */
  attempt: number;
  /** The message, parsed as JSON when it is JSON, else the text. */
  message: unknown;
}

/**
 * How a replay server answers in WebSocket mode (`ws://…/v1/responses` on the same port).
 * Each `response.create` gets the next scripted response (the server's recording when none is
 * scripted), its events as JSON text frames echoing the message's `stream_id`; responses of
 * one connection run one after another per `stream_id`, as the API does.
 *
 * @example
 * ```ts
 * const server = await startReplayServer({
 *   recording,
 *   webSocket: { responses: [first, second], faults: [undefined, { kind: 'drop', afterEvents: 2 }], firstEventDelayMs: 20 },
 * });
 * ```
 */
export interface ReplayWebSocketOptions {
  /**
   * The responses to serve, one per `response.create` in arrival order (over all connections);
   * after the last, the list starts again. Default: the server's recording for every create.
   */
  responses?: readonly (readonly ResponseStreamEvent[])[];
  /**
   * Faults per `response.create` in arrival order (`faults[0]` for the first), or a function of
   * each message; `undefined` serves normally.
   */
  faults?: readonly (ReplaySocketFault | undefined)[] | ((message: ReplaySocketMessage) => ReplaySocketFault | undefined);
  /** Faults per upgrade request in arrival order (refuse, redirect, accept slowly). */
  upgrades?: readonly (ReplayUpgradeFault | undefined)[];
  /** Wait this long before the first event of every response (a model thinking). Default 0. */
  firstEventDelayMs?: number;
}
