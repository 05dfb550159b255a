import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  AuthenticationError,
  BadRequestError,
  ClientOptionsError,
  ConflictError,
  InternalServerError,
  InvalidJSONError,
  MaxTurnsExceededError,
  NotFoundError,
  OutputRefusalError,
  OutputValidationError,
  PermissionDeniedError,
  RateLimitError,
  ResponseFailedError,
  ResponseStreamError,
  StreamParseError,
  StreamTruncatedError,
  ToolCallError,
  UnprocessableEntityError,
  isAPIConnectionError,
  isAPIError,
  isAPITimeoutError,
  isAuthenticationError,
  isBadRequestError,
  isClientOptionsError,
  isConflictError,
  isInternalServerError,
  isInvalidJSONError,
  isMaxTurnsExceededError,
  isNotFoundError,
  isOutputRefusalError,
  isOutputValidationError,
  isPermissionDeniedError,
  isRateLimitError,
  isResponseFailedError,
  isResponseStreamError,
  isRxResponsesError,
  isStreamParseError,
  isStreamTruncatedError,
  isToolCallError,
  isUnprocessableEntityError,
} from '../../src/errors/index.js';
import { hasErrorName, truncateRawText, withSnapshot } from '../../src/errors/RxResponsesError.js';
import type { Response } from '../../src/events/Response.js';
import { applyEvent, emptySnapshot } from '../../src/reduce/index.js';
import type { ResponseSnapshot } from '../../src/reduce/ResponseSnapshot.js';
import { recording } from '../support/fixtures.js';

/** The snapshot after the first `count` events of a recorded stream that ends in an `error` event. */
const snapshotAfter = (count: number): ResponseSnapshot => recording('openai-error-1.jsonl').events.slice(0, count).reduce(applyEvent, emptySnapshot());

/** What another copy of the library (a second bundle) would have on its errors. */
const foreign = (name: string): object => ({ name, [Symbol.for('rx-responses.error')]: true });

const STATUS_CLASSES = [
  { Class: BadRequestError, guard: isBadRequestError, name: 'BadRequestError', code: 'bad_request', status: 400 },
  { Class: AuthenticationError, guard: isAuthenticationError, name: 'AuthenticationError', code: 'authentication_error', status: 401 },
  { Class: PermissionDeniedError, guard: isPermissionDeniedError, name: 'PermissionDeniedError', code: 'permission_denied', status: 403 },
  { Class: NotFoundError, guard: isNotFoundError, name: 'NotFoundError', code: 'not_found', status: 404 },
  { Class: ConflictError, guard: isConflictError, name: 'ConflictError', code: 'conflict', status: 409 },
  { Class: UnprocessableEntityError, guard: isUnprocessableEntityError, name: 'UnprocessableEntityError', code: 'unprocessable_entity', status: 422 },
  { Class: RateLimitError, guard: isRateLimitError, name: 'RateLimitError', code: 'rate_limit_exceeded', status: 429 },
  { Class: InternalServerError, guard: isInternalServerError, name: 'InternalServerError', code: 'internal_server_error', status: 500 },
] as const;

describe('RxResponsesError (through its subclasses)', () => {
  it('keeps no `cause` property when none was given, and the given one otherwise', () => {
    expect('cause' in new ClientOptionsError('model', 'bad')).toBe(false);
    expect('cause' in new APIConnectionError()).toBe(false);
    const root = new Error('socket hang up');
    expect(new APIConnectionError({ cause: root }).cause).toBe(root);
  });

  it('writes name, code and message, and nothing else, as JSON', () => {
    expect(JSON.parse(JSON.stringify(new APIConnectionError({ message: 'down', cause: new Error('x') })))).toEqual({
      name: 'APIConnectionError',
      code: 'connection_error',
      message: 'down',
    });
  });

  it('is recognised by its brand, also on an error from another copy of the library', () => {
    expect(isRxResponsesError(new ClientOptionsError('a', 'b'))).toBe(true);
    expect(isRxResponsesError(foreign('Whatever'))).toBe(true);
    expect(isRxResponsesError({ [Symbol.for('rx-responses.error')]: 'yes' })).toBe(false);
    expect(isRxResponsesError(new Error('plain'))).toBe(false);
    expect(isRxResponsesError(null)).toBe(false);
    expect(isRxResponsesError(undefined)).toBe(false);
    expect(isRxResponsesError('StreamParseError')).toBe(false);
  });

  it('needs the brand and the name for a per-class guard', () => {
    expect(hasErrorName(foreign('StreamParseError'), 'StreamParseError')).toBe(true);
    expect(hasErrorName(foreign('StreamParseError'), 'ToolCallError')).toBe(false);
    expect(hasErrorName(Object.assign(new Error('x'), { name: 'StreamParseError' }), 'StreamParseError')).toBe(false);
  });

  it('attaches a snapshot only to its own errors that have none yet', () => {
    const first = snapshotAfter(1);
    const second = snapshotAfter(2);
    const bare = new APIConnectionError();
    expect(withSnapshot(bare, first)).toBe(bare);
    expect(bare.snapshot).toBe(first);
    withSnapshot(bare, second);
    expect(bare.snapshot).toBe(first);
    const other = { snapshot: undefined };
    expect(withSnapshot(other, first)).toBe(other);
    expect(other.snapshot).toBeUndefined();
  });

  it('keeps 200 characters of untrusted text, then an ellipsis', () => {
    expect(truncateRawText('a'.repeat(200))).toBe('a'.repeat(200));
    expect(truncateRawText(`${'a'.repeat(200)}b`)).toBe(`${'a'.repeat(200)}…`);
  });
});

