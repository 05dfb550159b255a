// The same relay as createRelayHandler.ts, as a Hono app: `POST /api/chat` with `{ "prompt": "..." }`
// answers with the response's events as Server-Sent Events. Runs wherever Hono runs (Node via
// @hono/node-server, Bun, Deno, workers): the route returns a web `Response` whose body is
// `toSSEStream()`, and every runtime cancels that body when the browser disconnects, which
// aborts the upstream request.
import { Hono } from 'hono';
import { type ResponsesClient, toSSEStream } from 'rx-responses';

/**
 * Options of {@link createRelayApp}.
 *
 * @example
 * ```ts
 * createRelayApp({ client: createClient(), model: 'gpt-5-nano' });
 * ```
 */
export interface RelayAppOptions {
  /** A server-side client: it holds the API key, the browser does not. */
  client: ResponsesClient;
  /** The model to call. Default `gpt-5-nano`. */
  model?: string;
  /** Longest prompt accepted, in characters. Default 4000. */
  maxPromptLength?: number;
}

/**
 * A Hono app with one route, `POST /api/chat`. Mount it in a larger app with
 * `app.route('/', createRelayApp({ client }))`.
 *
 * @example
 * ```ts
 * import { serve } from '@hono/node-server';
 * serve({ fetch: createRelayApp({ client: createClient() }).fetch, port: 3000 });
 * ```
 */
export function createRelayApp(options: RelayAppOptions): Hono {
  const { client, model = 'gpt-5-nano', maxPromptLength = 4000 } = options;
  const app = new Hono();
  app.post('/api/chat', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const prompt = (body as { prompt?: unknown } | undefined)?.prompt;
    if (typeof prompt !== 'string' || prompt.trim() === '') return c.json({ error: 'Expected a JSON body with a non-empty string "prompt"' }, 400);
    if (prompt.length > maxPromptLength) return c.json({ error: `Prompt too long (limit ${maxPromptLength} characters)` }, 400);

    const events$ = client.responses.stream({ model, input: prompt });
    return new Response(toSSEStream(events$), {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
    });
  });
  return app;
}
