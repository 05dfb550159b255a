import { STATUS_CODES } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { expect } from 'vitest';
import {
  type ClientOptions,
  type Diagnostic,
  type DiagnosticCode,
  type FinalResponse,
  type ResponseSnapshot,
  type ResponseStreamEvent,
  createClient,
  diagnostics,
  finalResponse,
  isRxResponsesError,
  scanResponse,
} from '../../src/index.js';
import { type RecordedRequest, type ReplayFault, startReplayServer } from '../../src/testing/index.js';
import { fastScheduler } from '../client/fakeFetch.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { startGzipServer } from './gzipServer.js';
import { type RecordedStream, eventsWithin, outputTextOf, recordedStream, renumbered } from './recordedStream.js';

/**
 * The recording every case serves: small (16 events, 6.2 kB of SSE) and with 8 text deltas, so
 * a cut anywhere leaves a different partial answer to check.
 */
export const RECORDING: RecordedStream = recordedStream('openai-background-mode-streaming-starting-after-vcr-2.jsonl');

/** Retries per request in every case: a retried fault shows as MAX_RETRIES + 1 requests. */
export const MAX_RETRIES = 2;

/** Retry cases run the client's clock this much faster: a 0.5 s backoff takes 25 ms. */
const FAST_CLOCK = 20;

/** Idle timeout of the stall and pacing cases, in real milliseconds. */
export const IDLE_MS = 250;

const PARAMS = { model: 'gpt-5-nano', input: 'What is 2 + 2?' };

/** Statuses the matrix answers with, each once with a JSON body and once with an HTML page. */
const STATUSES = [400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504] as const;

/** The class the client raises for each status. */
const ERROR_CLASS: Record<number, string> = {
  400: 'BadRequestError',
  401: 'AuthenticationError',
  403: 'PermissionDeniedError',
  404: 'NotFoundError',
  409: 'ConflictError',
  422: 'UnprocessableEntityError',
  429: 'RateLimitError',
};

export type FaultGroup = 'http status' | 'wrong content type' | 'connection' | 'drop' | 'stall' | 'pacing and encoding' | 'invalid json' | 'stream content';

/** How a case's server answers. */
export type Serve =
  | {
      kind: 'replay';
      /** Serve the recording's text (the server parses it), or a modified event list. */
      events?: readonly ResponseStreamEvent[];
      chunkSize?: number;
      delayMs?: number;
      fault?: (request: RecordedRequest) => ReplayFault | undefined;
    }
  | { kind: 'gzip' }
  | { kind: 'refused' };

/** What a user must get from a case. */
export interface Expected {
  /** The error's `name`, or `null` when the stream completes. */
  errorClass: string | null;
  status?: number;
  /** What the message must show (substrings or patterns). */
  message?: readonly (string | RegExp)[];
  /** Matched against the error's `cause`. */
  cause?: Record<string, unknown>;
  /** Requests the client sent, retries included. */
  requests: number;
  /**
   * The answer text the server sent before the fault, from the recording: the partial
   * snapshot's `outputText` on an error, the final `output_text` on completion.
   */
  text: string;
  /** Diagnostic codes that must be reported. */
  diagnostics?: readonly DiagnosticCode[];
  /** What the client waited between attempts (in its own clock): the server's `retry-after`, or backoff. */
  retryDelays?: 'retry-after 1 s' | 'backoff';
  /** The case takes at least this long (real ms). */
  minDurationMs?: number;
}

export interface FaultCase {
  name: string;
  group: FaultGroup;
  serve: Serve;
  /** Run the client's clock fast (retry backoff). */
  fastRetries?: boolean;
  timeouts?: ClientOptions['timeouts'];
  expected: Expected;
}

/** One line of `test-results/fault-matrix.json`. */
export interface FaultRow {
  case: string;
  group: FaultGroup;
  /** The error's name, `null` when the stream completed. */
  errorClass: string | null;
  requests: number;
  /** UTF-8 bytes of answer text the server sent before the fault. */
  receivedBytes: number;
  /** Of those, bytes missing from what the user got (snapshot or final response). */
  lostBytes: number;
  /** Connections still open at the server after the case (waited up to 2 s). */
  leaks: number;
  durationMs: number;
}

