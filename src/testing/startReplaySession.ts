import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseStreamEvent } from '../index.js';
import { type ReplaySocketAnswer, type ReplayWebSocketSide, attachReplayWebSocket } from './attachReplayWebSocket.js';
import { createRequestLog } from './createRequestLog.js';
import { jsonReply } from './jsonReply.js';
import { listenLoopback } from './listenLoopback.js';
import { openAIErrorBody } from './openAIErrorBody.js';
import type { RecordedRequest } from './RecordedRequest.js';
import type { ReplayServer } from './ReplayServer.js';
import type { ReplaySessionOptions } from './ReplaySessionOptions.js';
import { sendReplayReply } from './sendReplayReply.js';

/**
 * What one turn of a scripted session expects of its request. Each given field is checked;
 * a request that differs gets a 400 naming every difference (and is listed in `mismatches`).
 *
 * @example
 * ```ts
 * const expectation: ReplayTurnExpectation = { previous_response_id: 'resp_1', function_call_outputs: [{ call_id: 'call_1', output: '{"celsius":21}' }] };
 * ```
 */
export interface ReplayTurnExpectation {
  /** The request's `previous_response_id` (`null`: must have none). */
  previous_response_id?: string | null;
  /** The `function_call_output` items of the input, in order; `output` checked when given (a RegExp: matched). */
  function_call_outputs?: readonly { call_id: string; output?: string | RegExp }[];
  /** The whole `input` array, compared as JSON. */
  input?: readonly unknown[];
  /** Any other check: return a description of what is wrong, or `undefined`. */
  check?: (body: Record<string, unknown>) => string | undefined;
}

/**
 * One turn of a scripted session: what its request must carry, and the response to stream.
 *
 * @example
 * ```ts
 * const turn: ReplayTurn = { events: turnOneEvents, expect: { previous_response_id: null } };
 * ```
 */
export interface ReplayTurn {
  /** The response to stream for this turn. */
  events: readonly ResponseStreamEvent[];
  expect?: ReplayTurnExpectation;
  /** Delay between events in ms (default: the session's `delayMs`). */
  delayMs?: number;
}

/**
 * A loopback server that plays a multi-turn conversation: the n-th request for a response
 * (`POST /responses`, or a `response.create` message in WebSocket mode) is checked against the
 * n-th turn's expectation and answered with its events.
 *
 * @example
 * ```ts
 * const session = await startReplaySession({ turns });
 * expect(session.mismatches).toStrictEqual([]);
 * ```
 */
export interface ReplaySession extends ReplayServer {
  /** Every difference found between a request and its turn's expectation, as messages. */
  readonly mismatches: readonly string[];
  /** How many turns were served. */
  readonly turnsServed: number;
}

/**
 * Starts a loopback (127.0.0.1) server that scripts a multi-turn session, for testing tool
 * loops: each request for a response is checked against the next turn's expectation (its
 * `previous_response_id`, its `function_call_output` items, its whole `input` for
 * `store: false`) and answered with that turn's recorded events. Over HTTP, `POST /responses`
 * gets them as SSE; in WebSocket mode (`ws://127.0.0.1:<port>/v1/responses`, on the same
 * port) each `response.create` message gets them as JSON frames, so a whole loop can run on
 * one socket. Both share one count of turns. A request that does not match, or comes after
 * the last turn, gets a 400 in the API's error shape (over WebSocket: an `error` frame with
 * `status: 400`) and is listed in `mismatches`.
 *
 * @example
 * ```ts
 * const session = await startReplaySession({ turns: [{ events: turn1 }, { events: turn2, expect: { previous_response_id: 'resp_1' } }] });
 * const client = createClient({ baseURL: session.baseURL, apiKey: 'test' });
 * await lastValueFrom(client.responses.run({ model: 'm', input: 'Hi' }, { tools }).pipe(finalResponse()));
 * await session.close();
 * ```
 */
