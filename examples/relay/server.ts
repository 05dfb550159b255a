// The browser example with its relay, offline: open the printed URL, type a prompt, Send. A
// loopback replay server plays the bundled recording (recordings/) in place of the real API,
// paced so you can watch it stream (and press Stop). Run from the repository root:
//   npm run example:browser
// PORT (default 5173) and DELAY_MS (pause between events, default 15) change the defaults.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleBrowserExample } from '../browser/bundleBrowserExample.js';
import { findPackageRoot } from '../browser/findPackageRoot.js';
import { startDemoServer } from './startDemoServer.js';

const root = findPackageRoot(import.meta.url);
const recording = readFileSync(join(root, 'recordings/xai-text-with-reasoning-streaming-1.jsonl'), 'utf8');
const demo = await startDemoServer({
  page: await bundleBrowserExample(),
  replay: { recording, delayMs: Number(process.env.DELAY_MS ?? 15) },
  port: Number(process.env.PORT ?? 5173),
});
console.log(`Browser example: ${demo.url}  (stand-in API at ${demo.replay.baseURL}; Ctrl+C to stop)`);

const shutdown = (): void => {
  void demo.close().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
