import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type SocketEnd, openWebSocket } from '../../../src/client/ws/openWebSocket.js';

// A refused upgrade whose body arrives in pieces: openWebSocket.test.ts sends each body in one
// piece, where reading only the first piece would pass as well.

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A server that answers an upgrade with `head` and then, `ms` later, `rest`. */
async function slowRefusal(head: string, rest: string, ms = 30): Promise<string> {
  const server = createServer();
  const sockets = new Set<Duplex>();
  server.on('upgrade', (_request, socket: Duplex) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.write(head);
    setTimeout(() => socket.end(rest), ms);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/responses`;
}

describe('openWebSocket on Node (ws): a refusal body in pieces', () => {
  it('reads the body to its end before reading the error in it', async () => {
    const body = JSON.stringify({ error: { message: 'Try again later', code: 'busy' } });
    const cut = 12;
    const url = await slowRefusal(`HTTP/1.1 503 Busy\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, cut)}`, body.slice(cut));
    const end = await new Promise<SocketEnd>((resolve) => {
      openWebSocket(url, {}, (text) => text, { open: () => {}, message: () => {}, close: resolve });
    });
    expect(end.rejection).toMatchObject({ retryable: true, error: { name: 'InternalServerError', status: 503, code: 'busy', serverMessage: 'Try again later' } });
  });
});
