// The API key must never reach anything a user can see: run every case of the fault matrix with
// a random key (error bodies and headers echo it back, as misbehaving servers do), then the CLI
// against the same kinds of faults, and scan everything they produced. Also: plain http:// to a
// remote host and a key in a browser are refused before any request.
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, isClientOptionsError } from '../../src/index.js';
import { type ReplayFault, type ReplayServer, startReplayServer } from '../../src/testing/index.js';
import { describeRun, runCli } from '../cli/runCli.js';
import { showsSecret } from '../client/fakeFetch.js';
import { type CaseOutcome, RECORDING, assertOutcome, faultCases, runCase, runPool } from './cases.js';
import { writeReport } from './writeReport.js';

/** With characters that URL-encoding, JSON-escaping and base64 change, so every form of the redaction is exercised. */
const KEY = `sk-test+SECRET/${randomBytes(12).toString('hex')}=%`;
/** A piece of the key's random part: catches a key cut in half, not only the whole one. */
const FRAGMENT = KEY.slice(-26, -14);

/** What was scanned and what showed the key, for test-results/fault-secrets.json. */
const scanned = { matrixCases: 0, matrixTexts: 0, cliRuns: 0, cliBytes: 0, refusedOptions: 0, found: 0 };

afterAll(() => {
  writeReport('fault-secrets', { reproduce: 'npm run test:faults', key: 'sk-test-SECRET-<24 random hex digits>', ...scanned });
});

/** Every string a user could see from `value`: its text forms and, deeply, every property. */
function visibleTexts(value: unknown): string[] {
  const texts: string[] = [];
  const seen = new Set<object>();
  const visit = (v: unknown, depth: number): void => {
    if (typeof v === 'string') {
      texts.push(v);
      return;
    }
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null) {
      texts.push(String(v));
      return;
    }
    if (seen.has(v) || depth > 20) return;
    seen.add(v);
    if (v instanceof Error) {
      texts.push(v.message, v.stack ?? '', String(v), String((v as { cause?: unknown }).cause), safeJSON(v), inspect(v, { depth: 10 }));
    } else {
      texts.push(safeJSON(v));
    }
    if (v instanceof Map) for (const [key, item] of v) [key, item].forEach((x) => visit(x, depth + 1));
    if (v instanceof Set) for (const item of v) visit(item, depth + 1);
    for (const key of Reflect.ownKeys(v)) {
      texts.push(String(key));
      const descriptor = Object.getOwnPropertyDescriptor(v, key);
      if (descriptor !== undefined && 'value' in descriptor) visit(descriptor.value, depth + 1);
    }
  };
  visit(value, 0);
  return texts;
}

