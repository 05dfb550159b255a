import type { ReplayTurn } from './startReplaySession.js';
import type { ReplayWebSocketOptions } from './ReplayWebSocketOptions.js';

/**
 * Options of `startReplaySession()`.
 *
 * @example
 * ```ts
 * const options: ReplaySessionOptions = { turns: [{ events: turn1 }, { events: turn2 }], delayMs: 5, webSocket: { firstEventDelayMs: 20 } };
 * ```
 */
export interface ReplaySessionOptions {
  /** The turns, in order: the n-th request (HTTP `POST /responses` or WebSocket `response.create`) plays the n-th. */
  readonly turns: readonly ReplayTurn[];
  /** Delay between events in ms for turns that set none (default 0). */
  readonly delayMs?: number;
  /**
   * WebSocket mode's pacing and faults (`responses` is the turns'): a fault given for the
   * n-th `response.create` replaces that turn's answer, as on the replay server.
   */
  readonly webSocket?: Omit<ReplayWebSocketOptions, 'responses'>;
}
