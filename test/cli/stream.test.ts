// `rx-responses stream`, run as the built executable. Offline it replays a recording through
// its own loopback server; with a key it calls the server at --base-url, which here is always
// a replay server this test starts. The child never inherits OPENAI_* variables (see runCli),
// so no test can reach a real API.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplayFault, ReplayServer } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { replayServersPerTest } from '../support/replayServersPerTest.js';
import { asPrinted, bundledRecording, finalText } from './bundledRecording.js';
import { type CliResult, describeRun, runCli, startCli } from './runCli.js';

const KEYS = ['id', 'model', 'status', 'outputText', 'incompleteReason', 'usage', 'error', 'items', 'diagnostics', 'eventCount'];
const SECRET = 'sk-test+SECRET/cli=%';
/** Each run must end by itself well within this: a lingering socket or timer fails the test. */
const TIMEOUT_MS = 20_000;

const startServer = replayServersPerTest();

function serve(text: string, options: { delayMs?: number; faults?: ReplayFault[] | (() => ReplayFault) } = {}): Promise<ReplayServer> {
  return startServer({ recording: text, ...options });
}

function stream(args: string[], env?: Record<string, string>): Promise<CliResult & { message: string }> {
  return runCli(['stream', ...args], { timeoutMs: TIMEOUT_MS, ...(env === undefined ? {} : { env }) }).then((result) => ({
    ...result,
    message: describeRun(`${env?.OPENAI_API_KEY === undefined ? '' : 'OPENAI_API_KEY=… '}rx-responses stream ${args.join(' ')}`, result),
  }));
}

/** stdout of a --json run: the event lines and the summary line after them. */
function parseJSONLines(stdout: string, message: string): { events: { type: string }[]; summary: Record<string, unknown> } {
  const lines = stdout.split('\n');
  expect(lines.at(-1), `stdout should end with a line break\n${message}`).toBe('');
  const parsed = lines.slice(0, -1).map((line, i) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`stdout line ${i + 1} is not JSON: ${line.slice(0, 200)}\n${message}`);
    }
  });
  const summary = parsed.pop() ?? {};
  for (const event of parsed) expect(typeof event.type, message).toBe('string');
  return { events: parsed as { type: string }[], summary };
}

function fixture(name: string): { path: string; events: { type: string }[]; text: string } {
  const rec = recording(name);
  return { path: join('test/fixtures', name), events: rec.validEvents as { type: string }[], text: rec.text };
}

