// relayEvents() against a loopback relay that answers with a recording's SSE, or refuses.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { isAPIError, relayEvents } from '../../src/index.js';
import { jsonlToSSE } from '../support/jsonlToSSE.js';
import { textRecording } from '../recipes/scriptedRequests.js';

interface Seen {
  method: string | undefined;
  contentType: string | undefined;
  body: string;
  closedEarly: boolean;
}

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Starts a relay on 127.0.0.1; `answer` writes the reply. */
async function startRelay(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    const entry: Seen = { method: req.method, contentType: req.headers['content-type'], body: '', closedEarly: false };
    seen.push(entry);
    res.on('close', () => (entry.closedEarly = !res.writableFinished));
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (entry.body += chunk));
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`, seen };
}

describe('relayEvents()', () => {
  it('posts the prompt as JSON and emits the events the relay streams back', async () => {
    const { url, seen } = await startRelay((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(jsonlToSSE(textRecording.text));
    });
    const eventsFor = relayEvents(url);
    const events = eventsFor('Say hello');
    expect(seen).toHaveLength(0); // cold: nothing sent before subscribe

    const received = await lastValueFrom(events.pipe(toArray()));
    expect(received).toEqual(textRecording.events);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.contentType).toBe('application/json');
    expect(JSON.parse(seen[0]!.body)).toEqual({ prompt: 'Say hello' });
  });

  it('aborts the request when unsubscribed mid-stream', async () => {
    expect.hasAssertions();
    const { url, seen } = await startRelay((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // The first event only; the rest never comes.
      res.write(jsonlToSSE(textRecording.text.split('\n')[0]!));
    });
    const closed = new Promise<void>((resolve) => {
      const subscription = relayEvents(url)('Say hello').subscribe(() => {
        subscription.unsubscribe();
        const poll = setInterval(() => {
          if (seen[0]?.closedEarly) {
            clearInterval(poll);
            resolve();
          }
        }, 5);
      });
    });
    await closed;
    expect(seen[0]!.closedEarly).toBe(true);
  });

  it('fails with an APIError quoting the status and the relay’s words when it refuses', async () => {
    const { url } = await startRelay((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'prompt must be a non-empty string' }));
    });
    const error = await lastValueFrom(relayEvents(url)('')).catch((e: unknown) => e);
    expect(isAPIError(error)).toBe(true);
    if (!isAPIError(error)) return;
    expect(error.status).toBe(400);
    expect(error.message).toContain('400');
    expect(error.message).toContain('prompt must be a non-empty string');
  });

  it('quotes only the start of a huge refusal and does not wait for the rest', async () => {
    const { url } = await startRelay((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      // 1 MiB now, and the body never ends: reading it all would hang the test.
      res.write(`<h1>Bad gateway</h1>${'x'.repeat(1 << 20)}`);
    });
    const error = await lastValueFrom(relayEvents(url)('Hi')).catch((e: unknown) => e);
    expect(isAPIError(error)).toBe(true);
    if (!isAPIError(error)) return;
    expect(error.status).toBe(502);
    expect(error.message).toContain('<h1>Bad gateway</h1>');
    expect(error.message.length).toBeLessThan(400);
  });
});
