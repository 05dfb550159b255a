// The browser example end to end on one machine: a loopback replay server stands in for the
// Responses API, the relay talks to it with a server-side key, and one HTTP server serves the
// page and the relay's route. Used by server.ts (`npm`-free demo) and by the browser test.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ClientOptions, createClient } from 'rx-responses';
import { type ReplayServer, type ReplayServerOptions, startReplayServer } from 'rx-responses/testing';
import type { BrowserExampleBundle } from '../browser/bundleBrowserExample.js';
import { createRelayHandler } from './createRelayHandler.js';

/**
 * Options of {@link startDemoServer}.
 *
 * @example
 * ```ts
 * await startDemoServer({ page: await bundleBrowserExample(), replay: { recording, delayMs: 10 }, port: 5173 });
 * ```
 */
export interface DemoServerOptions {
  /** The built page (see `bundleBrowserExample()`). */
  page: BrowserExampleBundle;
  /** What the stand-in API serves: a recording, its pacing and faults. */
  replay: ReplayServerOptions;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** More options for the relay's client (`maxRetries`, `timeouts` …). */
  client?: Omit<ClientOptions, 'baseURL' | 'apiKey'>;
  /**
   * What the page says about the replay, so nobody mistakes the recording for an answer to
   * their prompt. Default: a sentence saying that every prompt gets the recorded answer.
   */
  replayNotice?: string;
}

/** The page's empty notice element, which the server fills in. */
const NOTICE_PLACEHOLDER = '<p id="replay-notice" role="note" hidden></p>';

const DEFAULT_NOTICE =
  'Replaying a recording: no API key is set, so a loopback server plays a recorded answer in place of the API, whatever the prompt.';

/**
 * A running demo. `close()` stops the page server and the replay server, open connections included.
 *
 * @example
 * ```ts
 * const demo = await startDemoServer(options);
 * console.log(demo.url);
 * await demo.close();
 * ```
 */
export interface DemoServer {
  /** e.g. `http://127.0.0.1:5173/`: the page. */
  readonly url: string;
  /** The stand-in API: its `requests`, `waitForIdle()` … */
  readonly replay: ReplayServer;
  close(): Promise<void>;
}

/**
 * Starts the stand-in API, the relay and the page server, all on 127.0.0.1.
 *
 * @example
 * ```ts
 * const demo = await startDemoServer({ page, replay: { recording } });
 * ```
 */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const replay = await startReplayServer(options.replay);
  // The key lives here, on the server; the page never sees it. The replay server accepts any.
  const client = createClient({ ...options.client, apiKey: 'sk-demo-server-side-only', baseURL: replay.baseURL });
  const relay = createRelayHandler({ client });
  const { js } = options.page;
  if (!options.page.html.includes(NOTICE_PLACEHOLDER)) throw new Error(`The page has no ${NOTICE_PLACEHOLDER} to show the replay notice in`);
  const html = options.page.html.replace(NOTICE_PLACEHOLDER, `<p id="replay-notice" role="note">${escapeHTML(options.replayNotice ?? DEFAULT_NOTICE)}</p>`);

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://demo.invalid').pathname;
    if (req.method === 'GET' && (path === '/' || path === '/index.html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    } else if (req.method === 'GET' && path === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(js);
    } else if (req.method === 'GET' && path === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      relay(req, res).catch(() => res.destroy());
    }
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await replay.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    replay,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections(); // keep-alive sockets of the browser, streams in flight
        await stopped;
        await replay.close();
      })();
      return closing;
    },
  };
}

function escapeHTML(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