describe('rx-responses stream without an API key', () => {
  it('replays the bundled recording through the HTTP client: its final text on stdout, the replay notice on stderr', async () => {
    const { name, events } = bundledRecording();
    const text = finalText(events);
    expect(text.length).toBeGreaterThan(0);
    const { code, stdout, stderr, message } = await stream(['hi']);

    expect(code, message).toBe(0);
    expect(stdout === asPrinted(text), message).toBe(true);
    const [first, second] = stderr.split('\n');
    expect(first, message).toContain(name);
    expect(first, message).toMatch(/OPENAI_API_KEY is not set: replaying .* through a local replay server/);
    expect(second, message).toMatch(/^No API call is made/);
    expect(stderr, message).toMatch(/^status: +completed$/m);
    expect(stderr, message).toMatch(/^usage: +input \d+.*total \d+ tokens$/m);
    expect(stderr, message).toMatch(/^duration: +\d+\.\d s$/m);
  });

  it('--json prints every event as one JSON line, then a summary with exactly the keys of inspect --json', async () => {
    const { events } = bundledRecording();
    const { code, stdout, stderr, message } = await stream(['hi', '--json', '--speed', '0']);

    expect(code, message).toBe(0);
    const { events: printed, summary } = parseJSONLines(stdout, message);
    expect(printed.map((event) => event.type), message).toEqual(events.map((event) => event.type));
    expect(Object.keys(summary), message).toEqual(KEYS);
    expect(summary.status, message).toBe('completed');
    expect(summary.error, message).toBeNull();
    expect(summary.outputText, message).toBe(finalText(events));
    expect(summary.eventCount, message).toBe(events.length);
    expect(stderr, message).toMatch(/No API call is made/);
  });

  it('--recording replays a function call: its name on the status line, exit code 0', async () => {
    const { path, events } = fixture('azure-tool-call-1.jsonl');
    const call = events
      .map((event) => (event as { item?: { type?: string; name?: string } }).item)
      .find((item) => item?.type === 'function_call');
    expect(call?.name).toBeTruthy();
    const { code, stdout, stderr, message } = await stream(['hi', '--recording', path, '--speed', '0']);

    expect(code, message).toBe(0);
    expect(stdout, message).toBe(asPrinted(finalText(events)));
    expect(stderr, message).toContain(path);
    expect(stderr, message).toMatch(/No API call is made/);
    expect(stderr, message).toMatch(new RegExp(`^Function call ${call?.name ?? ''} started`, 'm'));
    expect(stderr, message).toMatch(new RegExp(`^Function call ${call?.name ?? ''} done in \\d+\\.\\d s: \\{`, 'm'));
  });

  it('--recording with an incomplete response exits 3 and names the reason', async () => {
    const { path, events } = fixture('openai-incomplete-seed.jsonl');
    const reason = (events.find((event) => event.type === 'response.incomplete') as { response?: { incomplete_details?: { reason?: string } } })
      ?.response?.incomplete_details?.reason;
    expect(reason).toBeTruthy();
    const { code, stderr, message } = await stream(['hi', '--recording', path, '--speed', '0']);

    expect(code, message).toBe(3);
    expect(stderr, message).toMatch(new RegExp(`^status: +incomplete \\(${reason ?? ''}\\)$`, 'm'));
  });

  it('--recording with an error event exits 1 with the error on one line: the error event ends the stream', async () => {
    const { path, events } = fixture('openai-error-1.jsonl');
    // The server sent `response.failed` after the `error` event; the client ends at the error event, as openai-node does.
    const at = events.findIndex((event) => event.type === 'error');
    expect(at).toBeGreaterThan(0);
    expect(events.at(-1)?.type).toBe('response.failed');
    const code = (events[at] as unknown as { error: { code: string } }).error.code;
    const human = await stream(['hi', '--recording', path, '--speed', '0']);
    expect(human.code, human.message).toBe(1);
    expect(human.stderr, human.message).toMatch(/^status: +error$/m);
    expect(human.stderr, human.message).toMatch(new RegExp(`^error: +ResponseStreamError \\(${code}\\): .+$`, 'm'));

    const json = await stream(['hi', '--json', '--recording', path, '--speed', '0']);
    expect(json.code, json.message).toBe(1);
    const { events: printed, summary } = parseJSONLines(json.stdout, json.message);
    expect(printed, json.message).toEqual(events.slice(0, at + 1));
    expect(summary.error as { name?: string; code?: string } | null, json.message).toMatchObject({ name: 'ResponseStreamError', code });
  });
});

