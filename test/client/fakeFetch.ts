import { asyncScheduler, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';
import { inspect } from 'node:util';
import { type FetchFunction, createClient } from '../../src/index.js';

/**
 * The fake key used everywhere in these tests; no error may ever show it. It has characters
 * that URL-encoding, JSON-escaping and base64 all change (`+`, `/`, `=`, `%`), so a redaction
 * that only looks for the key as it is fails the tests that echo it encoded.
 */
export const SECRET = 'sk-test+SECRET/0123=%ab';

/** A client of `fetch` at a made-up base URL, with the test key and any `extra` options. */
export function fakeClient(fetch: FetchFunction, extra: Parameters<typeof createClient>[0] = {}): ReturnType<typeof createClient> {
  return createClient({ apiKey: SECRET, fetch, baseURL: 'https://api.example/v1', ...extra });
}

/**
 * The forms a server may echo `key` in, built here with Node's own encoders (not the library's):
 * as is, URL-encoded (upper and lower case hex, twice, and as `encodeURI` encodes a whole URL), JSON-escaped (`/` escaped too) and
 * base64 / base64url of `Basic` credentials at the three byte alignments.
 */
export function echoedForms(key: string): Record<string, string> {
  const component = encodeURIComponent(key);
  const forms: Record<string, string> = {
    raw: key,
    'URL-encoded': component,
    'URL-encoded, lower-case hex': component.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    'URL-encoded twice': encodeURIComponent(component),
    // As a whole URL is encoded: `+`, `/` and `=` stay, `%` becomes `%25`.
    'URI-encoded (encodeURI)': encodeURI(key),
    'JSON-escaped': JSON.stringify(key).slice(1, -1).replace(/\//g, '\\/'),
  };
  for (const user of ['', 'u', 'us']) {
    const credential = Buffer.from(`${user}:${key}`);
    forms[`base64 after "${user}:"`] = credential.toString('base64');
    forms[`base64url after "${user}:"`] = credential.toString('base64url');
  }
  return forms;
}

/**
 * True when `text` shows `key` in any form of {@link echoedForms}: as is, URL-decoded, or inside
 * any base64 run (decoded by Node).
 */
export function showsSecret(text: string, key: string = SECRET): boolean {
  const middle = key.slice(2, -2);
  // Percent-decoded once and twice (never throwing on a stray `%`), in any hex case.
  const percentDecoded = (t: string): string => t.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if ([text, percentDecoded(text), percentDecoded(percentDecoded(text))].some((t) => t.includes(key))) return true;
  if (text.includes(JSON.stringify(key).slice(1, -1)) || text.includes(JSON.stringify(key).slice(1, -1).replace(/\//g, '\\/'))) return true;
  for (const run of text.match(/[A-Za-z0-9+/_-]{16,}/g) ?? []) {
    for (const skip of [0, 1, 2, 3]) {
      const part = run.slice(skip);
      for (const decoded of [Buffer.from(part, 'base64').toString('latin1'), Buffer.from(part, 'base64url').toString('latin1')]) {
        if (decoded.includes(middle)) return true;
      }
    }
  }
  return false;
}

/** A body the test writes to, closes, or breaks, and that records whether it was cancelled. */
export interface ControlledBody {
  stream: ReadableStream<Uint8Array>;
  push(text: string): void;
  close(): void;
  fail(error: unknown): void;
  readonly cancelled: boolean;
}

export function controlledBody(): ControlledBody {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  let done = false;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      cancelled = true;
    },
  });
  const encoder = new TextEncoder();
  return {
    stream,
    push: (text) => {
      if (!done) controller.enqueue(encoder.encode(text));
    },
    close: () => {
      if (!done) controller.close();
      done = true;
    },
    fail: (error) => {
      if (!done) controller.error(error);
      done = true;
    },
    get cancelled() {
      return cancelled;
    },
  };
}

/** SSE frames for events, as the API sends them. */
export function sse(events: readonly unknown[]): string {
  return events.map((e) => `event: ${(e as { type: string }).type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
}

export function sseResponse(body: string | ReadableStream<Uint8Array>, init?: ResponseInit): Response {
  return new Response(body, { status: 200, ...init, headers: { 'content-type': 'text/event-stream', ...(init?.headers as Record<string, string>) } });
}

export function jsonResponse(value: unknown, init?: ResponseInit): Response {
  return new Response(JSON.stringify(value), { status: 200, ...init, headers: { 'content-type': 'application/json', ...(init?.headers as Record<string, string>) } });
}

/** What one call of the fake fetch answers: a response, a rejection, or a function of the call. */
export type Reply = Response | Error | ((call: FetchCall) => Response | Error | Promise<Response>);

export interface FetchCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal;
}

/**
 * A fetch that answers from `replies` in order (the last one repeats), records every call and,
 * like the real one, rejects and breaks the body when its signal aborts.
 */
export function fakeFetch(replies: Reply[]): { fetch: FetchFunction; calls: FetchCall[]; aborted: () => number } {
  const calls: FetchCall[] = [];
  let aborted = 0;
  const fetch: FetchFunction = async (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const signal = init.signal ?? new AbortController().signal;
    const call: FetchCall = {
      url: input,
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      signal,
    };
    calls.push(call);
    signal.addEventListener('abort', () => aborted++, { once: true });
    if (signal.aborted) throw signal.reason;
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
    if (reply === undefined) throw new Error('no reply scripted');
    const result = typeof reply === 'function' ? reply(call) : reply;
    if (result instanceof Error) throw result;
    const response = await new Promise<Response>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      Promise.resolve(result).then(resolve, reject);
    });
    if (response.body === null) return response;
    // Like the real fetch, an abort breaks the body a reader is waiting on.
    const { status, statusText, headers: responseHeaders } = response;
    return new Response(response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>(), { signal }), { status, statusText, headers: responseHeaders });
  };
  return { fetch, calls, aborted: () => aborted };
}

/** A fetch whose promise never settles until aborted. */
export function hangingReply(): Reply {
  return () => new Promise<Response>(() => {});
}

/**
 * A scheduler whose clock runs `factor` times faster than real time: delays are divided by it
 * and `now()` multiplied, so timeouts and backoffs keep their logic but take a fraction of the
 * time. Records every delay it was asked for.
 */
export function fastScheduler(factor: number): SchedulerLike & { delays: number[] } {
  return timerCountingScheduler(factor);
}

/** Every string an error could show: message, toString, JSON, inspect-like own fields and causes. */
export function errorTexts(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: 6 })];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    parts.push(String(current));
    try {
      parts.push(JSON.stringify(current) ?? '');
    } catch {
      parts.push('unserialisable');
    }
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? '');
      for (const value of Object.values(current)) parts.push(typeof value === 'string' ? value : JSON.stringify(value) ?? '');
    }
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

/**
 * {@link fastScheduler} that also counts the timers still waiting: scheduled, not yet run
 * and not unsubscribed. A timer left waiting after a stream or request ended keeps Node's
 * event loop (a script) alive until it fires.
 */
export function timerCountingScheduler(factor: number): SchedulerLike & { delays: number[]; waiting(): number } {
  const delays: number[] = [];
  const live = new Set<object>();
  return {
    delays,
    waiting: () => live.size,
    now: () => Date.now() * factor,
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
      delays.push(delay);
      const token = {};
      live.add(token);
      const subscription = asyncScheduler.schedule(
        function (this: SchedulerAction<T>, value?: T) {
          live.delete(token);
          work.call(this, value);
        },
        delay / factor,
        state,
      );
      subscription.add(() => live.delete(token));
      return subscription;
    },
  };
}

/** A body that sends `text`, then breaks with `error` on the next read. */
export function breakingBody(text: string, error: unknown): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) controller.error(error);
      else controller.enqueue(new TextEncoder().encode(text));
      sent = true;
    },
  });
}
