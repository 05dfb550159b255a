import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createGzip } from 'node:zlib';
import { trackOpenResponses } from '../../src/testing/trackOpenResponses.js';

/**
 * A loopback server that answers every `POST` with `frames` as a gzip-encoded SSE body
 * (`content-encoding: gzip`, one flush per frame, as a compressing proxy streams), for the
 * case the replay server does not cover. It counts requests and open connections like the
 * replay server does.
 */
export interface GzipServer {
  readonly baseURL: string;
  /** The `accept-encoding` header of each request, in arrival order. */
  readonly acceptEncodings: readonly string[];
  openConnections(): number;
  waitForIdle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startGzipServer(frames: readonly Buffer[]): Promise<GzipServer> {
  const acceptEncodings: string[] = [];
  const sockets = new Set<Socket>();
  const busy = trackOpenResponses('gzip server');

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for await (const _chunk of req) {
      // the request body is not needed, only read to its end
    }
    acceptEncodings.push(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'content-encoding': 'gzip', 'x-request-id': `req_gzip_${acceptEncodings.length}` });
    const gzip = createGzip();
    gzip.pipe(res);
    for (const frame of frames) {
      if (res.destroyed) break;
      gzip.write(frame);
      await new Promise<void>((resolve) => gzip.flush(() => resolve()));
      await nextTurn();
    }
    gzip.end();
  }

  const server = createServer((req, res) => {
    busy.track(res);
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    acceptEncodings,
    openConnections: busy.count,
    waitForIdle: (timeoutMs?: number) => busy.waitForIdle(timeoutMs),
    close() {
      return new Promise<void>((resolve) => {
        let pending = sockets.size + 1;
        const settle = (): void => {
          if (--pending === 0) resolve();
        };
        server.close(() => settle());
        for (const socket of sockets) {
          socket.once('close', settle);
          socket.destroy();
        }
      });
    },
  };
}