export interface CaseOutcome {
  row: FaultRow;
  error: unknown;
  response: FinalResponse | undefined;
  /** The last snapshot: the error's, or the last one `scanResponse()` emitted. */
  snapshot: ResponseSnapshot | undefined;
  diagnostics: Diagnostic[];
  events: ResponseStreamEvent[];
  /** Requests the server saw, when there is one that counts them. */
  serverRequests: number | undefined;
  /** Delays the client scheduled between attempts (fast-clock cases only, in client ms). */
  retryDelays: number[];
}

export interface CaseOptions {
  /**
   * Error bodies and headers repeat the request's `authorization` header back, as misbehaving
   * servers and proxies do (`Incorrect API key provided: …`): for the secrets scan.
   */
  echoKey?: boolean;
}

// ---------------------------------------------------------------------------------------------
// The cases

/** Every case of the matrix. */
export function faultCases(options: CaseOptions = {}): FaultCase[] {
  return [...statusCases(options), ...connectionCases(), ...dropCases(), ...stallCases(), ...pacingCases(), ...invalidJsonCases(), ...contentCases()];
}

function statusCases({ echoKey = false }: CaseOptions): FaultCase[] {
  const cases: FaultCase[] = [];
  const full = RECORDING.outputText;
  for (const status of STATUSES) {
    const reason = STATUS_CODES[status] ?? 'Error';
    const retried = status === 409 || status === 429 || status >= 500;
    const requests = retried ? MAX_RETRIES + 1 : 1;
    const errorClass = ERROR_CLASS[status] ?? 'InternalServerError';
    const variants = status === 429 ? [{ retryAfter: true }, { retryAfter: false }] : [{ retryAfter: false }];
    for (const { retryAfter } of variants) {
      const headers = (request: RecordedRequest): Record<string, string> => ({
        ...(retryAfter ? { 'retry-after': '1' } : {}),
        ...(echoKey ? { 'x-echo-authorization': echoed(request) } : {}),
      });
      const suffix = status === 429 ? (retryAfter ? ', retry-after: 1' : ', no retry-after') : '';
      const retryDelays: Expected['retryDelays'] = retried ? (retryAfter ? 'retry-after 1 s' : 'backoff') : undefined;
      const common = { group: 'http status' as const, fastRetries: true, expected: { errorClass, status, requests, text: '', ...(retryDelays ? { retryDelays } : {}) } };
      const serverMessage = echoKey ? 'Incorrect API key provided: Bearer [redacted] (Bearer%20[redacted]), again Bearer [redacted]' : `Replayed ${status} ${reason}`;
      cases.push({
        ...common,
        name: `${status} with a JSON body${suffix}`,
        serve: {
          kind: 'replay',
          fault: (request) => ({
            kind: 'status',
            status,
            headers: headers(request),
            ...(echoKey ? { body: { error: { message: `Incorrect API key provided: ${echoed(request)}`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } } : {}),
          }),
        },
        expected: { ...common.expected, message: [`${status} ${reason}: ${serverMessage}`, `request req_${requests}`] },
      });
      cases.push({
        ...common,
        name: `${status} with an HTML page${suffix}`,
        serve: {
          kind: 'replay',
          fault: (request) => ({
            kind: 'status',
            status,
            headers: { 'content-type': 'text/html; charset=utf-8', ...headers(request) },
            body: proxyErrorPage(status, echoKey ? echoed(request) : undefined),
          }),
        },
        expected: { ...common.expected, message: [`${status} ${reason}: the server sent text/html: "${status} ${reason}`, `request req_${requests}`] },
      });
    }
  }
  // The same faults once, then the stream: survived.
  const recovered = (name: string, fault: ReplayFault, retryDelays: Expected['retryDelays']): FaultCase => ({
    name,
    group: 'http status',
    fastRetries: true,
    serve: { kind: 'replay', fault: (request) => (request.attempt === 1 ? fault : undefined) },
    expected: { errorClass: null, requests: 2, text: full, retryDelays },
  });
  cases.push(
    recovered('429 with retry-after once, then the stream', { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, 'retry-after 1 s'),
    recovered('503 once, then the stream', { kind: 'status', status: 503 }, 'backoff'),
    recovered('502 HTML page once, then the stream', { kind: 'status', status: 502, headers: { 'content-type': 'text/html' }, body: proxyErrorPage(502, undefined) }, 'backoff'),
  );
  // A 200 that is not an event stream: a proxy's login page, or a gateway that ignored `stream: true`.
  cases.push(
    {
      name: '200 with a text/html page instead of an event stream',
      group: 'wrong content type',
      serve: {
        kind: 'replay',
        fault: (request) => ({
          kind: 'contentType',
          contentType: 'text/html; charset=utf-8',
          body: `<html><head><title>Sign in</title></head><body><h1>Sign in to continue</h1>${echoKey ? `<p>token ${echoed(request)}</p>` : ''}</body></html>`,
        }),
      },
      expected: { errorClass: 'APIError', status: 200, requests: 1, text: '', message: ['200 OK: expected text/event-stream, got text/html: "Sign in Sign in to continue'] },
    },
    {
      name: '200 with application/json instead of an event stream',
      group: 'wrong content type',
      serve: { kind: 'replay', fault: () => ({ kind: 'contentType', contentType: 'application/json', body: JSON.stringify(RECORDING.events.at(-1)) }) },
      expected: { errorClass: 'APIError', status: 200, requests: 1, text: '', message: ['200 OK: expected text/event-stream, got a JSON body without an error message (application/json)'] },
    },
  );
  return cases;
}

function connectionCases(): FaultCase[] {
  const requests = MAX_RETRIES + 1;
  return [
    {
      name: 'connection refused',
      group: 'connection',
      fastRetries: true,
      serve: { kind: 'refused' },
      expected: { errorClass: 'APIConnectionError', requests, text: '', retryDelays: 'backoff', message: [/^Connection error on POST http:\/\/127\.0\.0\.1:\d+\/v1\/responses: fetch failed \(ECONNREFUSED\)$/] },
    },
    {
      name: 'reset before the first byte, every attempt',
      group: 'connection',
      fastRetries: true,
      serve: { kind: 'replay', fault: () => ({ kind: 'reset' }) },
      expected: { errorClass: 'APIConnectionError', requests, text: '', retryDelays: 'backoff', message: [/^Connection error on POST http:\/\/127\.0\.0\.1:\d+\/v1\/responses: fetch failed \(ECONNRESET\)$/] },
    },
    {
      name: 'reset before the first byte once, then the stream',
      group: 'connection',
      fastRetries: true,
      serve: { kind: 'replay', fault: (request) => (request.attempt === 1 ? { kind: 'reset' } : undefined) },
      expected: { errorClass: null, requests: 2, text: RECORDING.outputText, retryDelays: 'backoff' },
    },
  ];
}

/** A drop after every byte offset of the body, 0 through all of it. */
export function dropCases(): FaultCase[] {
  const { events, frames, body } = RECORDING;
  const cases: FaultCase[] = [];
  for (let bytes = 0; bytes <= body.length; bytes++) {
    const received = eventsWithin(frames, bytes);
    const text = outputTextOf(events.slice(0, received));
    const serve: Serve = { kind: 'replay', fault: () => ({ kind: 'drop', afterBytes: bytes }) };
    const name = `drop after ${bytes} bytes`;
    if (received === events.length) {
      // Only the end of the chunked body is missing: the terminal event arrived, nothing is lost.
      cases.push({ name, group: 'drop', serve, expected: { errorClass: null, requests: 1, text } });
      continue;
    }
    const last = received === 0 ? '' : `, last sequence_number ${seqOf(events[received - 1])}`;
    cases.push({
      name,
      group: 'drop',
      serve,
      expected: {
        errorClass: 'StreamTruncatedError',
        requests: 1,
        text,
        cause: { name: 'APIConnectionError' },
        message: [`Stream ended without a terminal event after ${received} event${received === 1 ? '' : 's'}${last}: Connection lost while streaming: terminated`],
      },
    });
  }
  return cases;
}

function stallCases(): FaultCase[] {
  const { events } = RECORDING;
  const firstDelta = events.findIndex((e) => e.type === 'response.output_text.delta');
  const cases = [0, 1, firstDelta + 3, events.length - 1].map((afterEvents): FaultCase => {
    const last = afterEvents === 0 ? '' : `, last sequence_number ${seqOf(events[afterEvents - 1])}`;
    return {
      name: `stall after ${afterEvents} event(s)`,
      group: 'stall',
      timeouts: { idleMs: IDLE_MS },
      serve: { kind: 'replay', fault: () => ({ kind: 'stall', afterEvents }) },
      expected: {
        errorClass: 'StreamTruncatedError',
        requests: 1,
        text: outputTextOf(events.slice(0, afterEvents)),
        cause: { name: 'APITimeoutError', kind: 'idle', timeoutMs: IDLE_MS },
        message: [`Stream ended without a terminal event after ${afterEvents} event${afterEvents === 1 ? '' : 's'}${last}: Request timed out (idle): no data received for ${IDLE_MS} ms`],
        minDurationMs: IDLE_MS * 0.9,
      },
    };
  });
  cases.push({
    name: 'stall after the terminal event (the connection lingers)',
    group: 'stall',
    timeouts: { idleMs: IDLE_MS },
    serve: { kind: 'replay', fault: () => ({ kind: 'stall', afterEvents: events.length }) },
    expected: { errorClass: null, requests: 1, text: RECORDING.outputText },
  });
  return cases;
}

function pacingCases(): FaultCase[] {
  const full = RECORDING.outputText;
  return [
    {
      // ~90 writes 10 ms apart: the whole body takes several idle timeouts, no gap reaches one.
      name: `slow trickle: 64-byte chunks every 10 ms, idle timeout ${IDLE_MS} ms`,
      group: 'pacing and encoding',
      timeouts: { idleMs: IDLE_MS },
      serve: { kind: 'replay', chunkSize: 64, delayMs: 10 },
      expected: { errorClass: null, requests: 1, text: full, minDurationMs: IDLE_MS * 2 },
    },
    {
      name: 'one byte per write',
      group: 'pacing and encoding',
      serve: { kind: 'replay', fault: () => ({ kind: 'splitBytes' }) },
      expected: { errorClass: null, requests: 1, text: full },
    },
    {
      name: 'gzip-encoded body (content-encoding: gzip, flushed per event)',
      group: 'pacing and encoding',
      serve: { kind: 'gzip' },
      expected: { errorClass: null, requests: 1, text: full },
    },
  ];
}

/** Invalid JSON in place of each event in turn. */
function invalidJsonCases(): FaultCase[] {
  return RECORDING.events.map((_, atEvent) => ({
    name: `invalid JSON at event ${atEvent}`,
    group: 'invalid json',
    serve: { kind: 'replay', fault: () => ({ kind: 'invalidJson', atEvent }) },
    expected: {
      errorClass: 'StreamParseError',
      requests: 1,
      text: outputTextOf(RECORDING.events.slice(0, atEvent)),
      message: [`Stream input at event ${atEvent + 1} is not valid JSON: "{`],
    },
  }));
}

/** Streams that break the protocol in content: served as modified event lists. */
function contentCases(): FaultCase[] {
  const { events, outputText: full } = RECORDING;
  const first = seqOf(events[0]) ?? 1;
  const deltaAt = events.findIndex((e) => e.type === 'response.output_text.delta');
  const delta = events[deltaAt + 1] as ResponseStreamEvent & { sequence_number: number };
  const terminal = events.at(-1) as ResponseStreamEvent & { response: Record<string, unknown> };
  const served = (name: string, list: readonly ResponseStreamEvent[], expected: Expected): FaultCase => ({
    name,
    group: 'stream content',
    serve: { kind: 'replay', events: list },
    expected,
  });
  const at = deltaAt + 2;
  const insert = (event: Record<string, unknown>): ResponseStreamEvent[] =>
    renumbered([...events.slice(0, at), event as unknown as ResponseStreamEvent, ...events.slice(at)], first);
  const lastSeq = seqOf(events.at(-1)) ?? events.length;
  const failed = { ...terminal, type: 'response.failed', response: { ...terminal.response, status: 'failed', error: { code: 'server_error', message: 'The model failed' } } };
  return [
    served('an event after the terminal event', [...events, { ...delta, sequence_number: lastSeq + 1 }], {
      errorClass: null,
      requests: 1,
      text: full,
      diagnostics: ['event_after_terminal'],
    }),
    served('an unknown event type mid-stream', insert({ type: 'response.future_feature.delta', delta: 'not answer text' }), {
      errorClass: null,
      requests: 1,
      text: full,
      diagnostics: ['unknown_event_type'],
    }),
    served('a delta for an item that was never added', insert({ ...delta, item_id: 'msg_never_added', output_index: 1, delta: ' (stray)' }), {
      errorClass: null,
      requests: 1,
      // The stray item is kept after the announced one: received, so not dropped.
      text: `${full} (stray)`,
      diagnostics: ['unknown_item', 'terminal_output_missing'],
    }),
    served('the terminal event is missing', events.slice(0, -1), {
      errorClass: 'StreamTruncatedError',
      requests: 1,
      text: full,
      message: [`Stream ended without a terminal event after ${events.length - 1} events, last sequence_number ${seqOf(events.at(-2))}: the server closed the stream`],
    }),
    served(
      'a sequence_number gap',
      events.map((e, i) => (i > at ? ({ ...e, sequence_number: (seqOf(e) ?? i) + 10 } as ResponseStreamEvent) : e)),
      { errorClass: null, requests: 1, text: full, diagnostics: ['sequence_gap'] },
    ),
    served('a repeated sequence_number (a delta sent twice)', [...events.slice(0, at), events[at - 1]!, ...events.slice(at)], {
      errorClass: null,
      requests: 1,
      // The duplicate is applied, then the `done` text (the authoritative one) replaces the deltas.
      text: full,
      diagnostics: ['sequence_regression', 'done_mismatch'],
    }),
    served(
      'a repeated sequence_number (two events, one number)',
      events.map((e, i) => (i === at ? ({ ...e, sequence_number: seqOf(events[at - 1]) } as ResponseStreamEvent) : e)),
      { errorClass: null, requests: 1, text: full, diagnostics: ['sequence_regression'] },
    ),
    served(
      'no sequence_number at all',
      events.map((event) => {
        const { sequence_number: _dropped, ...rest } = event as ResponseStreamEvent & { sequence_number?: number };
        return rest as ResponseStreamEvent;
      }),
      { errorClass: null, requests: 1, text: full, diagnostics: ['missing_sequence_number'] },
    ),
    served('an error event mid-stream', [...events.slice(0, at), { type: 'error', code: 'server_error', message: 'The server had an error while processing your request.', param: null, sequence_number: seqOf(events[at]) } as unknown as ResponseStreamEvent], {
      errorClass: 'ResponseStreamError',
      requests: 1,
      text: outputTextOf(events.slice(0, at)),
      message: ['Stream error (server_error): The server had an error while processing your request.'],
    }),
    served('response.failed as the terminal event', [...events.slice(0, -1), failed as unknown as ResponseStreamEvent], {
      errorClass: 'ResponseFailedError',
      requests: 1,
      text: full,
      message: [/server_error/, /The model failed/],
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Running a case

interface Target {
  baseURL: string;
  /** Requests the server received, when it counts them. */
  requests(): number | undefined;
  openConnections(): number;
  waitForIdle(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

async function startTarget(serve: Serve): Promise<Target> {
  if (serve.kind === 'refused') {
    const port = await closedPort();
    return { baseURL: `http://127.0.0.1:${port}/v1`, requests: () => undefined, openConnections: () => 0, waitForIdle: async () => {}, close: async () => {} };
  }
  if (serve.kind === 'gzip') {
    const server = await startGzipServer(RECORDING.frames);
    return { ...server, baseURL: server.baseURL, requests: () => server.acceptEncodings.length };
  }
  const server = await startReplayServer({
    ...(serve.events === undefined ? { recording: RECORDING.text } : { events: serve.events }),
    ...(serve.chunkSize === undefined ? {} : { chunkSize: serve.chunkSize }),
    ...(serve.delayMs === undefined ? {} : { delayMs: serve.delayMs }),
    faults: (request) => serve.fault?.(request),
  });
  return {
    baseURL: server.baseURL,
    requests: () => server.requests.length,
    openConnections: () => server.openConnections(),
    waitForIdle: (timeoutMs) => server.waitForIdle(timeoutMs),
    close: () => server.close(),
  };
}

/** A port on 127.0.0.1 that nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Runs one case: its own server, a client with `apiKey`, one shared stream read by
 * `finalResponse()`, `diagnostics()`, `scanResponse()` and a raw subscriber (one request for
 * all four), then the server's open connections once it settled.
 */
export async function runCase(c: FaultCase, apiKey: string): Promise<CaseOutcome> {
  const target = await startTarget(c.serve);
  let fetchCalls = 0;
  const scheduler = c.fastRetries === true ? fastScheduler(FAST_CLOCK) : undefined;
  const client = createClient({
    apiKey,
    baseURL: target.baseURL,
    maxRetries: MAX_RETRIES,
    fetch: (input, init) => {
      fetchCalls++;
      return globalThis.fetch(input, init);
    },
    ...(scheduler === undefined ? {} : { scheduler }),
    ...(c.timeouts === undefined ? {} : { timeouts: c.timeouts }),
  });
  const started = performance.now();
  let outcome: Omit<CaseOutcome, 'row' | 'serverRequests'> & { durationMs: number };
  let leaks = 0;
  let serverRequests: number | undefined;
  try {
    const events$ = client.responses.stream(PARAMS);
    let lastSnapshot: ResponseSnapshot | undefined;
    events$.pipe(scanResponse()).subscribe({ next: (s) => (lastSnapshot = s), error: () => {} });
    const [final, found, raw] = await Promise.all([
      collectNotifications(events$.pipe(finalResponse())),
      collectNotifications(events$.pipe(diagnostics())),
      collectNotifications(events$),
    ]);
    const error = final.errored ? final.error : undefined;
    const errorSnapshot = isRxResponsesError(error) ? error.snapshot : undefined;
    outcome = {
      error,
      response: final.values[0],
      snapshot: errorSnapshot ?? lastSnapshot,
      diagnostics: found.values,
      events: raw.values,
      retryDelays: (scheduler?.delays ?? []).filter((ms) => ms < 10_000),
      durationMs: performance.now() - started,
    };
  } finally {
    try {
      await target.waitForIdle(2000);
    } catch {
      // counted as a leak just below
    }
    leaks = target.openConnections();
    serverRequests = target.requests();
    await target.close();
  }
  const { error, response } = outcome;
  const received = c.expected.text;
  const got = error === undefined ? (response?.output_text ?? '') : isRxResponsesError(error) ? (error.snapshot?.outputText ?? '') : '';
  const row: FaultRow = {
    case: c.name,
    group: c.group,
    errorClass: error === undefined ? null : error instanceof Error ? error.name : typeof error,
    requests: fetchCalls,
    receivedBytes: Buffer.byteLength(received),
    lostBytes: Buffer.byteLength(received) - Buffer.byteLength(commonPrefix(received, got)),
    leaks,
    durationMs: Math.round(outcome.durationMs),
  };
  return { ...outcome, row, serverRequests };
}

/** Asserts everything a case promises; each failure names the case. */
export function assertOutcome(c: FaultCase, outcome: CaseOutcome): void {
  const e = c.expected;
  const { row, error } = outcome;
  const where = (what: string): string => `${c.name}: ${what}`;
  expect(row.errorClass, where(`error class (error: ${String(error)})`)).toBe(e.errorClass);
  expect(row.requests, where('requests sent')).toBe(e.requests);
  if (outcome.serverRequests !== undefined) expect(outcome.serverRequests, where('requests the server received')).toBe(e.requests);
  expect(row.lostBytes, where('bytes of received output lost')).toBe(0);
  expect(row.leaks, where('connections left open')).toBe(0);
  if (e.errorClass === null) {
    expect(outcome.response?.output_text, where('final output_text')).toBe(e.text);
  } else {
    expect(isRxResponsesError(error), where('a typed error of this library')).toBe(true);
    const err = error as Error & { snapshot?: ResponseSnapshot; status?: number };
    expect(err.snapshot?.outputText ?? '', where('partial snapshot text')).toBe(e.text);
    if (e.status !== undefined) expect(err.status, where('status')).toBe(e.status);
    for (const part of e.message ?? []) {
      if (typeof part === 'string') expect(err.message, where('message')).toContain(part);
      else expect(err.message, where('message')).toMatch(part);
    }
    expect(unreadable(err.message), where(`message is readable: ${JSON.stringify(err.message)}`)).toEqual([]);
    if (e.cause !== undefined) expect(err.cause, where('cause')).toMatchObject(e.cause);
  }
  const codes = new Set(outcome.diagnostics.map((d) => d.code));
  for (const code of e.diagnostics ?? []) expect(codes.has(code), where(`diagnostic ${code} in [${[...codes].join(', ')}]`)).toBe(true);
  if (e.retryDelays !== undefined) {
    const delays = outcome.retryDelays;
    expect(delays, where('retry delays')).toHaveLength(e.requests - 1);
    delays.forEach((ms, retry) => {
      if (e.retryDelays === 'retry-after 1 s') expect(ms, where(`delay before retry ${retry + 1}`)).toBe(1000);
      else {
        expect(ms, where(`backoff before retry ${retry + 1}`)).toBeGreaterThanOrEqual(500 * 2 ** retry * 0.75);
        expect(ms, where(`backoff before retry ${retry + 1}`)).toBeLessThanOrEqual(500 * 2 ** retry * 1.25);
      }
    });
  }
  if (e.minDurationMs !== undefined) expect(row.durationMs, where('duration')).toBeGreaterThanOrEqual(e.minDurationMs);
}

/** What makes a message hard to read; empty when it is fine. */
export function unreadable(message: string): string[] {
  const problems: string[] = [];
  if (message.trim() === '') problems.push('empty');
  if (message.length > 400) problems.push(`${message.length} characters`);
  if (/[\r\n]/.test(message)) problems.push('several lines');
  if (/\[object \w+\]|\bundefined\b|\bNaN\b/.test(message)) problems.push('a value that was never turned into text');
  if (/<\/?[a-z][^>]*>/i.test(message)) problems.push('raw HTML');
  return problems;
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
export async function runPool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

function auth(request: RecordedRequest): string {
  return request.headers.authorization ?? request.headers['api-key'] ?? '';
}

/**
 * The request's credentials as a careless server echoes them back: twice, as sent and
 * URL-encoded (as in a logged URL).
 */
function echoed(request: RecordedRequest): string {
  const sent = auth(request);
  return `${sent} (${encodeURIComponent(sent)}), again ${sent}`;
}

/** A gateway's error page, as nginx or a CDN sends it; `echo` is shown on it when given. */
function proxyErrorPage(status: number, echo: string | undefined): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return (
    `<!DOCTYPE html>\n<html>\n<head><title>${title}</title>\n<style>body { font-family: sans-serif; }</style></head>\n` +
    `<body>\n<h1>${title}</h1>\n<p>The upstream server could not handle the request.</p>\n` +
    `${echo === undefined ? '' : `<p>Request header: Authorization: ${echo}</p>\n`}<hr><center>nginx</center>\n</body>\n</html>\n`
  );
}

function seqOf(event: ResponseStreamEvent | undefined): number | undefined {
  const seq = (event as { sequence_number?: unknown } | undefined)?.sequence_number;
  return typeof seq === 'number' ? seq : undefined;
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}
