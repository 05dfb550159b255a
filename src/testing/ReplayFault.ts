/**
 * Something that goes wrong on one request to a replay server, as seen by the client. Each
 * fault is applied to the reply the route would have sent otherwise, so the same fault works on
 * a streaming `POST /v1/responses`, a resume `GET` and a JSON reply (where the JSON document
 * counts as a single event).
 *
 * - `status`: answer with this HTTP status instead. `body` defaults to OpenAI's JSON error shape
 *   `{ error: { message, type, param, code } }`; an object is sent as JSON, a string as is.
 *   `headers` are added to (and override) the usual ones, e.g. `{ 'retry-after': '1' }`.
 * - `reset`: reset the connection (TCP RST) before any byte of the response.
 * - `drop`: send the status, the headers and the first `afterBytes` bytes or `afterEvents` events
 *   of the body (whichever comes first; nothing of the body when neither is given), then close
 *   the connection without finishing the body.
 * - `stall`: send `afterEvents` events, then nothing for `ms` milliseconds before going on; without
 *   `ms`, stay silent until the client gives up or the server closes. With `until`, go on as soon
 *   as that promise settles (or `ms` passes, if given, whichever comes first): a gate the test
 *   opens, e.g. once every client has reached the same point of its stream.
 * - `invalidJson`: replace the data of event `atEvent` (0-based) with a truncated, invalid JSON
 *   text. An index past the last event changes nothing.
 * - `splitBytes`: write the body one byte per socket write, cutting lines, frames and multi-byte
 *   characters anywhere.
 * - `contentType`: a 200 whose `content-type` is `contentType` (a proxy's `text/html` page, say).
 *   The body is the usual one unless `body` replaces it.
 *
 * @example
 * ```ts
 * const server = await startReplayServer({
 *   recording,
 *   faults: [{ kind: 'status', status: 429, headers: { 'retry-after': '1' } }, { kind: 'drop', afterEvents: 3 }],
 * });
 * ```
 */
export type ReplayFault =
  | { kind: 'status'; status: number; body?: string | object; headers?: Record<string, string> }
  | { kind: 'reset' }
  | { kind: 'drop'; afterBytes?: number; afterEvents?: number }
  | { kind: 'stall'; afterEvents: number; ms?: number; until?: PromiseLike<unknown> }
  | { kind: 'invalidJson'; atEvent: number }
  | { kind: 'splitBytes' }
  | { kind: 'contentType'; contentType: string; body?: string };
