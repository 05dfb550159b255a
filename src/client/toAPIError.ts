import { APIError, type APIErrorInit } from '../errors/APIError.js';
import { AuthenticationError } from '../errors/AuthenticationError.js';
import { BadRequestError } from '../errors/BadRequestError.js';
import { ConflictError } from '../errors/ConflictError.js';
import { InternalServerError } from '../errors/InternalServerError.js';
import { NotFoundError } from '../errors/NotFoundError.js';
import { PermissionDeniedError } from '../errors/PermissionDeniedError.js';
import { RateLimitError } from '../errors/RateLimitError.js';
import { UnprocessableEntityError } from '../errors/UnprocessableEntityError.js';
import type { Redactor } from './redactSecret.js';

/** How much of a body that is not a JSON error is quoted in the message. */
const EXCERPT_LENGTH = 200;

/**
 * @internal The parts of an HTTP response an {@link APIError} is made of.
 *
 * @example
 * ```ts
 * const reply: ErrorReply = { status: 502, statusText: 'Bad Gateway', headers, body: '<html>…' };
 * ```
 */
export interface ErrorReply {
  status: number;
  statusText: string;
  headers: Headers;
  /** The body as text (possibly cut short), or `''`. */
  body: string;
  /** Set when the status was fine but the body was not what was asked for: what was expected. */
  expected?: string;
}

/**
 * @internal Turns an error reply into the {@link APIError} subclass of its status, reading the
 * server's `{ error: { message, code, type, param } }` body, or quoting a readable excerpt of
 * any other body. Every string goes through `redact`.
 *
 * @example
 * ```ts
 * throw toAPIError({ status: res.status, statusText: res.statusText, headers: res.headers, body }, redact);
 * ```
 */
export function toAPIError(reply: ErrorReply, redact: Redactor): APIError {
  const headers: Record<string, string> = {};
  reply.headers.forEach((value, name) => (headers[name] = redact(value)));
  const contentType = (reply.headers.get('content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  const details = readErrorBody(reply.body);

  let serverMessage: string | undefined;
  let detail: string;
  if (details?.message !== undefined) {
    serverMessage = redact(details.message);
    detail = serverMessage;
  } else if (reply.body.trim() === '') {
    detail = reply.expected === undefined ? '(empty body)' : `expected ${reply.expected}, got an empty body`;
  } else {
    // Redacted before it is cut, so no fragment of a key can survive at the cut, and again
    // after, as reducing HTML to its text decodes entities that may have hidden a form of it.
    serverMessage = redact(excerpt(redact(reply.body), contentType));
    const named = contentType === '' ? 'no content type' : contentType;
    const kind = details !== undefined ? `a JSON body without an error message (${named})` : contentType === '' ? 'a body with no content type' : contentType;
    detail = `${reply.expected === undefined ? 'the server sent' : `expected ${reply.expected}, got`} ${kind}: ${JSON.stringify(serverMessage)}`;
  }
  if (reply.expected !== undefined && details?.message !== undefined) {
    detail = `expected ${reply.expected}, got ${contentType || 'no content type'}: ${detail}`;
  }
  const statusText = redact(reply.statusText.trim());
  const requestID = headers['x-request-id'];
  const extras = [details?.code ? `code ${redact(details.code)}` : '', requestID ? `request ${requestID}` : ''].filter(Boolean).join(', ');
  const message = `${reply.status}${statusText ? ` ${statusText}` : ''}: ${detail}${extras ? ` (${extras})` : ''}`;

  const init: APIErrorInit = {
    status: reply.status,
    message,
    headers,
    code: details?.code === undefined ? null : redact(details.code),
    type: details?.type === undefined ? null : redact(details.type),
    param: details?.param === undefined ? null : redact(details.param),
  };
  if (serverMessage !== undefined) init.serverMessage = serverMessage;
  return createAPIError(init);
}

/**
 * @internal The {@link APIError} subclass for `init.status`.
 *
 * @example
 * ```ts
 * createAPIError({ status: 429, message: '429 Too Many Requests' }); // a RateLimitError
 * ```
 */
export function createAPIError(init: APIErrorInit): APIError {
  switch (init.status) {
    case 400:
      return new BadRequestError(init);
    case 401:
      return new AuthenticationError(init);
    case 403:
      return new PermissionDeniedError(init);
    case 404:
      return new NotFoundError(init);
    case 409:
      return new ConflictError(init);
    case 422:
      return new UnprocessableEntityError(init);
    case 429:
      return new RateLimitError(init);
    default:
      return init.status >= 500 && init.status <= 599 ? new InternalServerError(init) : new APIError(init);
  }
}

interface ErrorDetails {
  message?: string;
  code?: string;
  type?: string;
  param?: string;
}

/** The error fields of a JSON body, or `undefined` when the body is not a JSON object. */
function readErrorBody(body: string): ErrorDetails | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  // OpenAI nests the fields under `error`; some gateways send `error` as a string, or flat fields.
  const nested = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : record;
  const text = (field: unknown): string | undefined => (typeof field === 'string' && field !== '' ? field : typeof field === 'number' ? String(field) : undefined);
  const details: ErrorDetails = {};
  const message = text(nested.message) ?? text(record.error) ?? text(record.detail);
  if (message !== undefined) details.message = message;
  const code = text(nested.code);
  if (code !== undefined) details.code = code;
  const type = text(nested.type);
  if (type !== undefined) details.type = type;
  const param = text(nested.param);
  if (param !== undefined) details.param = param;
  return details;
}

/** A short, single-line excerpt of a body; HTML is reduced to its text. */
function excerpt(body: string, contentType: string): string {
  let text = body;
  if (contentType.includes('html') || /^\s*<(?:!doctype|html|head|body)/i.test(text)) {
    text = text
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}
