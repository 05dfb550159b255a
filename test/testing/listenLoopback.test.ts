// The server lifecycle the replay servers share: loopback only, failing handlers, close().
import { type Socket, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoopbackListener, listenLoopback } from '../../src/testing/listenLoopback.js';

const listeners: LoopbackListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

async function listen(...args: Parameters<typeof listenLoopback>): Promise<LoopbackListener> {
  const listening = await listenLoopback(...args);
  listeners.push(listening);
  return listening;
}

describe('listenLoopback', () => {
  it('listens on 127.0.0.1 and names its /v1 base URL', async () => {
    const listening = await listen((_req, res) => void res.end('ok'));
    expect(listening.server.address()).toMatchObject({ address: '127.0.0.1', port: listening.port });
    expect(listening.baseURL).toBe(`http://127.0.0.1:${listening.port}/v1`);
    expect(await (await fetch(listening.baseURL)).text()).toBe('ok');
  });

  it('destroys the response of a handler that throws or rejects, and goes on serving', async () => {
    let n = 0;
    const listening = await listen(async (_req, res) => {
      n++;
      if (n === 1) throw new Error('sync-looking throw in an async handler');
      if (n === 2) await Promise.reject(new Error('rejected'));
      res.end('fine');
    });
    await expect(fetch(listening.baseURL)).rejects.toThrow();
    await expect(fetch(listening.baseURL)).rejects.toThrow();
    expect(await (await fetch(listening.baseURL)).text()).toBe('fine');
  });

  it('destroys the response of a plain handler that throws synchronously', async () => {
    let n = 0;
    const listening = await listen((_req, res) => {
      n++;
      if (n === 1) throw new Error('thrown');
      res.end('fine');
    });
    await expect(fetch(listening.baseURL)).rejects.toThrow();
    expect(await (await fetch(listening.baseURL)).text()).toBe('fine');
  });

  it('runs setup before listening and beforeClose on every close(), which returns one promise', async () => {
    const calls: string[] = [];
    const listening = await listenLoopback((_req, res) => void res.end(), {
      setup: (server) => calls.push(`setup listening=${String(server.listening)}`),
      beforeClose: () => calls.push('beforeClose'),
    });
    const first = listening.close();
    const second = listening.close();
    expect(second).toBe(first);
    await first;
    expect(calls).toEqual(['setup listening=false', 'beforeClose', 'beforeClose']);
    expect(listening.server.listening).toBe(false);
  });

  it('close() destroys a connection whose response is still open, and resolves once it closed', async () => {
    let arrived!: () => void;
    const seen = new Promise<void>((resolve) => (arrived = resolve));
    const listening = await listenLoopback(() => arrived());
    const pending = fetch(listening.baseURL).then(() => 'answered', () => 'failed');
    await seen;
    await listening.close();
    expect(await pending).toBe('failed');
    expect(listening.server.listening).toBe(false);
  });

  it('close() resolves only once every open connection has closed, not the first of them', async () => {
    const listening = await listenLoopback(() => undefined);
    let connections = 0;
    let closed = 0;
    const all = new Promise<void>((resolve) =>
      listening.server.on('connection', (socket: Socket) => {
        socket.on('close', () => closed++);
        if (++connections === 3) resolve();
      }),
    );
    const clients = [1, 2, 3].map(() => connect(listening.port, '127.0.0.1').on('error', () => undefined));
    await all;
    await listening.close();
    expect(closed).toBe(3);
    for (const client of clients) client.destroy();
  });

  it('leaves a server error after listening unhandled, as Node does, rather than swallowing it', async () => {
    const listening = await listen((_req, res) => void res.end());
    expect(() => listening.server.emit('error', new Error('late failure'))).toThrow('late failure');
  });
});
