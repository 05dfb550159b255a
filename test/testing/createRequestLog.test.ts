// What a replay server records about the requests it receives: arrival numbers, the list in
// arrival order, and requests whose client went away before sending all of its body.
import { createServer, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRequestLog } from '../../src/testing/createRequestLog.js';
import type { ReplayServer } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { replayServersPerTest } from '../support/replayServersPerTest.js';
import { until } from '../support/until.js';

const text = recording('azure-text-1.jsonl');
const serve = replayServersPerTest();

/** Opens a raw TCP connection to the server and sends the head of a POST whose body is `length` bytes long, and `sent` of them. */
async function startSlowPost(server: ReplayServer, sent: string, length: number): Promise<Socket> {
  const socket = connect(server.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(`POST /v1/responses HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n${sent}`);
  return socket;
}

describe('createRequestLog', () => {
  it('counts a request whose client went away mid-body, without recording it', async () => {
    const server = await serve({ recording: text.text });
    const socket = await startSlowPost(server, '{"st', 10);
    await until(() => server.openConnections() === 1, 'the server to see the slow request');
    socket.destroy();
    await server.waitForIdle(1000);
    const next = await fetch(`${server.baseURL}/responses`, { method: 'POST', body: '{}' });
    expect(next.headers.get('x-request-id')).toBe('req_2');
    await next.text();
    expect(server.requests.map((r) => r.attempt)).toEqual([2]);
  });

  it('lists requests in arrival order even when a later one finished sending first', async () => {
    const server = await serve({ recording: text.text });
    const slow = await startSlowPost(server, '{"stream"', '{"stream":1}'.length);
    await until(() => server.openConnections() === 1, 'the server to see the slow request');
    await (await fetch(`${server.baseURL}/responses/unknown`)).text();
    expect(server.requests.map((r) => [r.attempt, r.method])).toEqual([[2, 'GET']]);
    const answered = new Promise<string>((resolve) => {
      let received = '';
      slow.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        if (received.includes('\r\n\r\n')) resolve(received);
      });
    });
    slow.write(':1}');
    expect(await answered).toMatch(/x-request-id: req_1\r\n/i);
    slow.destroy();
    expect(server.requests.map((r) => [r.attempt, r.method, r.body])).toEqual([
      [1, 'POST', { stream: 1 }],
      [2, 'GET', undefined],
    ]);
  });

  it('numbers WebSocket upgrades and HTTP requests in one sequence', async () => {
    const server = await serve({ recording: text.text });
    const ws = new WebSocket(`${server.baseURL.replace(/^http/, 'ws')}/responses`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const response = await fetch(`${server.baseURL}/responses`, { method: 'POST', body: '{}' });
    expect(response.headers.get('x-request-id')).toBe('req_2');
    await response.text();
    expect(server.requests.map((r) => [r.attempt, r.method, r.path])).toEqual([
      [1, 'GET', '/v1/responses'],
      [2, 'POST', '/v1/responses'],
    ]);
    ws.close();
    await until(() => server.openWebSockets() === 0, 'the WebSocket to close');
  });

  it('hands out a copy of the list, which later requests do not change', async () => {
    const server = await serve({ recording: text.text });
    await (await fetch(`${server.baseURL}/responses`, { method: 'POST', body: '{}' })).text();
    const seen = server.requests;
    (seen as unknown[]).length = 0;
    await (await fetch(`${server.baseURL}/responses`, { method: 'POST', body: '{}' })).text();
    expect(seen).toEqual([]);
    expect(server.requests.map((r) => r.attempt)).toEqual([1, 2]);
  });
});

describe('createRequestLog: a received request’s closed signal', () => {
  /** A loopback server that hands each request to a log and to `answer`; closed by the test. */
  async function logServer(answer: (res: ServerResponse, closed: AbortSignal) => void): Promise<{ port: number; close: () => Promise<void> }> {
    const log = createRequestLog('test');
    const server = createServer((req, res) => {
      void log.receive(req, res).then((received) => {
        if (received !== undefined) answer(res, received.closed);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('aborts once the response was written in full', async () => {
    let signal: AbortSignal | undefined;
    const server = await logServer((res, closed) => {
      signal = closed;
      expect(closed.aborted).toBe(false);
      res.end('done');
    });
    try {
      expect(await (await fetch(`http://127.0.0.1:${server.port}/v1/responses`, { method: 'POST', body: '{}' })).text()).toBe('done');
      await until(() => signal?.aborted === true, 'the closed signal to abort after the response');
    } finally {
      await server.close();
    }
  });

  it('aborts when the client goes away while the response is still being written, so a stalled writer stops', async () => {
    let signal: AbortSignal | undefined;
    const server = await logServer((res, closed) => {
      signal = closed;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: first\n\n'); // and never ends: a stall
    });
    try {
      const socket = connect(server.port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      socket.write('POST /v1/responses HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 2\r\n\r\n{}');
      await new Promise<void>((resolve) => socket.once('data', () => resolve()));
      expect(signal?.aborted).toBe(false);
      socket.destroy();
      await until(() => signal?.aborted === true, 'the closed signal to abort when the client left');
    } finally {
      await server.close();
    }
  });
});
