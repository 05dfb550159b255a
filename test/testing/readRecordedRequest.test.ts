// How a replay server records a request: the method, path, query, headers and body as sent.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { recording } from '../support/fixtures.js';
import { replayServersPerTest } from '../support/replayServersPerTest.js';

const text = recording('azure-text-1.jsonl');
const serve = replayServersPerTest();

/** Sends `head` (and nothing else) on a raw connection and waits for the whole reply. */
async function sendRaw(port: number, head: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(head);
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return received;
}

describe('readRecordedRequest', () => {
  it('joins a header sent twice with ", " and keeps the last value of a repeated query parameter', async () => {
    const server = await serve({ recording: text.text });
    const reply = await sendRaw(
      server.port,
      'GET /v1/models?limit=1&limit=7&order=asc HTTP/1.1\r\nhost: 127.0.0.1\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Trace: one\r\nconnection: close\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 404 /);
    expect(server.requests).toEqual([
      {
        method: 'GET',
        path: '/v1/models',
        query: { limit: '7', order: 'asc' },
        headers: { host: '127.0.0.1', 'set-cookie': 'a=1, b=2', 'x-trace': 'one', connection: 'close' },
        body: undefined,
        attempt: 1,
      },
    ]);
  });

  it('keeps a body that is not JSON as its text, decoded as UTF-8', async () => {
    const server = await serve({ recording: text.text });
    await (await fetch(`${server.baseURL}/upload`, { method: 'PUT', body: 'grüße {not json' })).text();
    expect(server.requests[0]?.body).toBe('grüße {not json');
  });
});