function safeJSON(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** The texts that show the key (or a piece of it); empty when none does. */
function leaks(texts: readonly string[]): string[] {
  return texts.filter((text) => text.includes(FRAGMENT) || showsSecret(text, KEY)).map((text) => (text.length > 300 ? `${text.slice(0, 300)}…` : text));
}

function userVisible(outcome: CaseOutcome): unknown[] {
  return [outcome.error, outcome.snapshot, outcome.diagnostics, outcome.response, outcome.events];
}

describe('the API key never shows', () => {
  it('the scan finds the key where it is (so its silence means something)', () => {
    const error = Object.assign(new Error('boom'), { detail: { headers: { authorization: `Bearer ${KEY}` } } });
    expect(leaks(visibleTexts(error))).not.toEqual([]);
    expect(leaks(visibleTexts(new Error('fine', { cause: `cut: ${KEY.slice(0, -6)}` })))).not.toEqual([]);
    expect(leaks([`url ?key=${encodeURIComponent(KEY)}`, `basic ${Buffer.from(`u:${KEY}`).toString('base64')}`]).length).toBe(2);
  });

  it('in anything any case of the fault matrix produced, with the key echoed in error bodies and headers', async () => {
    const cases = faultCases({ echoKey: true });
    const found: string[] = [];
    const failures: string[] = [];
    await runPool(cases, 8, async (c) => {
      const outcome = await runCase(c, KEY);
      try {
        assertOutcome(c, outcome);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
      const texts = userVisible(outcome).flatMap(visibleTexts);
      scanned.matrixCases++;
      scanned.matrixTexts += texts.length;
      for (const text of leaks(texts)) found.push(`${c.name}: ${text}`);
    });
    scanned.found += found.length;
    expect(found.slice(0, 5), `${found.length} place(s) show the key`).toEqual([]);
    expect(failures.slice(0, 5), `${failures.length} case(s) did not behave as in the matrix`).toEqual([]);
    expect(cases.length).toBeGreaterThan(RECORDING.body.length);
  }, 120_000);

  describe('in the CLI output', () => {
    let server: ReplayServer | undefined;
    afterEach(async () => {
      await server?.waitForIdle(2000);
      await server?.close();
      server = undefined;
    });

    const echo = (request: { headers: Record<string, string> }): string => request.headers.authorization ?? '';
    const faults: [string, (request: { headers: Record<string, string> }) => ReplayFault, RegExp][] = [
      [
        '401',
        (r) => ({ kind: 'status', status: 401, headers: { 'x-echo': echo(r) }, body: { error: { message: `Incorrect API key provided: ${echo(r)}, encoded ${encodeURIComponent(echo(r))}`, type: 'invalid_request_error', code: 'invalid_api_key' } } }),
        /401 Unauthorized: Incorrect API key provided: Bearer \[redacted\], encoded Bearer%20\[redacted\]/,
      ],
      [
        '429',
        (r) => ({ kind: 'status', status: 429, headers: { 'retry-after': '0', 'content-type': 'text/html', 'x-echo': echo(r) }, body: `<html><body><h1>Too many requests</h1><p>for ${echo(r)}</p></body></html>` }),
        /429 Too Many Requests: the server sent text\/html: "Too many requests for Bearer \[redacted\]"/,
      ],
      [
        '500',
        (r) => ({ kind: 'status', status: 500, headers: { 'retry-after': '0', 'x-echo': echo(r) }, body: { error: { message: `upstream failed for key ${echo(r).slice(7)}` } } }),
        /500 Internal Server Error: upstream failed for key \[redacted\]/,
      ],
      ['drop', () => ({ kind: 'drop', afterEvents: 7 }), /StreamTruncatedError.*after 7 events/],
    ];

    it.each(faults)('stream --base-url <server> with a %s, text and --json', async (_name, fault, message) => {
      server = await startReplayServer({ recording: RECORDING.text, faults: (request) => fault(request) });
      for (const json of [false, true]) {
        const before = server.requests.length;
        const run = await runCli(['stream', 'What is 2 + 2?', '--base-url', server.baseURL, ...(json ? ['--json'] : [])], { env: { OPENAI_API_KEY: KEY } });
        const what = describeRun(`stream${json ? ' --json' : ''}`, run);
        expect(run.code, what).toBe(1);
        // The key was really used, and the fault really reached the user.
        expect(server.requests[before]?.headers.authorization).toBe(`Bearer ${KEY}`);
        expect(run.stderr, what).toMatch(message);
        const shown = leaks([run.stdout, run.stderr]);
        scanned.cliRuns++;
        scanned.cliBytes += Buffer.byteLength(run.stdout) + Buffer.byteLength(run.stderr);
        scanned.found += shown.length;
        expect(shown, what).toEqual([]);
      }
    });
  });
});

describe('refused before any request', () => {
  it.each(['http://example.com/v1', 'http://10.0.0.7:8080/v1', 'http://127.0.0.1.example.com/v1', `http://example.com/v1?key=${KEY}`])(
    'plain http:// to a remote host: %s',
    (baseURL) => {
      const fetch = vi.fn<typeof globalThis.fetch>();
      const error = thrownBy(() => createClient({ apiKey: KEY, baseURL, fetch }));
      expect(isClientOptionsError(error)).toBe(true);
      expect(error).toMatchObject({ option: 'baseURL', message: expect.stringContaining('Refusing plain http://') });
      expect((error as Error).message).toContain('allowInsecureHttp');
      expect(fetch).not.toHaveBeenCalled();
      scanned.refusedOptions++;
      expect(leaks(visibleTexts(error))).toEqual([]);
      // Explicitly allowed, it is accepted (and still sends nothing until subscribed).
      expect(createClient({ apiKey: KEY, baseURL, fetch, allowInsecureHttp: true }).baseURL).toMatch(/^http:\/\//);
      expect(fetch).not.toHaveBeenCalled();
    },
  );

  it('keeps a key out of the message of an invalid baseURL', () => {
    const error = thrownBy(() => createClient({ apiKey: KEY, baseURL: `not a url ${KEY}` }));
    expect(error).toMatchObject({ name: 'ClientOptionsError', option: 'baseURL' });
    expect((error as Error).message).toContain('[redacted]');
    scanned.refusedOptions++;
    expect(leaks(visibleTexts(error))).toEqual([]);
  });

  it('allows plain http:// to loopback hosts', () => {
    for (const baseURL of ['http://localhost:8080/v1', 'http://127.0.0.1:8080/v1', 'http://[::1]:8080/v1']) {
      expect(createClient({ apiKey: KEY, baseURL }).baseURL).toBe(`${baseURL}`);
    }
  });

  it('a key in a browser needs dangerouslyAllowBrowser; a keyless proxy does not', async () => {
    const server = await startReplayServer({ recording: RECORDING.text });
    const global = globalThis as Record<string, unknown>;
    const saved = ['window', 'document'].map((name) => [name, Object.getOwnPropertyDescriptor(global, name)] as const);
    global.window = globalThis;
    global.document = { title: 'simulated browser' };
    // Only the key given here counts, not one from the environment.
    vi.stubEnv('OPENAI_API_KEY', '');
    try {
      const fetch = vi.fn<typeof globalThis.fetch>();
      const error = thrownBy(() => createClient({ apiKey: KEY, baseURL: server.baseURL, fetch }));
      expect(error).toMatchObject({ name: 'ClientOptionsError', option: 'dangerouslyAllowBrowser' });
      expect((error as Error).message).toContain('dangerouslyAllowBrowser: true');
      scanned.refusedOptions++;
      expect(leaks(visibleTexts(error))).toEqual([]);
      expect(fetch).not.toHaveBeenCalled();
      // Opted in, or with no key (a proxy adds it), the client works.
      expect(createClient({ apiKey: KEY, baseURL: server.baseURL, dangerouslyAllowBrowser: true }).baseURL).toBe(server.baseURL);
      expect(createClient({ baseURL: server.baseURL }).baseURL).toBe(server.baseURL);
    } finally {
      for (const [name, descriptor] of saved) {
        if (descriptor === undefined) delete global[name];
        else Object.defineProperty(global, name, descriptor);
      }
      vi.unstubAllEnvs();
      await server.close();
    }
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    // Outside the browser, the same options are fine.
    expect(createClient({ apiKey: KEY, baseURL: server.baseURL }).baseURL).toBe(server.baseURL);
  });
});

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, got none');
}
