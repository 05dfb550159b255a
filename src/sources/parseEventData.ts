import { StreamParseError } from '../errors/StreamParseError.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';

/**
 * Where a payload sits in its input, for the error raised when it cannot be parsed.
 *
 * @example
 * ```ts
 * const position: PayloadPosition = { eventNumber: 3, line: 3 };
 * ```
 */
export interface PayloadPosition {
  /** 1-based position of the payload among the input's payloads. */
  eventNumber: number;
  /** 1-based physical line in JSON Lines input; absent for SSE. */
  line?: number;
}

/**
 * Parses one event payload (an SSE `data:` value or a JSON Lines line) into an event.
 *
 * Only checks what dispatch needs: valid JSON and a string `type`. Anything else, unknown
 * types included, passes through untouched as the parsed object, so new server events reach
 * the reducer as an `UnknownEvent` instead of killing the stream.
 *
 * @throws {@link StreamParseError} with reason `invalid_json` or `missing_type`.
 *
 * @example
 * ```ts
 * const event = parseEventData('{"type":"keepalive","sequence_number":7}', { eventNumber: 1 });
 * event.type; // 'keepalive'
 * ```
 */
export function parseEventData(data: string, position: PayloadPosition): ResponseStreamEvent {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    throw new StreamParseError({ reason: 'invalid_json', raw: data, eventNumber: position.eventNumber, line: position.line, cause });
  }
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
    throw new StreamParseError({ reason: 'missing_type', raw: data, eventNumber: position.eventNumber, line: position.line });
  }
  return value as ResponseStreamEvent;
}

/**
 * True for the `[DONE]` sentinel that Chat Completions servers and some proxies send as a last
 * `data:` payload. The Responses API never sends it, so sources drop it instead of failing.
 *
 * @example
 * ```ts
 * isDoneSentinel(' [DONE]\n'); // true
 * ```
 */
export function isDoneSentinel(data: string): boolean {
  // Every payload passes through here: skip the trim for anything longer than the sentinel.
  return data.length <= 32 && data.trim() === '[DONE]';
}
