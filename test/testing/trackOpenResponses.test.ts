// A replay server's count of open responses, and waitForIdle, as a test uses them.
import { describe, expect, it } from 'vitest';
import type { ReplayServer } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { replayServersPerTest } from '../support/replayServersPerTest.js';

const text = recording('azure-text-1.jsonl');
const serve = replayServersPerTest();

/** Starts a streaming request the server stalls on (before any body byte); resolves once its status arrived. */
async function stalledStream(server: ReplayServer, abort: AbortController): Promise<void> {
  await fetch(`${server.baseURL}/responses`, { method: 'POST', body: '{"stream":true}', signal: abort.signal });
}

describe('trackOpenResponses', () => {
  it('waitForIdle resolves at once with nothing open', async () => {
    const server = await serve({ recording: text.text });
    await expect(server.waitForIdle(1)).resolves.toBeUndefined();
  });

  it('names the count in the timeout message, singular and plural', async () => {
    const stall = { kind: 'stall', afterEvents: 0 } as const;
    const server = await serve({ recording: text.text, faults: [stall, stall] });
    const first = new AbortController();
    await stalledStream(server, first);
    await expect(server.waitForIdle(30)).rejects.toThrow('ReplayServer.waitForIdle: 1 connection still open after 30 ms');
    const second = new AbortController();
    await stalledStream(server, second);
    expect(server.openConnections()).toBe(2);
    await expect(server.waitForIdle(30)).rejects.toThrow('ReplayServer.waitForIdle: 2 connections still open after 30 ms');
    first.abort();
    second.abort();
    await server.waitForIdle(1000);
  });

  it('waitForIdle waits for the last open response, not the first to close', async () => {
    const stall = { kind: 'stall', afterEvents: 0 } as const;
    const server = await serve({ recording: text.text, faults: [stall, stall] });
    const first = new AbortController();
    const second = new AbortController();
    await stalledStream(server, first);
    await stalledStream(server, second);
    let idle = false;
    const waiting = server.waitForIdle(3000).then(() => (idle = true));
    first.abort();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.openConnections()).toBe(1);
    expect(idle).toBe(false);
    second.abort();
    await waiting;
    expect(server.openConnections()).toBe(0);
  });

  it('waits 2 s by default before giving up', async () => {
    const server = await serve({ recording: text.text, faults: [{ kind: 'stall', afterEvents: 0 }] });
    const abort = new AbortController();
    await stalledStream(server, abort);
    const started = performance.now();
    await expect(server.waitForIdle()).rejects.toThrow('still open after 2000 ms');
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
    abort.abort();
    await server.waitForIdle(1000);
  });
});
