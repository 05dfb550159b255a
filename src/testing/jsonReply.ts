import type { ReplayReply } from './ReplayReply.js';

/**
 * @internal A JSON reply with the headers every replay reply carries.
 *
 * @example
 * ```ts
 * jsonReply(200, { id: 'resp_1', output: [] }, 'req_1');
 * ```
 */
export function jsonReply(status: number, value: unknown, requestId: string): ReplayReply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    sse: false,
    payloads: [{ data: JSON.stringify(value) }],
  };
}
