import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Pending connections the kernel may queue (it caps this at its own `somaxconn`). */
const LISTEN_BACKLOG = 4096;

/**
 * @internal A test server listening on the loopback interface, from {@link listenLoopback}.
 *
 * @example
 * ```ts
 * const listening = await listenLoopback(handle);
 * await fetch(`${listening.baseURL}/responses`);
 * await listening.close();
 * ```
 */
export interface LoopbackListener {
  /** The Node server, e.g. to watch its `upgrade` events. */
  readonly server: Server;
  /** The port it listens on (ephemeral unless one was asked for). */
  readonly port: number;
  /** `http://127.0.0.1:<port>/v1`. */
  readonly baseURL: string;
  /**
   * Stops listening, destroys every open socket and resolves once the server and all its
   * sockets have closed. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * @internal Options of {@link listenLoopback}.
 *
 * @example
 * ```ts
 * const options: LoopbackOptions = { port: 0, setup: (server) => attach(server), beforeClose: () => detach() };
 * ```
 */
export interface LoopbackOptions {
  /** The port to listen on (default 0: an ephemeral one). */
  readonly port?: number;
  /** Runs once on the server before it listens (to attach upgrade handlers). */
  readonly setup?: (server: Server) => void;
  /** Runs first on every `close()` (to stop what `setup` attached). */
  readonly beforeClose?: () => void;
}

/**
 * @internal The server lifecycle the replay servers share: an HTTP server on `127.0.0.1`
 * (never another address) whose requests go to `handle` (a handler that rejects destroys its
 * response), sockets tracked so that `close()` ends them all, one TCP segment per write (so
 * chunking and byte splitting reach the client as written).
 *
 * @throws (rejects) Node's listen error (`code` `EADDRINUSE`, `EACCES`) when the port cannot be used.
 *
 * @example
 * ```ts
 * const listening = await listenLoopback(async (req, res) => { res.end('ok'); });
 * ```
 */
export async function listenLoopback(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void,
  options: LoopbackOptions = {},
): Promise<LoopbackListener> {
  const sockets = new Set<Socket>();
  const socketsGone = new Set<() => void>();
  const server = createServer((req, res) => {
    try {
      Promise.resolve(handle(req, res)).catch(() => res.destroy());
    } catch {
      res.destroy();
    }
  });
  options.setup?.(server);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) for (const settle of [...socketsGone]) settle();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A load test opens hundreds of connections at once: Node's default backlog (511) would let
    // the kernel drop the surplus, each then waiting a second or more for its SYN to be resent.
    server.listen({ host: '127.0.0.1', port: options.port ?? 0, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    baseURL: `http://127.0.0.1:${port}/v1`,
    close(): Promise<void> {
      options.beforeClose?.();
      closing ??= Promise.all([
        new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
        // The server reports 'close' before its sockets have emitted theirs.
        new Promise<void>((resolve) => {
          if (sockets.size === 0) resolve();
          else socketsGone.add(resolve);
          for (const socket of sockets) socket.destroy();
        }),
      ]).then(() => undefined);
      return closing;
    },
  };
}
