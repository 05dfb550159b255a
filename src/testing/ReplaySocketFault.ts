/**
 * Something that goes wrong on one `response.create` sent to a replay server in WebSocket
 * mode, after `afterEvents` events of that response (default 0):
 *
 * - `drop`: cut the TCP connection without a close frame (the client sees code 1006).
 * - `close`: close the WebSocket with `code` (1000–1003, 1007–1014, 3000–4999, or 1005 for a
 *   close frame without a code; 1006 is the same as `drop`; 1015 cannot be sent by a server).
 * - `error`: send an error message `{ type: 'error', error: { type, code, message, param }, status? }`
 *   instead of the rest of the response; `status` is left out unless given.
 * - `stall`: send nothing more for `ms` milliseconds (forever without `ms`), then go on.
 * - `invalidJson`: send a text frame that is not JSON instead of the next event.
 *
 * @example
 * ```ts
 * const server = await startReplayServer({ recording, webSocket: { faults: [{ kind: 'close', code: 1012, afterEvents: 3 }] } });
 * ```
 */
export type ReplaySocketFault =
  | { kind: 'drop'; afterEvents?: number }
  | { kind: 'close'; code: number; reason?: string; afterEvents?: number }
  | { kind: 'error'; status?: number; code?: string | null; type?: string; message?: string; param?: string | null; afterEvents?: number }
  | { kind: 'stall'; ms?: number; afterEvents?: number }
  | { kind: 'invalidJson'; afterEvents?: number };

/**
 * What happens to one WebSocket upgrade request to a replay server:
 *
 * - `status`: refuse it with this HTTP status (and OpenAI's JSON error body, or `body`).
 * - `redirect`: answer `307` with `location`.
 * - `delay`: accept it only after `ms` milliseconds (a slow accept).
 *
 * @example
 * ```ts
 * await startReplayServer({ recording, webSocket: { upgrades: [{ kind: 'status', status: 401 }] } });
 * ```
 */
export type ReplayUpgradeFault =
  | { kind: 'status'; status: number; body?: string | object }
  | { kind: 'redirect'; location: string }
  | { kind: 'delay'; ms: number };
