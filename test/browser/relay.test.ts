// Both relays (examples/relay: Node `http` and Hono) from the outside, with fetch standing in for
// the browser and a loopback replay server for the API.
import { type Server, createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRelayHandler } from '../../examples/relay/createRelayHandler.js';
import { createRelayApp } from '../../examples/relay/hono.js';
import { type ResponsesClient, createClient, finalResponse, fromFetchResponse } from '../../src/index.js';
import { type ReplayServer, startReplayServer } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { messageText } from '../support/messageText.js';

// The examples import the package by name; run them on this checkout's source, not dist/.
vi.mock('rx-responses', () => import('../../src/index.js'));

const rec = recording('xai-text-with-reasoning-streaming-1.jsonl');
const KEY = 'sk-relay+test/secret=0123%';
/** A prompt for which the stand-in API sends a few events, then goes silent: a long answer. */
const SLOW = 'please stall';

const relays: { name: string; listener: (client: ResponsesClient) => RequestListener }[] = [
  {
    name: 'Node http relay (createRelayHandler)',
    listener: (client) => {
      const relay = createRelayHandler({ client, model: 'grok-code-fast-1' });
      return (req, res) => void relay(req, res);
    },
  },
  { name: 'Hono relay (createRelayApp)', listener: (client) => getRequestListener(createRelayApp({ client, model: 'grok-code-fast-1' }).fetch) },
];

describe.each(relays)('$name', ({ listener }) => {
  let replay: ReplayServer;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    replay = await startReplayServer({
      recording: rec.text,
      faults: (request) => ((request.body as { input?: unknown }).input === SLOW ? { kind: 'stall', afterEvents: 5 } : undefined),
    });
    server = createServer(listener(createClient({ apiKey: KEY, baseURL: replay.baseURL })));
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`;
  });

  afterAll(async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    await replay.close();
  });

  const post = (body: unknown, signal?: AbortSignal): Promise<Response> =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...(signal ? { signal } : {}) });

  it('relays the whole stream as SSE; the API key stays on the server', async () => {
    const before = replay.requests.length;
    const res = await post({ prompt: 'What is notable about Sonoran food?' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const body = await res.text();
    expect(body).not.toContain(KEY);

    const response = await lastValueFrom(fromFetchResponse(new Response(body, { headers: res.headers })).pipe(finalResponse()));
    const terminal = rec.events.at(-1) as unknown as { response: { output: unknown[] } };
    expect(response.output_text).toBe(messageText(terminal.response.output));
    expect(response.output_text.length).toBeGreaterThan(100);

    const upstream = replay.requests.slice(before);
    expect(upstream).toHaveLength(1);
    expect(upstream[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(upstream[0]?.body).toMatchObject({ model: 'grok-code-fast-1', input: 'What is notable about Sonoran food?', stream: true });
  });

  it('aborts the upstream request when the browser disconnects', async () => {
    const controller = new AbortController();
    const res = await post({ prompt: SLOW }, controller.signal);
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('response.created');
    expect(replay.openConnections()).toBe(1);

    controller.abort();
    await reader?.cancel().catch(() => undefined);
    await replay.waitForIdle(2000); // rejects while the upstream connection stays open
  });

  it.each([
    ['no prompt', {}],
    ['an empty prompt', { prompt: '  ' }],
    ['a prompt that is not a string', { prompt: 42 }],
  ])('answers 400 to %s, without calling the API', async (_name, body) => {
    const before = replay.requests.length;
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error?: unknown }).error).toMatch(/prompt/);
    expect(replay.requests.length).toBe(before);
  });
});
