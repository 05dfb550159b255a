// `rx-responses serve`, run as the built executable: it must print a base URL our own client
// can stream a recording from, keep serving until Ctrl-C, and then stop by re-raising SIGINT.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, scanResponse } from '../../src/index.js';
import { type ReplayServer, startReplayServer } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { bundledRecording, finalText, messageText } from './bundledRecording.js';
import { type RunningCli, describeRun, runCli, startCli } from './runCli.js';

const TIMEOUT_MS = 20_000;
const BASE_URL = /listening at (http:\/\/127\.0\.0\.1:(\d+)\/v1)\n/;

let running: RunningCli[] = [];
let servers: ReplayServer[] = [];

afterEach(async () => {
  // A test that failed before its own Ctrl-C leaves no process behind.
  for (const run of running) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  await Promise.all(running.map((run) => run.result));
  await Promise.all(servers.map((server) => server.close()));
  running = [];
  servers = [];
});

function startServe(args: string[]): RunningCli {
  const run = startCli(['serve', ...args], { timeoutMs: TIMEOUT_MS });
  running.push(run);
  return run;
}

/** Streams one response from `baseURL` with our HTTP client: its final text and status. */
async function streamFrom(baseURL: string): Promise<{ text: string; status: string | undefined; events: number }> {
  const client = createClient({ apiKey: 'replay', baseURL, maxRetries: 0 });
  const snapshots = await lastValueFrom(client.responses.stream({ model: 'gpt-5-nano', input: 'hi' }).pipe(scanResponse(), toArray()));
  const last = snapshots.at(-1);
  return { text: last?.outputText ?? '', status: last?.response.status, events: last?.eventCount ?? 0 };
}

describe('rx-responses serve', () => {
  it('serves a given recording at the printed base URL until Ctrl-C, then closes and dies of SIGINT', async () => {
    const rec = recording('azure-text-1.jsonl');
    const terminal = rec.validEvents.at(-1) as { type: string; response: { output: unknown[]; status: string } };
    const expected = messageText(terminal.response.output);
    expect(expected.length).toBeGreaterThan(0);

    const run = startServe([join('test/fixtures', rec.name), '--speed', '0']);
    const [, baseURL = ''] = await run.stdoutMatch(BASE_URL);
    // Twice: the server keeps serving the same response to every request.
    for (let i = 0; i < 2; i++) {
      const streamed = await streamFrom(baseURL);
      expect(streamed.text).toBe(expected);
      expect(streamed.status).toBe(terminal.response.status);
      expect(streamed.events).toBe(rec.validEvents.length);
    }
    run.child.kill('SIGINT');
    const result = await run.result;
    const message = describeRun(`rx-responses serve ${rec.name} (SIGINT)`, result);

    expect(result.signal, message).toBe('SIGINT');
    expect(result.stdout, message).toContain(`OPENAI_BASE_URL=${baseURL}`);
    expect(result.stdout, message).toContain(rec.name);
    expect(result.stdout, message).toContain(`(${rec.validEvents.length} events)`);
    expect(result.stdout, message).toMatch(/Ctrl-C/);
    expect(result.stderr, message).toMatch(/^Stopped \(Ctrl-C\)/m);
    // Closed: nothing listens at the port any more.
    await expect(fetch(`${baseURL}/responses`, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('serves the bundled recording without a file, on the port --port asks for', async () => {
    // A port known to be free: one a server just had and gave back.
    const probe = await startReplayServer({ recording: recording('azure-text-1.jsonl').text });
    const { port } = probe;
    await probe.close();
    const run = startServe(['--port', String(port), '--speed', '0']);
    const [, baseURL, printedPort] = await run.stdoutMatch(BASE_URL);
    expect(printedPort).toBe(String(port));

    const { name, events } = bundledRecording();
    const streamed = await streamFrom(baseURL ?? '');
    expect(streamed.text).toBe(finalText(events));
    run.child.kill('SIGINT');
    const result = await run.result;
    expect(result.signal, describeRun('rx-responses serve (SIGINT)', result)).toBe('SIGINT');
    expect(result.stdout).toContain(name);
  });

  it('counts in words that agree: a recording of one event is "1 event"', async () => {
    const rec = recording('azure-text-1.jsonl');
    const [firstLine] = rec.text.split('\n');
    const path = join(tmpdir(), `rx-responses-serve-one-${process.pid}.jsonl`);
    writeFileSync(path, `${firstLine}\n`);
    try {
      const run = startServe([path, '--speed', '0']);
      await run.stdoutMatch(BASE_URL);
      run.child.kill('SIGINT');
      const result = await run.result;
      expect(result.stdout, describeRun('rx-responses serve <one event>', result)).toContain('(1 event)');
    } finally {
      rmSync(path, { force: true });
    }
  });

  it('a port in use gives one line naming the port and how to choose another, and exits 2', async () => {
    const taken = await startReplayServer({ recording: recording('azure-text-1.jsonl').text });
    servers.push(taken);
    const result = await runCli(['serve', '--port', String(taken.port)], { timeoutMs: TIMEOUT_MS });
    const message = describeRun(`rx-responses serve --port ${taken.port} (in use)`, result);

    expect(result.code, message).toBe(2);
    expect(result.stdout, message).toBe('');
    const [first, ...rest] = result.stderr.trimEnd().split('\n');
    expect(first, message).toContain(`port ${taken.port} is already in use`);
    expect(first, message).toContain('--port');
    // Only the pointer to the help follows: no stack trace.
    expect(rest, message).toEqual(['Run "rx-responses help" for usage.']);
  });

  it.each([
    ['a port out of range', ['--port', '70000']],
    ['a port that is not a number', ['--port', 'http']],
    ['two recordings', ['a.jsonl', 'b.jsonl']],
    ['a missing recording', ['does-not-exist.jsonl']],
  ])('%s exits 2 with one message on stderr', async (_what, args) => {
    const result = await runCli(['serve', ...args], { timeoutMs: TIMEOUT_MS });
    const message = describeRun(`rx-responses serve ${args.join(' ')}`, result);
    expect(result.code, message).toBe(2);
    expect(result.stdout, message).toBe('');
    expect(result.stderr, message).toMatch(/^rx-responses: serve: \S|^rx-responses: cannot read/);
    expect(result.stderr, message).not.toMatch(/^\s+at /m);
  });
});
