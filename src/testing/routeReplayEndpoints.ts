import { jsonReply } from './jsonReply.js';
import { openAIErrorBody } from './openAIErrorBody.js';
import type { RecordedRequest } from './RecordedRequest.js';
import type { ReplayReply } from './ReplayReply.js';
import type { ReplayScript } from './ReplayScript.js';

const RESPONSE = /^\/v1\/responses\/([^/]+)\/?$/;
const INPUT_ITEMS = /^\/v1\/responses\/([^/]+)\/input_items\/?$/;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/**
 * @internal The replies of the endpoints around a response, or `undefined` when `request` is
 * for none of them: `POST /v1/responses/compact` (a `response.compaction` whose output is one
 * `compaction` item followed by the request's input messages), `DELETE /v1/responses/:id`,
 * `GET /v1/responses/:id/input_items` (the scripted input items, paged with `limit`, `after`
 * and `order`, newest first by default, as the API does) and `POST /v1/responses/input_tokens`
 * (an estimate: one token per 4 characters of the JSON of `input` and `instructions`).
 *
 * @example
 * ```ts
 * const reply = routeReplayEndpoints(request, script, 'req_1') ?? notFound();
 * ```
 */
export function routeReplayEndpoints(request: RecordedRequest, script: ReplayScript, requestId: string): ReplayReply | undefined {
  const { method, path } = request;
  const body = typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body) ? (request.body as Record<string, unknown>) : undefined;
  if (method === 'POST' && /^\/v1\/responses\/compact\/?$/.test(path)) {
    if (body === undefined) return badBody(requestId);
    const input = typeof body.input === 'string' ? [{ type: 'message', role: 'user', content: body.input }] : Array.isArray(body.input) ? body.input : [];
    const output = [{ id: 'cmp_replay', type: 'compaction', encrypted_content: Buffer.from(JSON.stringify(input)).toString('base64') }, ...input];
    return jsonReply(200, { id: 'resp_compact_replay', object: 'response.compaction', created_at: 0, output, usage: script.response.usage ?? null }, requestId);
  }
  if (method === 'POST' && /^\/v1\/responses\/input_tokens\/?$/.test(path)) {
    if (body === undefined) return badBody(requestId);
    const characters = JSON.stringify(body.input ?? '').length + JSON.stringify(body.instructions ?? '').length;
    return jsonReply(200, { object: 'response.input_tokens', input_tokens: Math.ceil(characters / 4) }, requestId);
  }
  const deleted = method === 'DELETE' ? RESPONSE.exec(path) : null;
  if (deleted !== null) {
    const id = decodeURIComponent(deleted[1] ?? '');
    if (id !== script.responseId) return notFound(id, requestId);
    return jsonReply(200, { id, object: 'response.deleted', deleted: true }, requestId);
  }
  const listed = method === 'GET' ? INPUT_ITEMS.exec(path) : null;
  if (listed !== null) {
    const id = decodeURIComponent(listed[1] ?? '');
    if (id !== script.responseId) return notFound(id, requestId);
    const limit = request.query.limit === undefined ? DEFAULT_LIMIT : Number(request.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return jsonReply(400, openAIErrorBody(400, { message: `Invalid 'limit': expected an integer from 1 to ${MAX_LIMIT}.`, param: 'limit' }), requestId);
    }
    const ordered = request.query.order === 'asc' ? [...script.inputItems] : [...script.inputItems].reverse();
    const after = request.query.after;
    const start = after === undefined ? 0 : ordered.findIndex((item) => item.id === after) + 1;
    if (after !== undefined && start === 0) {
      return jsonReply(400, openAIErrorBody(400, { message: `No input item with id '${after}'.`, param: 'after' }), requestId);
    }
    const data = ordered.slice(start, start + limit);
    return jsonReply(
      200,
      { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: start + limit < ordered.length },
      requestId,
    );
  }
  return undefined;
}

function badBody(requestId: string): ReplayReply {
  return jsonReply(400, openAIErrorBody(400, { message: 'We could not parse the JSON body of your request.' }), requestId);
}

function notFound(id: string, requestId: string): ReplayReply {
  return jsonReply(404, openAIErrorBody(404, { message: `Response with id '${id}' not found.` }), requestId);
}
