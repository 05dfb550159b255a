// WebSocket mode in a real browser: Chromium's own WebSocket (the path Node never takes, since
// Node uses the `ws` package), against the loopback replay server's WebSocket mode. A browser
// WebSocket cannot carry an Authorization header, so a browser app talks to its own server
// without a key; with a key configured, the client must refuse before anything is sent.
import { type Server, createServer } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser } from '../../examples/browser/bundleBrowserExample.js';
import { type ReplayServer, startReplayServer } from '../../src/testing/index.js';
import { launchChromium } from '../support/launchChromium.js';
import { messageText } from '../support/messageText.js';
import { repoRoot } from '../support/runTool.js';
import { resumableRecording } from '../client/resumableRecording.js';
import type { WebSocketOutcome } from './wsPage/main.js';

// A clean recording of one completed response with text deltas.
const rec = resumableRecording();
const finalOutput = (rec.events.at(-1) as { response?: { output?: unknown[] } }).response?.output;
let browser: Browser | undefined;
let page: Page;
let server: ReplayServer;
let script = '';
/** Serves the page: Chromium lets a page reach 127.0.0.1 from a loopback origin, not from about:blank. */
let pageServer: Server | undefined;

beforeAll(async () => {
  script = await bundleForBrowser(join(repoRoot, 'test/browser/wsPage/main.ts'));
  // Nothing of Node's WebSocket support may reach the page: the bundle must not pull in `ws`.
  expect(script).not.toMatch(/from ["']ws["']|require\(["']ws["']\)/);
  server = await startReplayServer({ recording: rec.text });
  browser = await launchChromium();
  pageServer = createServer((req, res) => {
    if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/page.js"></script>');
  });
  await new Promise<void>((resolve) => pageServer?.listen(0, '127.0.0.1', resolve));
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${(pageServer.address() as { port: number }).port}/`);
  await page.waitForFunction(() => typeof (globalThis as { rxWebSocket?: unknown }).rxWebSocket === 'function');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  pageServer?.closeAllConnections();
  await new Promise((resolve) => (pageServer === undefined ? resolve(undefined) : pageServer.close(resolve)));
});

const runInPage = (baseURL: string, apiKey: string | undefined, turns: number): Promise<WebSocketOutcome> =>
  page.evaluate(
    ([url, key, n]) => (globalThis as unknown as { rxWebSocket: (u: string, k: string | undefined, t: number) => Promise<WebSocketOutcome> }).rxWebSocket(url, key ?? undefined, n),
    [baseURL, apiKey ?? null, turns] as const,
  );

describe('WebSocket mode in Chromium', () => {
  it('streams responses over the browser WebSocket, several on one socket', async () => {
    const before = server.requests.length;
    const outcome = await runInPage(server.baseURL, undefined, 3);
    expect(outcome.error).toBeUndefined();
    expect(outcome.text).toBe(messageText(finalOutput));
    expect(outcome.text?.length).toBeGreaterThan(0);
    expect(outcome.status).toBe('completed');
    // Three responses, one upgrade request, one connection.
    const upgrades = server.requests.slice(before).filter((r) => r.path.endsWith('/responses') && r.method === 'GET');
    expect(upgrades).toHaveLength(1);
    expect(server.webSocketConnections()).toBe(1);
    // socket.close() closes the connection (the close handshake takes a moment).
    await expect.poll(() => server.openWebSockets(), { timeout: 5000 }).toBe(0);
  });

  it('refuses to connect with an API key, since a browser WebSocket cannot send it, and never shows the key', async () => {
    const key = 'sk-browser-must-not-see-this-1234567890';
    const before = server.requests.length;
    const outcome = await runInPage(server.baseURL, key, 1);
    expect(outcome.error?.name).toBe('APIConnectionError');
    expect(outcome.error?.message).toMatch(/cannot send headers.*your own server/);
    expect(JSON.stringify(outcome)).not.toContain(key);
    expect(server.requests.slice(before)).toHaveLength(0);
  });
});
