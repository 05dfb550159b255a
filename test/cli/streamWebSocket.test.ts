// `rx-responses stream --transport websocket`, run as the built executable: the same output,
// --json line and exit codes as over HTTP, against replay servers this test starts (or the
// CLI's own, without a key). The child never inherits OPENAI_* variables (see runCli).
import { describe, expect, it } from 'vitest';
import type { ReplaySocketFault, ReplayServer } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { replayServersPerTest } from '../support/replayServersPerTest.js';
import { asPrinted, bundledRecording, finalText } from './bundledRecording.js';
import { type CliResult, describeRun, runCli } from './runCli.js';

const SECRET = 'sk-test+SECRET/ws=%';
const TIMEOUT_MS = 20_000;
const FIXTURE = recording('azure-text-1.jsonl');

const startServer = replayServersPerTest();

function serve(faults?: (ReplaySocketFault | undefined)[]): Promise<ReplayServer> {
  return startServer({ recording: FIXTURE.text, ...(faults === undefined ? {} : { webSocket: { faults } }) });
}

function stream(args: string[], env?: Record<string, string>): Promise<CliResult & { message: string }> {
  return runCli(['stream', ...args], { timeoutMs: TIMEOUT_MS, ...(env === undefined ? {} : { env }) }).then((result) => ({
    ...result,
    message: describeRun(`rx-responses stream ${args.join(' ')}`, result),
  }));
}

describe('rx-responses stream --transport websocket', () => {
  it('without a key replays the bundled recording over WebSocket, --json as over HTTP', async () => {
    const { events } = bundledRecording();
    const ws = await stream(['hi', '--json', '--speed', '0', '--transport', 'websocket']);
    const http = await stream(['hi', '--json', '--speed', '0']);
    expect(ws.code, ws.message).toBe(0);
    expect(ws.stderr, ws.message).toMatch(/through a local replay server and the WebSocket client/);
    const lines = ws.stdout.trimEnd().split('\n');
    expect(lines.length - 1, ws.message).toBe(events.length);
    const summary = JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;
    expect(summary.status, ws.message).toBe('completed');
    expect(summary.outputText, ws.message).toBe(finalText(events));
    // Event lines and the summary are the same as over HTTP, but for the measured duration.
    expect(ws.stdout, ws.message).toBe(http.stdout);
  });

  it('with a key calls the server over one WebSocket with the key on the upgrade, and prints the text', async () => {
    const server = await serve();
    const { code, stdout, message } = await stream(['hi', '--base-url', server.baseURL, '--transport', 'websocket'], { OPENAI_API_KEY: SECRET });
    expect(code, message).toBe(0);
    expect(stdout, message).toBe(asPrinted(finalText(FIXTURE.validEvents)));
    expect(server.webSocketConnections(), message).toBe(1);
    expect(server.requests[0]?.headers.authorization, message).toBe(`Bearer ${SECRET}`);
    expect(server.socketMessages[0]?.message, message).toMatchObject({ type: 'response.create', input: 'hi' });
  });

  it('a connection cut mid-stream exits 1 with the truncation on stderr, never the key', async () => {
    const server = await serve([{ kind: 'drop', afterEvents: 3 }]);
    const { code, stderr, message } = await stream(['hi', '--base-url', server.baseURL, '--transport', 'websocket'], { OPENAI_API_KEY: SECRET });
    expect(code, message).toBe(1);
    expect(stderr, message).toMatch(/StreamTruncatedError|without a terminal event/);
    expect(stderr, message).not.toContain(SECRET);
  });

  it('an unknown transport is a usage error (exit 2)', async () => {
    const { code, stderr, message } = await stream(['hi', '--transport', 'carrier-pigeon']);
    expect(code, message).toBe(2);
    expect(stderr, message).toContain('--transport must be http or websocket');
  });
});
