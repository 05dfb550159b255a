import { jsonReply } from './jsonReply.js';
import { openAIErrorBody } from './openAIErrorBody.js';
import type { ReplayFault } from './ReplayFault.js';
import type { ReplayReply } from './ReplayReply.js';

/**
 * @internal The reply after the faults that change what is sent (`status`, `contentType`,
 * `invalidJson`). Faults that change how it is sent are left to {@link sendReplayReply}.
 *
 * @example
 * ```ts
 * applyReplayFault(reply, { kind: 'status', status: 503 }, 'req_2').status; // 503
 * ```
 */
export function applyReplayFault(reply: ReplayReply, fault: ReplayFault | undefined, requestId: string): ReplayReply {
  switch (fault?.kind) {
    case 'status': {
      const { status, body, headers } = fault;
      const base = typeof body === 'string' ? textReply(status, body, requestId) : jsonReply(status, body ?? openAIErrorBody(status), requestId);
      return { ...base, headers: { ...base.headers, ...lowerCaseNames(headers ?? {}) } };
    }
    case 'contentType': {
      const headers = { ...reply.headers, 'content-type': fault.contentType };
      if (fault.body === undefined) return { ...reply, headers };
      return { ...reply, headers, sse: false, payloads: [{ data: fault.body }] };
    }
    case 'invalidJson': {
      const payloads = reply.payloads.map((payload, index) => (index === fault.atEvent ? { ...payload, data: truncate(payload.data) } : payload));
      return { ...reply, payloads };
    }
    default:
      return reply;
  }
}

function textReply(status: number, body: string, requestId: string): ReplayReply {
  const reply = jsonReply(status, null, requestId);
  return { ...reply, headers: { ...reply.headers, 'content-type': isJSON(body) ? 'application/json' : 'text/plain; charset=utf-8' }, payloads: [{ data: body }] };
}

/** A proper prefix of a JSON object is never valid JSON: what a corrupted line looks like. */
function truncate(data: string): string {
  return data.slice(0, Math.max(1, Math.floor(data.length / 2)));
}

function isJSON(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function lowerCaseNames(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
