// The browser example's server (examples/relay/startDemoServer.ts, used by
// `npm run example:browser`): the replay notice it puts on the page, and what a busy port gives.
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { portInUseMessage } from '../../examples/relay/portInUseMessage.js';
import { startDemoServer } from '../../examples/relay/startDemoServer.js';
import { recording } from '../support/fixtures.js';
import { repoRoot } from '../support/runTool.js';

vi.mock('rx-responses', () => import('../../src/index.js'));
vi.mock('rx-responses/testing', () => import('../../src/testing/index.js'));

// The real page, without bundling its script (not needed to read the HTML).
const page = { html: readFileSync(join(repoRoot, 'examples/browser/index.html'), 'utf8'), js: '' };
const replay = { recording: recording('azure-text-1.jsonl').text };

let holder: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()));
  holder = undefined;
});

describe('startDemoServer()', () => {
  it('puts the replay notice on the page, as text', async () => {
    const demo = await startDemoServer({ page, replay, replayNotice: 'Replaying <b>a recording</b> & more' });
    try {
      const html = await (await fetch(demo.url)).text();
      expect(html).toContain('<p id="replay-notice" role="note">Replaying &#60;b&#62;a recording&#60;/b&#62; &#38; more</p>');
      expect(html).not.toContain('<b>a recording</b>');
    } finally {
      await demo.close();
    }
  });

  it('says it replays by default', async () => {
    const demo = await startDemoServer({ page, replay });
    try {
      const html = await (await fetch(demo.url)).text();
      expect(html).toMatch(/<p id="replay-notice" role="note">Replaying a recording[^<]+<\/p>/);
      expect(html).not.toContain('hidden></p>');
    } finally {
      await demo.close();
    }
  });

  it('on a busy port fails with EADDRINUSE, which the server prints as one line naming the port and the fix', async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder!.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;

    const error = await startDemoServer({ page, replay, port }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as { code?: string } | undefined)?.code).toBe('EADDRINUSE');
    const message = portInUseMessage(error, port);
    expect(message).toBeDefined();
    expect(message!.split('\n')).toHaveLength(1);
    expect(message).toContain(`Port ${port} is already in use`);
    expect(message).toContain('PORT=');
    expect(message).toContain('npm run example:browser');
  });

  it('leaves other errors to their stack trace', () => {
    expect(portInUseMessage(new Error('boom'), 5173)).toBeUndefined();
  });
});
