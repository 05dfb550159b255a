import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SocketEnd } from '../../../src/client/ws/openWebSocket.js';

/** A WebSocket class (the platform's, or one a `ws` module exports) that records how it was made. */
class FakeWebSocket extends EventTarget {
  static made: unknown[][] = [];
  readyState = 0;
  constructor(...args: unknown[]) {
    super();
    FakeWebSocket.made.push(args);
  }
  send(): void {}
  close(): void {}
  on(): this {
    return this;
  }
}

const URL = 'ws://127.0.0.1:9/v1/responses';
const settle = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh copy of openWebSocket (nothing loaded yet), with `ws` as `factory` gives it. */
async function freshOpenWebSocket(factory: () => Record<string, unknown> | Promise<Record<string, unknown>>) {
  vi.resetModules();
  vi.doMock('ws', factory);
  return (await import('../../../src/client/ws/openWebSocket.js')).openWebSocket;
}

function opened(openWebSocket: Awaited<ReturnType<typeof freshOpenWebSocket>>, headers: Record<string, string>): { ends: SocketEnd[]; close(): void } {
  const ends: SocketEnd[] = [];
  const connection = openWebSocket(URL, headers, (text) => text, { open: () => {}, message: () => {}, close: (end) => ends.push(end) });
  return { ends, close: () => connection.close(1000, '') };
}

const missing = (): never => {
  throw new Error('Cannot find package "ws"');
};

