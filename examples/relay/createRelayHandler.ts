// A relay for browser apps on Node's own `http` module: `POST /api/chat` with `{ "prompt": "..." }`
// streams a response from the Responses API back to the browser as Server-Sent Events. The
// browser never sees the API key; it only talks to this route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ResponsesClient, toSSEStream } from 'rx-responses';

/**
 * Options of {@link createRelayHandler}.
 *
 * @example
 * ```ts
 * createRelayHandler({ client: createClient(), model: 'gpt-5-nano' });
 * ```
 */
export interface RelayOptions {
  /** A server-side client: it holds the API key, the browser does not. */
  client: ResponsesClient;
  /** The model to call (the browser does not choose it). Default `gpt-5-nano`. */
  model?: string;
  /** Longest prompt accepted, in characters. Default 4000. */
  maxPromptLength?: number;
}

/** The largest request body read, in bytes; anything longer is refused before parsing. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * A Node `http` request handler serving `POST /api/chat`: reads `{ prompt }`, calls
 * `client.responses.stream()` and writes the events as `text/event-stream`. When the browser
 * disconnects (Stop, a closed tab), the body is cancelled, which unsubscribes from the stream
 * and so aborts the upstream request: no tokens are generated for nobody. An upstream failure
 * arrives as a final `error` event (see `toSSEStream()`), so the page shows why.
 *
 * Other paths get a 404 and other methods a 405, so it can be the last handler of a server.
 *
 * @example
 * ```ts
 * const relay = createRelayHandler({ client: createClient() });
 * createServer((req, res) => void relay(req, res)).listen(3000);
 * ```
 */
export function createRelayHandler(options: RelayOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { client, model = 'gpt-5-nano', maxPromptLength = 4000 } = options;

  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://relay.invalid').pathname;
    if (path !== '/api/chat') return sendJSON(res, 404, { error: 'Not found' });
    if (req.method !== 'POST') return sendJSON(res, 405, { error: 'Use POST' }, { allow: 'POST' });

    let text: string | undefined;
    try {
      text = await readBody(req);
    } catch {
      res.destroy(); // the browser went away while sending
      return;
    }
    if (text === undefined) return sendJSON(res, 413, { error: `Request body too large (limit ${MAX_BODY_BYTES} bytes)` });
    const prompt = readPrompt(text, maxPromptLength);
    if (typeof prompt !== 'string') return sendJSON(res, 400, { error: prompt.error });

    const body = toSSEStream(client.responses.stream({ model, input: prompt }));
    const reader = body.getReader();
    // 'close' fires when the response was fully sent or the browser went away; cancelling a
    // finished body is a no-op, cancelling a running one aborts the upstream request.
    res.once('close', () => void reader.cancel().catch(() => undefined));
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // nginx and similar proxies buffer responses unless told otherwise.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || res.destroyed) break;
        // Respect backpressure: a slow browser must not make the server buffer the whole answer.
        if (!res.write(value)) await drained(res);
      }
    } catch {
      // Cancelled because the browser left: nothing to tell anyone.
    }
    if (!res.destroyed) res.end();
  };
}

function readPrompt(body: string, maxLength: number): string | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { error: 'Expected a JSON body: { "prompt": "..." }' };
  }
  const prompt = (parsed as { prompt?: unknown } | null)?.prompt;
  if (typeof prompt !== 'string' || prompt.trim() === '') return { error: 'Expected a non-empty string "prompt"' };
  if (prompt.length > maxLength) return { error: `Prompt too long (limit ${maxLength} characters)` };
  return prompt;
}

/** The body as text, or `undefined` when it exceeds {@link MAX_BODY_BYTES}. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function sendJSON(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