describe('rx-responses stream with an API key', () => {
  it('calls --base-url with the key and { model, input }, and prints the text as it arrives', async () => {
    const rec = fixture('azure-text-1.jsonl');
    const text = finalText(rec.events);
    expect(text.length).toBeGreaterThan(0);
    const server = await serve(rec.text);
    const { code, stdout, stderr, message } = await stream(['Say hello', '--base-url', server.baseURL, '--model', 'gpt-test'], { OPENAI_API_KEY: SECRET });

    expect(code, message).toBe(0);
    expect(stdout, message).toBe(asPrinted(text));
    expect(stderr, message).not.toMatch(/No API call/);
    expect(stderr, message).toMatch(/^status: +completed$/m);
    expect(server.requests, message).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method, message).toBe('POST');
    expect(request?.path, message).toBe('/v1/responses');
    expect(request?.headers.authorization, message).toBe(`Bearer ${SECRET}`);
    expect(request?.body, message).toEqual({ model: 'gpt-test', input: 'Say hello', stream: true });
  });

  it('uses OPENAI_BASE_URL without --base-url, and gpt-5-nano without --model', async () => {
    const rec = fixture('azure-text-1.jsonl');
    const server = await serve(rec.text);
    const { code, stdout, message } = await stream(['hi'], { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: server.baseURL });

    expect(code, message).toBe(0);
    expect(stdout, message).toBe(asPrinted(finalText(rec.events)));
    expect(server.requests[0]?.body, message).toEqual({ model: 'gpt-5-nano', input: 'hi', stream: true });
  });

  it('--recording replays even with a key set', async () => {
    const { path, events } = fixture('azure-text-1.jsonl');
    const { code, stdout, stderr, message } = await stream(['hi', '--recording', path, '--speed', '0'], { OPENAI_API_KEY: SECRET });

    expect(code, message).toBe(0);
    expect(stdout, message).toBe(asPrinted(finalText(events)));
    expect(stderr, message).toMatch(/No API call is made/);
  });

  it('a 401 prints one readable line with the status and the request id, exits 1, and never shows the key', async () => {
    const server = await serve(fixture('azure-text-1.jsonl').text, { faults: [{ kind: 'status', status: 401 }] });
    const { code, stdout, stderr, message } = await stream(['hi', '--base-url', server.baseURL], { OPENAI_API_KEY: SECRET });

    expect(code, message).toBe(1);
    expect(server.requests, message).toHaveLength(1);
    expect(stderr, message).toMatch(/^error: +AuthenticationError \(invalid_api_key\): 401 .*\brequest req_1\b.*$/m);
    expect(stderr, message).not.toMatch(/^\s+at /m);
    expect(stdout, message).not.toContain(SECRET);
    expect(stderr, message).not.toContain(SECRET);
  });

  it('--json: a 429 after the retries ends with a summary holding the error, and one line on stderr', async () => {
    const server = await serve(fixture('azure-text-1.jsonl').text, {
      faults: () => ({ kind: 'status', status: 429, headers: { 'retry-after': '0' } }),
    });
    const { code, stdout, stderr, message } = await stream(['hi', '--json', '--base-url', server.baseURL], { OPENAI_API_KEY: SECRET });

    expect(code, message).toBe(1);
    // The client retries a 429; the error names the request that was answered last.
    const lastRequest = `req_${server.requests.length}`;
    const { events, summary } = parseJSONLines(stdout, message);
    expect(events, message).toEqual([]);
    expect(Object.keys(summary), message).toEqual(KEYS);
    const error = summary.error as { name: string; code: string; message: string };
    expect(error.name, message).toBe('RateLimitError');
    expect(error.message, message).toMatch(new RegExp(`^429 .*\\brequest ${lastRequest}\\b`));
    expect(stderr, message).toMatch(new RegExp(`^rx-responses: RateLimitError \\(\\w+\\): 429 .*\\brequest ${lastRequest}\\b.*$`, 'm'));
    expect(stdout, message).not.toContain(SECRET);
    expect(stderr, message).not.toContain(SECRET);
  });
});

describe('rx-responses stream and Ctrl-C', () => {
  it('SIGINT aborts the request: the server sees the connection close and the CLI, cleanup done, dies of SIGINT', async () => {
    const { text, events } = bundledRecording();
    // About 10 s for the whole answer: far longer than the test waits.
    const server = await serve(text, { delayMs: 15 });
    const run = startCli(['stream', 'hi', '--base-url', server.baseURL], { env: { OPENAI_API_KEY: SECRET }, timeoutMs: TIMEOUT_MS });
    await run.firstOutput;
    expect(server.openConnections()).toBe(1);
    run.child.kill('SIGINT');
    const result = await run.result;
    const message = describeRun('rx-responses stream hi (SIGINT after the first text)', result);

    // Killed by its own SIGINT, after the cleanup below: a shell sees 130 and stops a loop.
    expect(result.signal, message).toBe('SIGINT');
    await expect(server.waitForIdle(2000)).resolves.toBeUndefined();
    expect(result.stdout.length, message).toBeGreaterThan(0);
    expect(result.stdout.length, message).toBeLessThan(finalText(events).length);
    expect(result.stderr, message).toMatch(/^Stopped \(Ctrl-C\)/m);
    expect(result.stderr, message).toMatch(/^status: +stopped/m);
  });

  it('SIGINT during an offline replay stops it, and the CLI re-raises SIGINT once it has said so', async () => {
    const run = startCli(['stream', 'hi', '--speed', '0.2'], { timeoutMs: TIMEOUT_MS });
    await run.firstOutput;
    run.child.kill('SIGINT');
    const result = await run.result;
    const message = describeRun('rx-responses stream hi --speed 0.2 (SIGINT)', result);

    expect(result.signal, message).toBe('SIGINT');
    expect(result.stderr, message).toMatch(/^Stopped \(Ctrl-C\)/m);
    expect(result.stdout.length, message).toBeLessThan(finalText(bundledRecording().events).length);
  });
});