describe('APIError and the status classes', () => {
  it('takes the request id from the headers and fills what the server did not send', () => {
    const error = new APIError({ status: 418, message: "418 I'm a teapot", headers: { 'x-request-id': 'req_1', 'retry-after': '2' } });
    expect(error).toMatchObject({ name: 'APIError', code: 'api_error', status: 418, requestID: 'req_1', type: null, param: null, serverMessage: undefined });
    expect(error.message).toBe("418 I'm a teapot");
    expect(error.headers).toEqual({ 'x-request-id': 'req_1', 'retry-after': '2' });
    const bare = new APIError({ status: 502, message: 'bad gateway', code: null, type: null, param: null });
    expect(bare.headers).toEqual({});
    expect(bare.requestID).toBeUndefined();
    expect(bare.code).toBe('api_error');
  });

  it("keeps the server's code, type, param and message", () => {
    const error = new APIError({ status: 400, message: 'm', code: 'context_length_exceeded', type: 'invalid_request_error', param: 'input', serverMessage: 'too long' });
    expect(error).toMatchObject({ code: 'context_length_exceeded', type: 'invalid_request_error', param: 'input', serverMessage: 'too long' });
    expect(new APIError({ status: 400, message: 'm', code: '' }).code).toBe('api_error');
  });

  it('writes every field but the message body as JSON', () => {
    const error = new APIError({ status: 400, message: 'm', code: 'c', type: 't', param: 'p', serverMessage: 's', headers: { 'x-request-id': 'r' } });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'APIError',
      code: 'c',
      message: 'm',
      status: 400,
      requestID: 'r',
      type: 't',
      param: 'p',
      serverMessage: 's',
      headers: { 'x-request-id': 'r' },
    });
  });

  it.each(STATUS_CLASSES)('$name has its name, its default code, and a guard only it passes', ({ Class, guard, name, code, status }) => {
    const error = new Class({ status, message: `${status}` });
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(new Class({ status, message: 'm', code: 'server_code' }).code).toBe('server_code');
    expect(guard(error)).toBe(true);
    expect(guard(foreign(name))).toBe(true);
    expect(isAPIError(error)).toBe(true);
    for (const other of STATUS_CLASSES) if (other.name !== name) expect(other.guard(error)).toBe(false);
    expect(guard(new APIError({ status, message: 'm' }))).toBe(false);
  });

  it('isAPIError needs the API brand as well as the library one', () => {
    expect(isAPIError(new APIError({ status: 418, message: 'm' }))).toBe(true);
    expect(isAPIError({ ...foreign('APIError'), [Symbol.for('rx-responses.api-error')]: true })).toBe(true);
    expect(isAPIError(foreign('APIError'))).toBe(false);
    expect(isAPIError({ [Symbol.for('rx-responses.api-error')]: true })).toBe(false);
    expect(isAPIError(new APIConnectionError())).toBe(false);
  });
});

