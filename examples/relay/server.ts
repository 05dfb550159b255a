// The browser example with its relay, offline: open the printed URL, type a prompt, Send. A
// loopback replay server plays the bundled recording (recordings/) in place of the real API,
// paced so you can watch it stream (and press Stop). Run from the repository root:
//   npm run example:browser
// PORT (default 5173) and DELAY_MS (pause between events, default 15) change the defaults.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleBrowserExample } from '../browser/bundleBrowserExample.js';
import { findPackageRoot } from '../browser/findPackageRoot.js';
import { portInUseMessage } from './portInUseMessage.js';
import { type DemoServer, startDemoServer } from './startDemoServer.js';

const root = findPackageRoot(import.meta.url);
const recording = readFileSync(join(root, 'recordings/xai-text-with-reasoning-streaming-1.jsonl'), 'utf8');
const port = Number(process.env.PORT ?? 5173);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number (0 to 65535), got ${JSON.stringify(process.env.PORT)}: e.g. PORT=5174 npm run example:browser`);
  process.exit(2);
}
let demo: DemoServer;
try {
  demo = await startDemoServer({
    page: await bundleBrowserExample(),
    replay: { recording, delayMs: Number(process.env.DELAY_MS ?? 15) },
    port,
    replayNotice:
      'Replaying a recording: this demo calls no API and needs no key. A loopback server plays one recorded answer ' +
      '(about Sonoran food) in place of the Responses API, so every prompt, "What is 2+2?" included, gets that answer. ' +
      'To stream real answers, use the relay in examples/relay with createClient() and your OPENAI_API_KEY on the server.',
  });
} catch (error) {
  // A busy port is the failure a user can expect here: one line with the way out, no stack.
  const message = portInUseMessage(error, port);
  if (message === undefined) throw error;
  console.error(message);
  process.exit(1);
}
console.log(`Browser example: ${demo.url}  (stand-in API at ${demo.replay.baseURL}; Ctrl+C to stop)`);

const shutdown = (): void => {
  void demo.close().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