describe('rx-responses stream usage errors', () => {
  it.each([
    ['no prompt', ['stream'], {}],
    ['two prompts', ['stream', 'a', 'b'], {}],
    ['an empty prompt', ['stream', ''], {}],
    ['an unknown option', ['stream', 'hi', '--temperature', '1'], {}],
    ['--base-url with --recording', ['stream', 'hi', '--base-url', 'http://127.0.0.1:9/v1', '--recording', 'test/fixtures/azure-text-1.jsonl'], {}],
    ['a bad --speed', ['stream', 'hi', '--speed', 'fast'], {}],
    ['--speed on a live call', ['stream', 'hi', '--speed', '2'], { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }],
    ['a --base-url that is not a URL', ['stream', 'hi', '--base-url', 'not a url'], { OPENAI_API_KEY: SECRET }],
    ['a missing --recording', ['stream', 'hi', '--recording', 'test/fixtures/does-not-exist.jsonl'], {}],
    ['a --recording whose first line is not an event', ['stream', 'hi', '--recording', 'test/fixtures/openai-parallel-tool-call-wrapper-1.jsonl'], {}],
  ])('%s exits 2 with a message on stderr and nothing on stdout', async (_what, args, env: Record<string, string>) => {
    const result = await runCli(args, { env, timeoutMs: TIMEOUT_MS });
    const message = describeRun(`rx-responses ${args.join(' ')}`, result);
    expect(result.code, message).toBe(2);
    expect(result.stdout, message).toBe('');
    expect(result.stderr, message).toMatch(/^rx-responses: \S/);
    expect(result.stderr, message).not.toMatch(/^\s+at /m);
    expect(result.stderr, message).not.toContain(SECRET);
  });

  it('plain http:// to another host is refused naming the CLI flag that allows it, and that flag allows it', async () => {
    const rec = fixture('azure-text-1.jsonl');
    const server = await serve(rec.text);
    // The replay server, reached through an IPv4-mapped IPv6 address: loopback in fact, but not
    // one of the hosts the client trusts by name, so it takes the path of a remote host.
    const url = `http://[::ffff:127.0.0.1]:${server.port}/v1`;
    const refused = await runCli(['stream', 'hi', '--base-url', url], { env: { OPENAI_API_KEY: SECRET }, timeoutMs: TIMEOUT_MS });
    const refusedMessage = describeRun(`rx-responses stream hi --base-url ${url}`, refused);
    expect(refused.code, refusedMessage).toBe(2);
    expect(refused.stderr, refusedMessage).toMatch(/^rx-responses: stream: --base-url: refusing plain http:\/\/ .*--allow-insecure-http/m);
    expect(refused.stderr, refusedMessage).not.toMatch(/allowInsecureHttp|baseURL/);

    const fromEnv = await runCli(['stream', 'hi'], { env: { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: url }, timeoutMs: TIMEOUT_MS });
    expect(fromEnv.code, describeRun('OPENAI_BASE_URL=http://… rx-responses stream hi', fromEnv)).toBe(2);
    expect(fromEnv.stderr).toMatch(/^rx-responses: stream: OPENAI_BASE_URL: refusing plain http:\/\/ .*--allow-insecure-http/m);
    expect(server.requests).toHaveLength(0);

    const allowed = await runCli(['stream', 'hi', '--base-url', url, '--allow-insecure-http'], { env: { OPENAI_API_KEY: SECRET }, timeoutMs: TIMEOUT_MS });
    const allowedMessage = describeRun(`rx-responses stream hi --base-url ${url} --allow-insecure-http`, allowed);
    expect(allowed.code, allowedMessage).toBe(0);
    expect(allowed.stdout, allowedMessage).toBe(asPrinted(finalText(rec.events)));
    expect(server.requests).toHaveLength(1);
  });

  it('help describes stream', async () => {
    const result = await runCli(['help']);
    const message = describeRun('rx-responses help', result);
    expect(result.code, message).toBe(0);
    expect(result.stdout, message).toContain('stream "prompt" [--model M] [--json] [--base-url URL] [--allow-insecure-http]');
    expect(result.stdout, message).toContain('[--recording FILE] [--speed N]');
    expect(result.stdout, message).toContain('gpt-5-nano');
  });
});