describe('APIConnectionError and APITimeoutError', () => {
  it('has a default message', () => {
    const error = new APIConnectionError();
    expect(error).toMatchObject({ name: 'APIConnectionError', code: 'connection_error', message: 'Connection error' });
    expect(new APIConnectionError({}).message).toBe('Connection error');
  });

  it('says which timeout ran out and after how long', () => {
    expect(new APITimeoutError({ kind: 'connect', timeoutMs: 100 }).message).toBe('Request timed out (connect): no response headers within 100 ms');
    expect(new APITimeoutError({ kind: 'idle', timeoutMs: 5 }).message).toBe('Request timed out (idle): no data received for 5 ms');
    expect(new APITimeoutError({ kind: 'total', timeoutMs: 60000 }).message).toBe('Request timed out (total): the request took longer than 60000 ms');
    const error = new APITimeoutError({ kind: 'idle', timeoutMs: 5 });
    expect(error).toMatchObject({ name: 'APITimeoutError', code: 'timeout', kind: 'idle', timeoutMs: 5 });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'APITimeoutError', code: 'timeout', message: error.message, kind: 'idle', timeoutMs: 5 });
  });

  it('counts a timeout as a connection error, but not the other way round', () => {
    const timeout = new APITimeoutError({ kind: 'total', timeoutMs: 1 });
    expect(isAPIConnectionError(timeout)).toBe(true);
    expect(isAPIConnectionError(new APIConnectionError())).toBe(true);
    expect(isAPITimeoutError(timeout)).toBe(true);
    expect(isAPITimeoutError(new APIConnectionError())).toBe(false);
    expect(isAPIConnectionError(new APIError({ status: 500, message: 'm' }))).toBe(false);
    expect(isAPIError(timeout)).toBe(false);
  });
});

describe('StreamParseError', () => {
  it('says where the bad input was, what is wrong with it, and quotes it', () => {
    const byLine = new StreamParseError({ reason: 'invalid_json', raw: '{"a":', eventNumber: 3, line: 7 });
    expect(byLine.message).toBe('Stream input at line 7 is not valid JSON: "{\\"a\\":"');
    expect(byLine).toMatchObject({ name: 'StreamParseError', code: 'stream_parse_error', reason: 'invalid_json', line: 7, eventNumber: 3, raw: '{"a":' });
    const byEvent = new StreamParseError({ reason: 'missing_type', raw: '{}', eventNumber: 4 });
    expect(byEvent.message).toBe('Stream input at event 4 has no string "type" field: "{}"');
    expect(byEvent.line).toBeUndefined();
  });

  it('gives its own code to an event that is too large, with the limit when known', () => {
    const error = new StreamParseError({ reason: 'event_too_large', raw: 'x', eventNumber: 1, maxEventBytes: 64 });
    expect(error.message).toBe('Stream input at event 1 is larger than maxEventBytes (64 bytes): "x"');
    expect(error.code).toBe('event_too_large');
    expect(new StreamParseError({ reason: 'event_too_large', raw: 'x', eventNumber: 1 }).message).toBe('Stream input at event 1 is larger than maxEventBytes: "x"');
    expect(new StreamParseError({ reason: 'invalid_json', raw: 'x', eventNumber: 1, maxEventBytes: 64 }).message).toBe('Stream input at event 1 is not valid JSON: "x"');
  });

  it('keeps 200 characters of the input, its cause, and writes its fields as JSON', () => {
    const cause = new SyntaxError('Unexpected end');
    const error = new StreamParseError({ reason: 'invalid_json', raw: 'y'.repeat(300), eventNumber: 2, line: 9, cause });
    expect(error.raw).toBe(`${'y'.repeat(200)}…`);
    expect(error.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'StreamParseError', code: 'stream_parse_error', message: error.message, reason: 'invalid_json', line: 9, eventNumber: 2, raw: error.raw });
    expect(isStreamParseError(error)).toBe(true);
    expect(isStreamParseError(new InvalidJSONError({ message: 'm', position: 0, near: '' }))).toBe(false);
  });
});