describe('openWebSocket on Node: loading ws', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.doUnmock('ws');
    FakeWebSocket.made = [];
  });

  it.each([
    ['as the ES module exports it', () => ({ WebSocket: FakeWebSocket })],
    ['as a CommonJS module with a WebSocket field', () => ({ WebSocket: undefined, default: { WebSocket: FakeWebSocket } })],
    ['as a CommonJS module that is the class', () => ({ WebSocket: undefined, default: FakeWebSocket })],
  ])('finds the WebSocket class %s, and opens it without redirects or compression', async (_shape, factory) => {
    vi.stubGlobal('WebSocket', undefined);
    const openWebSocket = await freshOpenWebSocket(factory);
    opened(openWebSocket, { authorization: 'Bearer k' });
    await settle();
    expect(FakeWebSocket.made).toEqual([[URL, { headers: { authorization: 'Bearer k' }, followRedirects: false, perMessageDeflate: false }]]);
  });

  it('fails as without ws when ws has no WebSocket class, an APIConnectionError saying why, and tries again next time', async () => {
    vi.stubGlobal('WebSocket', undefined);
    const openWebSocket = await freshOpenWebSocket(() => ({ WebSocket: undefined, default: { other: 1 } }));
    const { ends } = opened(openWebSocket, {});
    await settle();
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ code: 1006, reason: '', rejection: { retryable: false, error: { name: 'APIConnectionError' } } });
    expect(ends[0]?.rejection?.error.message).toMatch(/^WebSocket mode needs a WebSocket: /);
    expect((ends[0]?.rejection?.error.cause as Error).message).toBe('the ws package has no WebSocket export');
    vi.doMock('ws', () => ({ WebSocket: FakeWebSocket }));
    opened(openWebSocket, {});
    await settle();
    expect(FakeWebSocket.made).toHaveLength(1);
  });

  it('says to install ws when the platform has no WebSocket either, and tries to load it again next time', async () => {
    vi.stubGlobal('WebSocket', undefined);
    const openWebSocket = await freshOpenWebSocket(missing);
    const first = opened(openWebSocket, { authorization: 'Bearer k' });
    await settle();
    expect(first.ends).toHaveLength(1);
    expect(first.ends[0]).toMatchObject({ code: 1006, reason: '', rejection: { retryable: false, error: { name: 'APIConnectionError' } } });
    expect(first.ends[0]?.rejection?.error.message).toBe(
      'WebSocket mode needs a WebSocket: this platform has no global WebSocket (Node 20) and the "ws" package could not be loaded. Install it: npm install ws',
    );
    expect(first.ends[0]?.rejection?.error.cause).toBeInstanceOf(Error);
    // Once ws can be loaded (installed meanwhile), the next connection uses it: the failure was not kept.
    vi.doMock('ws', () => ({ WebSocket: FakeWebSocket }));
    const second = opened(openWebSocket, {});
    await settle();
    expect(second.ends).toEqual([]);
    expect(FakeWebSocket.made).toHaveLength(1);
  });

  it("falls back to the platform's WebSocket, which on Node takes the headers", async () => {
    vi.stubGlobal('WebSocket', FakeWebSocket);
    const openWebSocket = await freshOpenWebSocket(missing);
    const withHeaders = opened(openWebSocket, { authorization: 'Bearer k' });
    await settle();
    expect(withHeaders.ends).toEqual([]);
    expect(FakeWebSocket.made).toEqual([[URL, { headers: { authorization: 'Bearer k' } }]]);
    opened(openWebSocket, {});
    await settle();
    expect(FakeWebSocket.made[1]).toEqual([URL]);
  });

  it('opens nothing when closed before ws loaded, or failed to', async () => {
    vi.stubGlobal('WebSocket', FakeWebSocket);
    const failing = opened(await freshOpenWebSocket(missing), {});
    failing.close();
    const loading = opened(await freshOpenWebSocket(() => ({ WebSocket: FakeWebSocket })), {});
    loading.close();
    await settle();
    expect(FakeWebSocket.made).toEqual([]);
    expect([...failing.ends, ...loading.ends]).toEqual([]);
  });

  it('opens no platform WebSocket when closed before ws failed to load', async () => {
    vi.stubGlobal('WebSocket', FakeWebSocket);
    const failing = opened(await freshOpenWebSocket(missing), {});
    failing.close();
    await settle();
    expect(FakeWebSocket.made).toEqual([]);
    expect(failing.ends).toEqual([]);
  });

  it('tries ws off Node too when the platform has no WebSocket', async () => {
    vi.stubGlobal('WebSocket', undefined);
    const openWebSocket = await freshOpenWebSocket(() => ({ WebSocket: FakeWebSocket }));
    // Not Node while openWebSocket() chooses; the import of ws it starts needs the real process.
    const nodeProcess = process;
    vi.stubGlobal('process', undefined);
    const { ends } = opened(openWebSocket, {});
    vi.stubGlobal('process', nodeProcess);
    await settle();
    expect(ends).toEqual([]);
    expect(FakeWebSocket.made).toEqual([[URL, { headers: {}, followRedirects: false, perMessageDeflate: false }]]);
  });

  it('uses ws on Node even where a global WebSocket exists', async () => {
    class Platform extends FakeWebSocket {}
    vi.stubGlobal('WebSocket', Platform);
    const openWebSocket = await freshOpenWebSocket(() => ({ WebSocket: FakeWebSocket }));
    opened(openWebSocket, {});
    await settle();
    expect(FakeWebSocket.made).toHaveLength(1);
    expect(FakeWebSocket.made[0]?.[1]).toMatchObject({ followRedirects: false });
  });

  it('reads a refused upgrade\'s body when loaded afresh with the real ws', async () => {
    // Loaded inside the test (the other files import it once, at collection), so the module's
    // own constants are evaluated here too.
    const openWebSocket = await freshOpenWebSocket(() => vi.importActual<Record<string, unknown>>('ws'));
    const body = JSON.stringify({ error: { message: 'Try later', code: 'busy' } });
    const server = createServer();
    server.on('upgrade', (_request, socket) => socket.end(`HTTP/1.1 503 Busy\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const end = await new Promise<SocketEnd>((resolve) => {
        openWebSocket(`ws://127.0.0.1:${port}/v1/responses`, {}, (text) => text, { open: () => {}, message: () => {}, close: resolve });
      });
      expect(end.rejection).toMatchObject({ retryable: true, error: { name: 'InternalServerError', status: 503, serverMessage: 'Try later' } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
