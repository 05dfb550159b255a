import { ResponseStreamError, type ResponseStreamErrorInit } from './ResponseStreamError.js';
import { redactValue } from './redactValue.js';

const NO_MESSAGE = 'The server sent an error event without a message';

const keep = (text: string): string => text;

/**
 * @internal The {@link ResponseStreamError} for an `error` event, read from the nested shape
 * `{type: "error", error: {type, code, message, param}}` (OpenAI, Open Responses) or the flat
 * one `{type: "error", code, message, param}`. The client and the operators both build it here,
 * so they agree on every field. Every string on it, the payload's included, goes through
 * `redact` (the client passes one that removes its API key; operators over a plain source keep
 * the text); `requestID` is the `x-request-id` of the HTTP response (or WebSocket handshake)
 * that carried the event.
 *
 * @example
 * ```ts
 * if (event.type === 'error') fail(toResponseStreamError(event, context.redact, requestID));
 * ```
 */
export function toResponseStreamError(event: object, redact: (text: string) => string = keep, requestID?: string): ResponseStreamError {
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
