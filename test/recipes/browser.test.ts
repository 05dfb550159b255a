// The React demo (StrictMode on, development build) and the Vue demo, bundled for the browser
// with tsup and driven in real Chromium, against the example relay and a loopback replay server
// standing in for the API: browser -> relay (examples/relay) -> replay server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRelayHandler } from '../../examples/relay/createRelayHandler.js';
import { createClient } from '../../src/index.js';
import { type ReplayServer, startReplayServer } from '../../src/testing/index.js';
import { launchChromium } from '../support/launchChromium.js';
import { repoRoot } from '../support/runTool.js';
import { textRecording } from './scriptedRequests.js';

// The relay imports the package by name; test it against this checkout's source, not dist/.
vi.mock('rx-responses', () => import('../../src/index.js'));

/** A prompt the replay server answers with a few deltas and then silence, to have time to press Stop. */
const STALL_PROMPT = 'stall, please';
const PAGES = ['react', 'vue'] as const;

const outDir = mkdtempSync(join(tmpdir(), 'rx-recipes-'));
let replay: ReplayServer;
let site: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  replay = await startReplayServer({
    recording: textRecording.text,
    delayMs: 8, // about 0.8 s for the whole answer: many frames, so progress is visible
    faults: (request) =>
      (request.body as { input?: unknown } | undefined)?.input === STALL_PROMPT ? { kind: 'stall', afterEvents: textRecording.firstDelta + 10 } : undefined,
  });
  const relay = createRelayHandler({ client: createClient({ apiKey: 'sk-test+recipes/key=%', baseURL: replay.baseURL, maxRetries: 0 }) });

  await build({
    entry: Object.fromEntries(PAGES.map((name) => [`${name}/main`, join(repoRoot, `examples/recipes/${name}/main.ts`)])),
    outDir,
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    noExternal: [/./], // a page loads one file: bundle rxjs, react, vue and this package too
    esbuildOptions(options) {
      options.alias = { 'rx-responses': join(repoRoot, 'src/index.ts') };
    },
    // Development builds: React's StrictMode double-mounts only there.
    define: {
      'process.env.NODE_ENV': '"development"',
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    dts: false,
    splitting: false,
    silent: true,
    config: false,
  });

  site = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site.invalid').pathname;
    if (path.startsWith('/api/')) return void relay(req, res);
    const page = PAGES.find((name) => path === `/${name}/` || path === `/${name}/main.js`);
    if (page === undefined) return void res.writeHead(404).end();
    if (path.endsWith('.js')) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(outDir, `${page}/main.js`)));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><meta charset="utf-8"><div id="root"></div><script type="module" src="main.js"></script>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  site?.closeAllConnections();
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
  await replay?.close();
  rmSync(outDir, { recursive: true, force: true });
});

/** Opens a demo page, collecting page errors and every text the output element shows. */
async function openPage(name: (typeof PAGES)[number]): Promise<{ page: Page; errors: string[]; console: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const console: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (message) => console.push(message.text()));
  await page.goto(`${origin}/${name}/`);
  await page.getByTestId('status').filter({ hasText: 'idle' }).waitFor();
  await page.evaluate(() => {
    const output = document.querySelector('[data-testid="text"]')!;
    const seen: string[] = [];
    (window as unknown as { seenTexts: string[] }).seenTexts = seen;
    new MutationObserver(() => seen.push(output.textContent ?? '')).observe(output, { subtree: true, childList: true, characterData: true });
  });
  return { page, errors, console };
}

async function send(page: Page, prompt: string): Promise<void> {
  await page.getByTestId('prompt').fill(prompt);
  await page.getByTestId('send').click();
}

const statusIs = (page: Page, status: string) => page.getByTestId('status').filter({ hasText: new RegExp(`^${status}$`) }).waitFor({ timeout: 15_000 });

describe.each(PAGES)('examples/recipes/%s in Chromium', (name) => {
  it('renders the text progressively and ends with the recording’s text, with one request per send', async () => {
    const { page, errors, console } = await openPage(name);
    try {
      const before = replay.requests.length;
      await send(page, 'Say hello');
      await statusIs(page, 'completed');
      // StrictMode mounted the React tree twice, yet exactly one request reached the API.
      expect(replay.requests.length - before).toBe(1);
      expect(replay.requests.at(-1)?.body).toMatchObject({ input: 'Say hello', stream: true });
      const seen = await page.evaluate(() => (window as unknown as { seenTexts: string[] }).seenTexts);
      const shown = await page.getByTestId('text').textContent();

      expect(shown).toBe(textRecording.finalText);
      expect(seen.at(-1)).toBe(textRecording.finalText);
      // Progressive: many intermediate renders, each a longer prefix of the answer.
      const partial = seen.filter((text) => text !== '' && text !== textRecording.finalText);
      expect(partial.length).toBeGreaterThan(5);
      partial.forEach((text, i) => {
        expect(textRecording.finalText.startsWith(text)).toBe(true);
        if (i > 0) expect(text.length).toBeGreaterThanOrEqual(partial[i - 1]!.length);
      });
      await replay.waitForIdle();
      if (name === 'react') expect(console.join('\n')).toContain('React DevTools'); // a development build, where StrictMode double-mounts
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('Stop aborts the request all the way to the API and keeps the partial text', async () => {
    const { page, errors } = await openPage(name);
    try {
      const before = replay.requests.length;
      await send(page, STALL_PROMPT);
      await page.waitForFunction(() => (document.querySelector('[data-testid="text"]')?.textContent ?? '') !== '', undefined, { timeout: 15_000 });
      await statusIs(page, 'streaming');
      expect(replay.openConnections()).toBe(1); // the stalled stream is still open
      await page.getByTestId('stop').click();
      await statusIs(page, 'stopped');
      // Browser aborts its fetch -> the relay cancels the body -> the client aborts upstream.
      await replay.waitForIdle(5_000);
      const shown = (await page.getByTestId('text').textContent()) ?? '';
      expect(shown.length).toBeGreaterThan(0);
      expect(textRecording.finalText.startsWith(shown)).toBe(true);
      expect(shown).not.toBe(textRecording.finalText);
      expect(replay.requests.length - before).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
