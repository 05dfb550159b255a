import { describe, expect, it } from 'vitest';
import { type ErrorReply, createAPIError, toAPIError } from '../../src/client/toAPIError.js';

/** Stands in for the key's redactor: every `KEY` becomes `[k]`, so a test sees what went through it. */
const redact = (text: string): string => text.replaceAll('KEY', '[k]');

function reply(status: number, body: string, headers: Record<string, string> = {}, extra: Partial<ErrorReply> = {}): ErrorReply {
  return { status, statusText: '', headers: new Headers(headers), body, ...extra };
}

describe('toAPIError', () => {
  it('reads the nested fields, numbers included, and writes status text, code and request id into the message', () => {
    const body = JSON.stringify({ error: { message: 'Too many KEY requests', code: 'rate_limit_exceeded', type: 'requests', param: 42 } });
    const error = toAPIError(reply(429, body, { 'x-request-id': 'req_1', 'x-note': 'KEY here' }, { statusText: '  Too Many Requests ' }), redact);
    expect(error).toMatchObject({
      name: 'RateLimitError',
      status: 429,
      code: 'rate_limit_exceeded',
      type: 'requests',
      param: '42',
      requestID: 'req_1',
      serverMessage: 'Too many [k] requests',
      headers: { 'x-request-id': 'req_1', 'x-note': '[k] here' },
    });
    expect(error.message).toBe('429 Too Many Requests: Too many [k] requests (code rate_limit_exceeded, request req_1)');
  });

  it('redacts the code, type, param and status text', () => {
    const body = JSON.stringify({ error: { message: 'm', code: 'c-KEY', type: 't-KEY', param: 'p-KEY' } });
    const error = toAPIError(reply(400, body, {}, { statusText: 'Bad KEY' }), redact);
    expect(error).toMatchObject({ code: 'c-[k]', type: 't-[k]', param: 'p-[k]' });
    expect(error.message).toBe('400 Bad [k]: m (code c-[k])');
  });

  it('takes the flat fields when `error` is a string, or `detail`, and leaves out empty or non-text fields', () => {
    const flat = toAPIError(reply(400, JSON.stringify({ error: 'flat words', code: 'flat_code', type: '', param: true })), redact);
    expect(flat).toMatchObject({ serverMessage: 'flat words', code: 'flat_code', type: null, param: null });
    expect(flat.message).toBe('400: flat words (code flat_code)');
    const detail = toAPIError(reply(404, JSON.stringify({ detail: 'No such thing' })), redact);
    expect(detail).toMatchObject({ name: 'NotFoundError', serverMessage: 'No such thing', code: 'not_found', type: null, param: null });
    expect(detail.message).toBe('404: No such thing');
    const nested = toAPIError(reply(400, JSON.stringify({ error: { message: '', code: 7 }, detail: 'outer' })), redact);
    expect(nested).toMatchObject({ serverMessage: 'outer', code: '7' });
    const nullError = toAPIError(reply(400, JSON.stringify({ error: null, message: 'flat message', code: 'flat_code' })), redact);
    expect(nullError).toMatchObject({ serverMessage: 'flat message', code: 'flat_code' });
  });

  it('names a JSON body without a message, and a JSON value that is not an object', () => {
    const noMessage = toAPIError(reply(500, JSON.stringify({ error: { code: 'oops' } }), { 'content-type': 'Application/JSON; charset=utf-8' }), redact);
    expect(noMessage.message).toBe('500: the server sent a JSON body without an error message (application/json): "{\\"error\\":{\\"code\\":\\"oops\\"}}" (code oops)');
    expect(noMessage).toMatchObject({ name: 'InternalServerError', code: 'oops', serverMessage: '{"error":{"code":"oops"}}' });
    const untyped = toAPIError(reply(500, '{}'), redact);
    expect(untyped.message).toBe('500: the server sent a JSON body without an error message (no content type): "{}"');
    for (const body of ['"just text"', 'null', '12']) {
      const error = toAPIError(reply(502, body), redact);
      expect(error.message).toBe(`502: the server sent a body with no content type: ${JSON.stringify(body)}`);
      expect(error).toMatchObject({ code: 'internal_server_error', type: null, param: null });
    }
  });

  it('says what was expected when a success was not what the request asked for', () => {
    const asked = { expected: 'a JSON object', statusText: 'OK' };
    expect(toAPIError(reply(200, '  \n', {}, asked), redact).message).toBe('200 OK: expected a JSON object, got an empty body');
    expect(toAPIError(reply(200, 'plain words', { 'content-type': 'text/plain' }, asked), redact).message).toBe(
      '200 OK: expected a JSON object, got text/plain: "plain words"',
    );
    expect(toAPIError(reply(200, JSON.stringify({ error: { message: 'odd' } }), { 'content-type': 'application/json' }, asked), redact).message).toBe(
      '200 OK: expected a JSON object, got application/json: odd',
    );
    expect(toAPIError(reply(200, JSON.stringify({ error: { message: 'odd' } }), {}, asked), redact).message).toBe(
      '200 OK: expected a JSON object, got no content type: odd',
    );
    expect(toAPIError(reply(200, 'plain words', { 'content-type': 'Text/Plain ; charset=utf-8' }, asked), redact).message).toBe(
      '200 OK: expected a JSON object, got text/plain: "plain words"',
    );
    expect(toAPIError(reply(200, '[1]', {}, asked), redact).message).toBe('200 OK: expected a JSON object, got a JSON body without an error message (no content type): "[1]"');
  });

  it('keeps serverMessage unset for an empty body, and reads a blank one as empty', () => {
    const error = toAPIError(reply(503, ' \t '), redact);
    expect(error.message).toBe('503: (empty body)');
    expect(error.serverMessage).toBeUndefined();
    expect(error.requestID).toBeUndefined();
  });

  it('reduces HTML to its text: scripts and styles dropped, tags to spaces, entities decoded', () => {
    const page = '<html><head><style>p { color: red }</style><SCRIPT>alert(1)</SCRIPT></head><body><p>Fish&nbsp;&amp;&nbsp;chips</p>\n\n<p>&lt;b&gt;</p></body></html>';
    const error = toAPIError(reply(502, page, { 'content-type': 'text/html; charset=utf-8' }), redact);
    expect(error.serverMessage).toBe('Fish & chips <b>');
    expect(error.message).toBe('502: the server sent text/html: "Fish & chips <b>"');
    // A script between two words leaves them two words.
    expect(toAPIError(reply(502, '<html>Bad<script>x()</script>Gateway</html>'), redact).serverMessage).toBe('Bad Gateway');
  });

  it('recognises an HTML page by its start when no content type says so', () => {
    for (const start of ['<!DOCTYPE html>', '  <html>', '<head>', '<BODY>']) {
      expect(toAPIError(reply(502, `${start}<p>a</p>b`), redact).serverMessage).toBe('a b');
    }
    expect(toAPIError(reply(502, 'x <p>a</p>'), redact).serverMessage).toBe('x <p>a</p>');
    expect(toAPIError(reply(502, 'put <body> in the page'), redact).serverMessage).toBe('put <body> in the page');
    expect(toAPIError(reply(502, 'a &amp; b', { 'content-type': 'text/plain' }), redact).serverMessage).toBe('a &amp; b');
  });

  it('cuts a long body at 200 characters, on one line, and redacts before and after the cut', () => {
    const long = `${'word '.repeat(30)}\n\n${'x'.repeat(300)}`;
    const expected = `${'word '.repeat(30)}${'x'.repeat(50)}…`;
    expect(toAPIError(reply(500, long), redact).serverMessage).toBe(expected);
    const exact = 'y'.repeat(200);
    expect(toAPIError(reply(500, exact), redact).serverMessage).toBe(exact);
    // A key across the cut is redacted before it is cut, so no fragment of it is left at the end.
    expect(toAPIError(reply(500, `${'z'.repeat(198)}KEY`), redact).serverMessage).toBe(`${'z'.repeat(198)}[k…`);
    // A key with `&` in it, hidden in a page as `&amp;`, is redacted once the page is text.
    const ampersandKey = (text: string): string => text.replaceAll('K&Y', '[k]');
    expect(toAPIError(reply(500, '<html><p>K&amp;Y</p></html>'), ampersandKey).serverMessage).toBe('[k]');
  });
});

describe('createAPIError', () => {
  it.each([
    [400, 'BadRequestError'],
    [401, 'AuthenticationError'],
    [403, 'PermissionDeniedError'],
    [404, 'NotFoundError'],
    [409, 'ConflictError'],
    [422, 'UnprocessableEntityError'],
    [429, 'RateLimitError'],
    [499, 'APIError'],
    [500, 'InternalServerError'],
    [599, 'InternalServerError'],
    [600, 'APIError'],
    [200, 'APIError'],
  ])('%i gives %s', (status, name) => {
    expect(createAPIError({ status, message: `${status}` }).name).toBe(name);
  });
});