describe('ResponseStreamError', () => {
  it("names the server's code and request, and keeps its fields", () => {
    const error = new ResponseStreamError({ code: 'server_error', message: 'It broke', param: 'model', type: 'server', requestID: 'req_2', sequenceNumber: 5, payload: { a: 1 } });
    expect(error.message).toBe('Stream error (server_error): It broke (request req_2)');
    expect(error).toMatchObject({ name: 'ResponseStreamError', code: 'server_error', param: 'model', type: 'server', sequenceNumber: 5, serverMessage: 'It broke', payload: { a: 1 }, requestID: 'req_2' });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'ResponseStreamError', code: 'server_error', message: error.message, type: 'server', param: 'model', sequenceNumber: 5, requestID: 'req_2' });
  });

  it('has a code and type of its own when the server sent none', () => {
    const snapshot = snapshotAfter(2);
    const error = new ResponseStreamError({ code: null, message: 'm', param: null, snapshot });
    expect(error.message).toBe('Stream error (stream_error): m');
    expect(error).toMatchObject({ code: 'stream_error', type: null, requestID: undefined, sequenceNumber: undefined, payload: undefined });
    expect(error.snapshot).toBe(snapshot);
    expect(isResponseStreamError(error)).toBe(true);
    expect(isResponseStreamError(new APIConnectionError())).toBe(false);
  });
});

describe('StreamTruncatedError', () => {
  it('counts the events received and takes the last sequence number from the snapshot', () => {
    const one = snapshotAfter(1);
    const error = new StreamTruncatedError({ snapshot: one });
    expect(error.message).toBe('Stream ended without a terminal event after 1 event');
    expect(error.lastSequenceNumber).toBe(0);
    expect(error.snapshot).toBe(one);
    expect(new StreamTruncatedError({ snapshot: snapshotAfter(2) }).message).toBe('Stream ended without a terminal event after 2 events');
    expect(new StreamTruncatedError({}).message).toBe('Stream ended without a terminal event after 0 events');
    expect(new StreamTruncatedError({}).lastSequenceNumber).toBeUndefined();
  });

  it('prefers the given message and sequence number, and keeps the cause', () => {
    const cause = new TypeError('terminated');
    const error = new StreamTruncatedError({ snapshot: snapshotAfter(2), lastSequenceNumber: 9, message: 'cut', cause });
    expect(error).toMatchObject({ name: 'StreamTruncatedError', code: 'stream_truncated', message: 'cut', lastSequenceNumber: 9 });
    expect(error.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'StreamTruncatedError', code: 'stream_truncated', message: 'cut', lastSequenceNumber: 9 });
    expect(isStreamTruncatedError(error)).toBe(true);
    expect(isStreamTruncatedError(new APIConnectionError())).toBe(false);
  });
});

describe('ResponseFailedError', () => {
  const failed = (error: unknown, id?: string): Response => ({ id, object: 'response', status: 'failed', output: [], error }) as unknown as Response;

  it("gives the server's code and message", () => {
    const snapshot = snapshotAfter(2);
    const error = new ResponseFailedError(failed({ code: 'server_error', message: 'Try again' }, 'resp_1'), snapshot);
    expect(error.message).toBe('Response resp_1 failed (server_error): Try again');
    expect(error).toMatchObject({ name: 'ResponseFailedError', code: 'server_error' });
    expect(error.response.id).toBe('resp_1');
    expect(error.snapshot).toBe(snapshot);
  });

  it('has a code of its own, and no detail, when the server gave none', () => {
    expect(new ResponseFailedError(failed(null, 'resp_2')).message).toBe('Response resp_2 failed (response_failed)');
    expect(new ResponseFailedError(failed({ code: '', message: '' }, 'resp_3')).message).toBe('Response resp_3 failed (response_failed)');
    expect(new ResponseFailedError(failed({ code: 42, message: 7 })).message).toBe('Response (no id) failed (response_failed)');
    expect(new ResponseFailedError(failed(undefined)).code).toBe('response_failed');
    expect(isResponseFailedError(new ResponseFailedError(failed(null)))).toBe(true);
    expect(isResponseFailedError(new APIConnectionError())).toBe(false);
  });
});

