// relayEvents(): what the request looks like, and the APIError of each kind of refusal, against a
// loopback relay.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type APIError, isAPIError, relayEvents } from '../../src/index.js';

let server: Server | undefined;
let closed: Promise<void> = Promise.resolve();

afterEach(async () => {
  vi.unstubAllGlobals();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Starts a relay on 127.0.0.1; `answer` writes the reply. `closed` settles when the client drops the connection. */
async function startRelay(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  let markClosed: () => void = () => undefined;
  closed = new Promise<void>((resolve) => (markClosed = resolve));
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(req, res));
    res.on('close', () => markClosed());
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`;
}

async function refusalOf(url: string): Promise<APIError> {
  const error = await lastValueFrom(relayEvents(url)('Hi')).catch((e: unknown) => e);
  if (!isAPIError(error)) throw new Error(`expected an APIError, got ${String(error)}`);
  return error;
}

describe('relayEvents() request', () => {
  it("posts to /api/chat by default, asking for an event stream", async () => {
    const calls: Array<{ url: unknown; init: RequestInit | undefined }> = [];
    vi.stubGlobal('fetch', (url: unknown, init?: RequestInit) => {
      calls.push({ url, init });
      return Promise.resolve(new Response('', { status: 200, headers: { 'content-type': 'text/event-stream' } }));
    });
    expect(await lastValueFrom(relayEvents()('Say hi').pipe(toArray()))).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('/api/chat');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: '{"prompt":"Say hi"}' });
  });
});

describe('relayEvents() refusals', () => {
  it('quotes the status, its text and the trimmed body, and keeps the headers', async () => {
    const url = await startRelay((_req, res) => {
      res.writeHead(429, 'Too Many Requests', { 'content-type': 'text/plain', 'x-request-id': 'req_relay' });
      res.end('  Slow down, please \n');
    });
    const error = await refusalOf(url);
    expect(error.message).toBe('the relay answered 429 Too Many Requests: Slow down, please');
    expect(error).toMatchObject({ status: 429, serverMessage: 'Slow down, please', requestID: 'req_relay', name: 'APIError' });
    expect(error.headers['content-type']).toBe('text/plain');
  });

  it('leaves out a missing status text and an empty or blank body', async () => {
    const url = await startRelay((_req, res) => {
      res.writeHead(418, '');
      res.end(' \n ');
    });
    const error = await refusalOf(url);
    expect(error.message).toBe('the relay answered 418');
    expect(error.serverMessage).toBe('');
  });

  it('quotes at most 300 characters of the body', async () => {
    const url = await startRelay((_req, res) => {
      res.writeHead(400, 'Bad Request');
      res.end('y'.repeat(1000));
    });
    const error = await refusalOf(url);
    expect(error.serverMessage).toBe('y'.repeat(300));
    expect(error.message).toBe(`the relay answered 400 Bad Request: ${'y'.repeat(300)}`);
  });

  it('decodes a character split between chunks, and marks one cut off at the end', async () => {
    const url = await startRelay((_req, res) => {
      res.writeHead(400, 'Bad Request');
      res.write(Buffer.from([0x31, 0xe2]));
      setTimeout(() => res.end(Buffer.from([0x82, 0xac, 0x32, 0xe2, 0x82])), 30);
    });
    expect((await refusalOf(url)).serverMessage).toBe('1€2\uFFFD');
  });

  it('gives the status alone when the body cannot be read', async () => {
    const url = await startRelay((_req, res) => {
      res.writeHead(500, 'Internal Server Error', { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.destroy(), 30);
    });
    const error = await refusalOf(url);
    expect(error.message).toBe('the relay answered 500 Internal Server Error');
  });

  it('stops reading a long refusal after its start and drops the connection', async () => {
    const url = await startRelay((_req, res) => {
      res.writeHead(502, 'Bad Gateway');
      res.write('z'.repeat(1 << 16));
    });
    const error = await refusalOf(url);
    expect(error.serverMessage).toBe('z'.repeat(300));
    await closed;
    expect(server?.listening).toBe(true);
  });
});
