import { ResponseStreamError, type ResponseStreamErrorInit } from '../errors/ResponseStreamError.js';
import { type Redactor, redactValue } from './redactSecret.js';

const NO_MESSAGE = 'The server sent an error event without a message';

/**
 * @internal The {@link ResponseStreamError} a transport raises for an `error` event, read from
 * the nested shape `{type: "error", error: {type, code, message, param}}` (OpenAI, Open
 * Responses) or the flat one `{type: "error", code, message, param}`. Every string on it, the
 * payload's included, goes through `redact`; `requestID` is the `x-request-id` of the HTTP
 * response (or WebSocket handshake) that carried the event.
 *
 * @example
 * ```ts
 * if (event.type === 'error') fail(toResponseStreamError(event, context.redact, requestID));
 * ```
 */
export function toResponseStreamError(event: object, redact: Redactor, requestID: string | undefined): ResponseStreamError {
  const record = event as Record<string, unknown>;
  const nested = typeof record.error === 'object' && record.error !== null && !Array.isArray(record.error) ? (record.error as Record<string, unknown>) : undefined;
  const fields = nested ?? record;
  const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? redact(value) : typeof value === 'number' ? String(value) : null);
  // In the flat shape `type` is the event's own ("error"), not the provider's error type.
  const type = nested === undefined ? null : text(nested.type);
  const init: ResponseStreamErrorInit = {
    code: text(fields.code) ?? (nested === undefined ? null : text(record.code)),
    message: text(fields.message) ?? (typeof record.error === 'string' && record.error !== '' ? redact(record.error) : NO_MESSAGE),
    param: text(fields.param),
    type,
    payload: redactValue(fields, redact) as Record<string, unknown>,
  };
  if (requestID !== undefined) init.requestID = redact(requestID);
  const sequenceNumber = record.sequence_number;
  if (typeof sequenceNumber === 'number') init.sequenceNumber = sequenceNumber;
  return new ResponseStreamError(init);
}
