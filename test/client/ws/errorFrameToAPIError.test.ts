import { describe, expect, it } from 'vitest';
import { errorFrameToAPIError } from '../../../src/client/ws/errorFrameToAPIError.js';
import type { ResponseStreamEvent } from '../../../src/index.js';

/** Stands in for the key's redactor: every `KEY` becomes `[k]`. */
const redact = (text: string): string => text.replaceAll('KEY', '[k]');
const frame = (fields: Record<string, unknown>): ResponseStreamEvent => ({ type: 'error', ...fields }) as unknown as ResponseStreamEvent;

describe('errorFrameToAPIError', () => {
  it('gives the error class of the status with the nested fields and the headers the frame carries', () => {
    const error = errorFrameToAPIError(
      frame({
        status: 429,
        error: { type: 'requests', code: 'rate_limit_exceeded', message: 'Slow down KEY', param: 'input' },
        headers: { 'x-request-id': 'req_9', 'retry-after': '3', 'x-count': 3, 'bad name': 'x', 'x-bad-value': 'a\nb' },
      }),
      429,
      redact,
    );
    expect(error).toMatchObject({
      name: 'RateLimitError',
      status: 429,
      code: 'rate_limit_exceeded',
      type: 'requests',
      param: 'input',
      requestID: 'req_9',
      serverMessage: 'Slow down [k]',
    });
    expect(error.headers).toEqual({ 'x-request-id': 'req_9', 'retry-after': '3' });
    expect(error.message).toBe('429: Slow down [k] (code rate_limit_exceeded, request req_9)');
  });

  it('reads the flat shape of the HTTP stream error event', () => {
    const error = errorFrameToAPIError(frame({ code: 'server_error', message: 'It broke', param: 'model', error: null, headers: null }), 500, redact);
    expect(error).toMatchObject({ name: 'InternalServerError', code: 'server_error', serverMessage: 'It broke', param: 'model' });
    expect(error.headers).toEqual({});
  });

  it('reads the flat fields when `error` is not an object, and takes no headers from a string', () => {
    const error = errorFrameToAPIError(frame({ error: 'unexpected', message: 'Flat message', code: 'flat_code', headers: 'ab' }), 400, redact);
    expect(error).toMatchObject({ name: 'BadRequestError', serverMessage: 'Flat message', code: 'flat_code' });
    expect(error.headers).toEqual({});
  });
});
