import type { ResponseStreamEvent } from '../index.js';
import { jsonReply } from './jsonReply.js';
import { openAIErrorBody } from './openAIErrorBody.js';
import { routeReplayEndpoints } from './routeReplayEndpoints.js';
import type { RecordedRequest } from './RecordedRequest.js';
import type { ReplayReply } from './ReplayReply.js';
import type { ReplayScript } from './ReplayScript.js';

const RESPONSE = /^\/v1\/responses\/([^/]+)\/?$/;
const CANCEL = /^\/v1\/responses\/([^/]+)\/cancel\/?$/;

/**
 * @internal The reply the Responses API would send to `request` for the scripted response:
 * create (streaming or not), retrieve (or resume with `stream=true&starting_after=N`), cancel,
 * and a 404 error for anything else.
 *
 * @example
 * ```ts
 * const reply = routeReplayRequest(request, loadReplayScript({ recording }), 'req_1');
 * reply.sse; // true for POST /v1/responses with { stream: true }
 * ```
 */
export function routeReplayRequest(request: RecordedRequest, script: ReplayScript, requestId: string): ReplayReply {
  const { method, path } = request;
  const endpoint = routeReplayEndpoints(request, script, requestId);
  if (endpoint !== undefined) return endpoint;
  if (method === 'POST' && /^\/v1\/responses\/?$/.test(path)) {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return jsonReply(400, openAIErrorBody(400, { message: 'We could not parse the JSON body of your request.' }), requestId);
    }
    return (body as { stream?: unknown }).stream === true ? sseReply(script.events, requestId) : finalReply(script, requestId);
  }
  const retrieve = method === 'GET' ? RESPONSE.exec(path) : null;
  if (retrieve !== null) {
    const id = decodeURIComponent(retrieve[1] ?? '');
    if (id !== script.responseId) return notFound(id, requestId);
    if (request.query.stream !== 'true') return finalReply(script, requestId);
    const after = request.query.starting_after;
    if (after === undefined) return sseReply(script.events, requestId);
    const n = Number(after);
    if (after.trim() === '' || !Number.isInteger(n)) {
      const message = `Invalid 'starting_after': expected an integer, got '${after}'.`;
      return jsonReply(400, openAIErrorBody(400, { message, param: 'starting_after' }), requestId);
    }
    return sseReply(
      script.events.filter((event, index) => sequenceNumberOf(event, index) > n),
      requestId,
    );
  }
  const cancel = method === 'POST' ? CANCEL.exec(path) : null;
  if (cancel !== null) {
    const id = decodeURIComponent(cancel[1] ?? '');
    if (id !== script.responseId) return notFound(id, requestId);
    return jsonReply(200, { ...script.response, status: 'cancelled' }, requestId);
  }
  return jsonReply(404, openAIErrorBody(404, { message: `No route for ${method} ${path}.` }), requestId);
}

/** Serialized once per event list, so every request for the whole stream shares one body. */
const payloadsOf = new WeakMap<readonly ResponseStreamEvent[], ReplayReply['payloads']>();

function sseReply(events: readonly ResponseStreamEvent[], requestId: string): ReplayReply {
  let payloads = payloadsOf.get(events);
  if (payloads === undefined) {
    payloads = events.map((event) => ({ event: event.type, data: JSON.stringify(event) }));
    payloadsOf.set(events, payloads);
  }
  return {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': requestId,
    },
    sse: true,
    payloads,
  };
}

/** The non-streaming answer: the final response, or the error a stream ended with. */
function finalReply(script: ReplayScript, requestId: string): ReplayReply {
  const error = script.streamError;
  if (error === undefined) return jsonReply(200, script.response, requestId);
  const status = error.code === 'rate_limit_exceeded' || error.code === 'insufficient_quota' ? 429 : 500;
  return jsonReply(status, openAIErrorBody(status, { message: error.message, param: error.param, code: error.code }), requestId);
}

function notFound(id: string, requestId: string): ReplayReply {
  return jsonReply(404, openAIErrorBody(404, { message: `Response with id '${id}' not found.` }), requestId);
}

/** Events without a `sequence_number` count by position, so resuming still works on them. */
function sequenceNumberOf(event: ResponseStreamEvent, index: number): number {
  const seq = (event as { sequence_number?: unknown }).sequence_number;
  return typeof seq === 'number' ? seq : index;
}