describe('the errors of the tool loop and structured output', () => {
  it('ClientOptionsError names the option', () => {
    const error = new ClientOptionsError('timeout', 'timeout must be positive');
    expect(error).toMatchObject({ name: 'ClientOptionsError', code: 'invalid_client_options', option: 'timeout', message: 'timeout must be positive' });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'ClientOptionsError', code: 'invalid_client_options', message: 'timeout must be positive', option: 'timeout' });
    expect(isClientOptionsError(error)).toBe(true);
    expect(isClientOptionsError(new APIConnectionError())).toBe(false);
  });

  it('InvalidJSONError says where, and quotes up to 200 characters before it', () => {
    const error = new InvalidJSONError({ message: 'Unexpected token', position: 12, near: '{"a": tru' });
    expect(error.message).toBe('Unexpected token at position 12 (after "{\\"a\\": tru")');
    expect(new InvalidJSONError({ message: 'Empty input', position: 0, near: '' }).message).toBe('Empty input at position 0');
    expect(new InvalidJSONError({ message: 'm', position: 1, near: 'z'.repeat(201) }).message).toBe(`m at position 1 (after "${'z'.repeat(200)}…")`);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'InvalidJSONError', code: 'invalid_json', message: error.message, position: 12, near: '{"a": tru' });
    expect(isInvalidJSONError(error)).toBe(true);
    expect(isInvalidJSONError(new APIConnectionError())).toBe(false);
  });

  it('MaxTurnsExceededError counts the turns', () => {
    expect(new MaxTurnsExceededError(1, undefined).message).toBe('The tool loop stopped after 1 turn with tool calls still asked for');
    const error = new MaxTurnsExceededError(3, 'resp_9');
    expect(error.message).toBe('The tool loop stopped after 3 turns with tool calls still asked for');
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'MaxTurnsExceededError', code: 'max_turns_exceeded', message: error.message, maxTurns: 3, lastResponseId: 'resp_9' });
    expect(isMaxTurnsExceededError(error)).toBe(true);
    expect(isMaxTurnsExceededError(new APIConnectionError())).toBe(false);
  });

  it('OutputRefusalError quotes up to 200 characters of the refusal and keeps all of it', () => {
    const short = 'r'.repeat(200);
    expect(new OutputRefusalError(short).message).toBe(`The model refused: ${short}`);
    const long = new OutputRefusalError(`${short}s`);
    expect(long.message).toBe(`The model refused: ${short}…`);
    expect(long.refusal).toBe(`${short}s`);
    expect(JSON.parse(JSON.stringify(long))).toEqual({ name: 'OutputRefusalError', code: 'output_refused', message: long.message, refusal: `${short}s` });
    expect(isOutputRefusalError(long)).toBe(true);
    expect(isOutputRefusalError(new APIConnectionError())).toBe(false);
  });

  it('OutputValidationError counts the issues and names the first with its path', () => {
    const issues = [{ message: 'Expected number', path: ['items', 0, { key: 'price' }] }, { message: 'Required' }];
    const error = new OutputValidationError({ text: '{"items":[{}]}', issues, partial: { items: [{}] } });
    expect(error.message).toBe('The structured output did not match its schema (2 issues): items.0.price: Expected number');
    expect(error).toMatchObject({ name: 'OutputValidationError', code: 'output_validation_failed', text: '{"items":[{}]}', partial: { items: [{}] } });
    expect(error.issues).toBe(issues);
    expect('cause' in error).toBe(false);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'OutputValidationError', code: 'output_validation_failed', message: error.message, issues, text: '{"items":[{}]}' });
    expect(new OutputValidationError({ text: '', issues: [{ message: 'Bad', path: [] }], what: 'The tool arguments' }).message).toBe('The tool arguments did not match its schema (1 issue): Bad');
    expect(new OutputValidationError({ text: '', issues: [{ message: 'Bad' }] }).message).toBe('The structured output did not match its schema (1 issue): Bad');
    const cause = new Error('schema threw');
    const none = new OutputValidationError({ text: 'x', issues: [], cause });
    expect(none.message).toBe('The structured output did not match its schema (0 issues)');
    expect(none.cause).toBe(cause);
    expect(isOutputValidationError(error)).toBe(true);
    expect(isOutputValidationError(new APIConnectionError())).toBe(false);
  });

  it('ToolCallError names the tool and the call', () => {
    const cause = new RangeError('boom');
    const error = new ToolCallError({ reason: 'tool_error', toolName: 'lookup', callId: 'call_1', message: 'lookup failed', cause });
    expect(error).toMatchObject({ name: 'ToolCallError', code: 'tool_call_failed', reason: 'tool_error', toolName: 'lookup', callId: 'call_1', message: 'lookup failed' });
    expect(error.cause).toBe(cause);
    expect('cause' in new ToolCallError({ reason: 'denied', toolName: 't', callId: 'c', message: 'm' })).toBe(false);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'ToolCallError', code: 'tool_call_failed', message: 'lookup failed', reason: 'tool_error', toolName: 'lookup', callId: 'call_1' });
    expect(isToolCallError(error)).toBe(true);
    expect(isToolCallError(new APIConnectionError())).toBe(false);
  });
});