export async function startReplaySession(options: ReplaySessionOptions): Promise<ReplaySession> {
  const turns = options.turns;
  const log = createRequestLog('ReplaySession.waitForIdle');
  const mismatches: string[] = [];
  let served = 0;

  /** The next turn for a request body, or the 400 message that refuses it. */
  const nextTurn = (body: Readonly<Record<string, unknown>>, attempt: number): ReplayTurn | string => {
    const turn = turns[served];
    const problems = turn === undefined ? [`request ${attempt} came after the last of ${turns.length} scripted turn(s)`] : check(turn.expect, body);
    if (problems.length > 0) {
      const message = `Turn ${served + 1}: ${problems.join('; ')}`;
      mismatches.push(message);
      return message;
    }
    served++;
    return turn as ReplayTurn;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const received = await log.receive(req, res);
    if (received === undefined) return;
    const { request, requestId, closed } = received;
    const pacing = { chunkSize: undefined, delayMs: 0 };
    if (request.method !== 'POST' || !/^\/v1\/responses\/?$/.test(request.path)) {
      await sendReplayReply(res, jsonReply(404, openAIErrorBody(404, { message: `No route for ${request.method} ${request.path}.` }), requestId), undefined, pacing, closed);
      return;
    }
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const turn = nextTurn(body, request.attempt);
    if (typeof turn === 'string') {
      await sendReplayReply(res, jsonReply(400, openAIErrorBody(400, { message: turn }), requestId), undefined, pacing, closed);
      return;
    }
    const reply = {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': requestId },
      sse: true,
      payloads: turn.events.map((event) => ({ event: event.type, data: JSON.stringify(event) })),
    };
    await sendReplayReply(res, reply, undefined, { chunkSize: undefined, delayMs: turn.delayMs ?? options.delayMs ?? 0 }, closed);
  }

  // Set by `setup`, which runs before listenLoopback returns.
  let webSocket!: ReplayWebSocketSide;
  const listening = await listenLoopback(handle, {
    setup(server) {
      webSocket = attachReplayWebSocket(server, {
        events: [],
        options: options.webSocket ?? {},
        delayMs: options.delayMs ?? 0,
        record: log.record,
        nextAttempt: log.nextAttempt,
        answer(message, n): ReplaySocketAnswer {
          const { type: _create, stream_id: _lane, ...body } = message;
          const turn = nextTurn(body, n + 1);
          if (typeof turn === 'string') return { events: [], fault: { kind: 'error', status: 400, message: turn } };
          return { events: turn.events, delayMs: turn.delayMs };
        },
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
    get mismatches(): readonly string[] {
      return [...mismatches];
    },
    get turnsServed(): number {
      return served;
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
function check(expect: ReplayTurnExpectation | undefined, body: Record<string, unknown>): string[] {
  if (expect === undefined) return [];
  const problems: string[] = [];
  if (expect.previous_response_id !== undefined) {
    const got = body.previous_response_id ?? null;
    if (got !== expect.previous_response_id) problems.push(`previous_response_id is ${JSON.stringify(got)}, expected ${JSON.stringify(expect.previous_response_id)}`);
  }
  const input = Array.isArray(body.input) ? (body.input as Record<string, unknown>[]) : [];
  if (expect.function_call_outputs !== undefined) {
    const outputs = input.filter((item) => item?.type === 'function_call_output');
    if (outputs.length !== expect.function_call_outputs.length) {
      problems.push(`${outputs.length} function_call_output item(s), expected ${expect.function_call_outputs.length}`);
    }
    expect.function_call_outputs.forEach((want, i) => {
      const got = outputs[i];
      if (got === undefined) return;
      if (got.call_id !== want.call_id) problems.push(`function_call_output ${i} answers ${JSON.stringify(got.call_id)}, expected ${JSON.stringify(want.call_id)}`);
      const output = typeof got.output === 'string' ? got.output : JSON.stringify(got.output);
      if (want.output instanceof RegExp ? !want.output.test(output) : want.output !== undefined && output !== want.output) {
        problems.push(`function_call_output ${i} is ${JSON.stringify(output)}, expected ${String(want.output instanceof RegExp ? want.output : JSON.stringify(want.output))}`);
      }
    });
  }
  if (expect.input !== undefined && JSON.stringify(body.input) !== JSON.stringify(expect.input)) {
    problems.push(`input differs from the expected ${expect.input.length} item(s): got ${JSON.stringify(body.input).slice(0, 300)}`);
  }
  const extra = expect.check?.(body);
  if (extra !== undefined) problems.push(extra);
  return problems;
}
