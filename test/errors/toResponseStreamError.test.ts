import { describe, expect, it } from 'vitest';
import { toResponseStreamError } from '../../src/errors/toResponseStreamError.js';
import { recording } from '../support/fixtures.js';

/** Stands in for the client's key redactor: every `KEY` becomes `[k]`. */
const redact = (text: string): string => text.replaceAll('KEY', '[k]');

/** The recorded `error` event (nested shape) and its `error` object as the server sent it. */
const recordedError = (): { event: Record<string, unknown>; nested: Record<string, unknown> } => {
  const event = recording('openai-error-1.jsonl').events.find((e) => e.type === 'error') as unknown as Record<string, unknown>;
  return { event, nested: event.error as Record<string, unknown> };
};

describe('toResponseStreamError', () => {
  it('reads the nested shape of a recorded error event', () => {
    const { event, nested } = recordedError();
    const error = toResponseStreamError(event);
    expect(error).toMatchObject({
      name: 'ResponseStreamError',
      code: nested.code,
      type: nested.type,
      param: null,
      serverMessage: nested.message,
      sequenceNumber: event.sequence_number,
      requestID: undefined,
    });
    expect(error.payload).toEqual(nested);
    expect(error.message).toBe(`Stream error (${String(nested.code)}): ${String(nested.message)}`);
  });

  it('reads the flat shape, where `type` is the event type and not the error type', () => {
    const error = toResponseStreamError({ type: 'error', code: 'server_error', message: 'It broke', param: 'model', sequence_number: 4 });
    expect(error).toMatchObject({ code: 'server_error', type: null, param: 'model', serverMessage: 'It broke', sequenceNumber: 4 });
    expect(error.payload).toEqual({ type: 'error', code: 'server_error', message: 'It broke', param: 'model', sequence_number: 4 });
  });

  it('reads the flat shape when `error` is null, an array or a string, the string as the message', () => {
    expect(toResponseStreamError({ type: 'error', error: null, code: 'a', message: 'flat' })).toMatchObject({ code: 'a', serverMessage: 'flat', type: null });
    expect(toResponseStreamError({ type: 'error', error: ['x'], code: 'b', message: 'list' })).toMatchObject({ code: 'b', serverMessage: 'list', type: null });
    expect(toResponseStreamError({ type: 'error', error: 'Overloaded KEY' }, redact)).toMatchObject({ serverMessage: 'Overloaded [k]', code: 'stream_error' });
    expect(toResponseStreamError({ type: 'error', error: '' }).serverMessage).toBe('The server sent an error event without a message');
    expect(toResponseStreamError({ type: 'error', error: 'text', message: 'own' }).serverMessage).toBe('own');
  });

  it("takes the event's own code when the nested error has none, but not in the flat shape", () => {
    expect(toResponseStreamError({ type: 'error', code: 'outer', error: { message: 'm' } }).code).toBe('outer');
    expect(toResponseStreamError({ type: 'error', code: 'outer', error: { code: 'inner', message: 'm' } }).code).toBe('inner');
    expect(toResponseStreamError({ type: 'error', error: { message: 'm' } }).code).toBe('stream_error');
  });

  it('writes numbers as text and ignores empty strings and other values', () => {
    const error = toResponseStreamError({ type: 'error', error: { code: 429, message: '', param: false, type: '' } });
    expect(error).toMatchObject({ code: '429', serverMessage: 'The server sent an error event without a message', param: null, type: null });
    expect(toResponseStreamError({ type: 'error', error: { type: 7, message: { text: 'x' } } })).toMatchObject({ type: '7', serverMessage: 'The server sent an error event without a message' });
  });

  it('runs every string, the payload and the request id included, through the redactor', () => {
    const error = toResponseStreamError(
      { type: 'error', sequence_number: 1, error: { type: 'auth KEY', code: 'bad KEY', message: 'Key KEY is wrong', param: 'p KEY', extra: { deep: 'KEY' } } },
      redact,
      'req_KEY',
    );
    expect(error).toMatchObject({ type: 'auth [k]', code: 'bad [k]', serverMessage: 'Key [k] is wrong', param: 'p [k]', requestID: 'req_[k]' });
    expect(error.payload).toEqual({ type: 'auth [k]', code: 'bad [k]', message: 'Key [k] is wrong', param: 'p [k]', extra: { deep: '[k]' } });
    expect(error.message).toBe('Stream error (bad [k]): Key [k] is wrong (request req_[k])');
  });

  it('keeps the sequence number only when it is a number', () => {
    expect(toResponseStreamError({ type: 'error', message: 'm', sequence_number: '3' }).sequenceNumber).toBeUndefined();
    expect(toResponseStreamError({ type: 'error', message: 'm', sequence_number: 0 }).sequenceNumber).toBe(0);
    expect(Object.hasOwn(toResponseStreamError({ type: 'error', message: 'm' }), 'requestID')).toBe(true);
  });
});
