// The client's options as createClient() resolves them: the defaults ClientOptions documents,
// the environment fallbacks, and the refusals, each with the option it names and a message
// that says what was expected. Through resolveClientContext(), which createClient() calls once.
import { asyncScheduler } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ClientContext, resolveClientContext } from '../../src/client/ClientContext.js';
import type { ClientOptions } from '../../src/index.js';
import { SECRET, errorTexts } from './fakeFetch.js';

const KEY = { apiKey: SECRET } as const;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

function refusal(options: ClientOptions): { option: string; message: string } {
  try {
    resolveClientContext(options);
  } catch (error) {
    expect(error).toMatchObject({ name: 'ClientOptionsError', code: 'invalid_client_options' });
    expect(errorTexts(error)).not.toContain(SECRET);
    return error as { option: string; message: string };
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

describe('resolveClientContext: defaults', () => {
  it('applies the documented defaults: 60 s to connect (10 min for a blocking create), 120 s idle, no total limit, 2 retries, 64 MiB events, asyncScheduler', () => {
    const context = resolveClientContext(KEY);
    expect(context).toMatchObject({
      connectMs: 60_000,
      blockingConnectMs: 600_000,
      idleMs: 120_000,
      totalMs: Infinity,
      maxRetries: 2,
      maxEventBytes: 64 * 1024 * 1024,
    } satisfies Partial<ClientContext>);
    expect(context.scheduler).toBe(asyncScheduler);
    expect(context.baseURL.href).toBe('https://api.openai.com/v1');
  });

  it('takes maxRetries 0 (no retry) and maxEventBytes Infinity (no limit)', () => {
    expect(resolveClientContext({ ...KEY, maxRetries: 0, maxEventBytes: Infinity })).toMatchObject({ maxRetries: 0, maxEventBytes: Infinity });
  });

  it('uses the timeouts given, and a given connectMs for blocking creates too', () => {
    const context = resolveClientContext({ ...KEY, timeouts: { connectMs: 5, idleMs: 7, totalMs: 11 } });
    expect([context.connectMs, context.blockingConnectMs, context.idleMs, context.totalMs]).toEqual([5, 5, 7, 11]);
    expect(resolveClientContext({ ...KEY, timeouts: { totalMs: Infinity, idleMs: Infinity } })).toMatchObject({ idleMs: Infinity, totalMs: Infinity, connectMs: 60_000 });
  });

  it('sends the key as a bearer token unless api-key is asked for, by default or by name', () => {
    expect(resolveClientContext({ ...KEY, authHeader: 'authorization' }).headers).toEqual({ authorization: `Bearer ${SECRET}` });
    expect(resolveClientContext(KEY).headers).toEqual({ authorization: `Bearer ${SECRET}` });
    expect(resolveClientContext({ ...KEY, authHeader: 'api-key' }).headers).toEqual({ 'api-key': SECRET });
  });

  it('drops the hash and every trailing slash of the baseURL, and keeps its query', () => {
    const url = resolveClientContext({ ...KEY, baseURL: 'https://proxy.example/openai/v1///?tenant=a#frag' }).baseURL;
    expect([url.pathname, url.search, url.hash]).toEqual(['/openai/v1', '?tenant=a', '']);
  });
});

describe('resolveClientContext: the environment', () => {
  it('reads OPENAI_API_KEY and OPENAI_BASE_URL without the spaces around them', () => {
    vi.stubEnv('OPENAI_API_KEY', `  ${SECRET}\n`);
    vi.stubEnv('OPENAI_BASE_URL', ' https://proxy.example/v1 ');
    const context = resolveClientContext();
    expect(context.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(context.baseURL.href).toBe('https://proxy.example/v1');
  });

  it('treats an OPENAI_API_KEY of only spaces as no key', () => {
    vi.stubEnv('OPENAI_API_KEY', '   ');
    expect(refusal({})).toMatchObject({ option: 'apiKey', message: expect.stringContaining('Missing apiKey') });
    expect(resolveClientContext({ baseURL: 'https://proxy.example/v1' }).headers).toEqual({});
  });
});

describe('resolveClientContext: refusals', () => {
  it('refuses an apiKey that is empty, only spaces or not a string', () => {
    for (const apiKey of ['', ' ', '\t\n', 42 as unknown as string, { key: 'x' } as unknown as string]) {
      expect(refusal({ apiKey })).toMatchObject({ option: 'apiKey', message: 'Invalid apiKey: expected a non-empty string' });
    }
  });

  it('refuses api.openai.com without a key, saying where a key comes from', () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    expect(refusal({})).toMatchObject({ option: 'apiKey', message: expect.stringMatching(/^Missing apiKey: .*OPENAI_API_KEY/) });
  });

  it('refuses a key in a browser unless allowed, naming the flag', () => {
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    expect(refusal(KEY)).toMatchObject({ option: 'dangerouslyAllowBrowser', message: expect.stringMatching(/^Refusing to use an API key in a browser.*dangerouslyAllowBrowser: true/) });
  });

  it('does not take a window without a document (a worker, Deno) for a browser', () => {
    vi.stubGlobal('window', {});
    expect(resolveClientContext(KEY).headers.authorization).toBe(`Bearer ${SECRET}`);
    vi.unstubAllGlobals();
    vi.stubGlobal('document', {});
    expect(resolveClientContext(KEY).headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it.each<[string, ClientOptions, RegExp]>([
    ['maxRetries', { maxRetries: -1 }, /^Invalid maxRetries: expected an integer >= 0, got -1$/],
    ['maxEventBytes', { maxEventBytes: '1024' as unknown as number }, /^Invalid maxEventBytes: .*got 1024$/],
    ['maxEventBytes', { maxEventBytes: Number.NaN }, /^Invalid maxEventBytes: .*got NaN$/],
    ['timeouts.connectMs', { timeouts: { connectMs: 0 } }, /^Invalid timeouts\.connectMs: expected a number of milliseconds > 0 \(Infinity for none\), got 0$/],
    ['timeouts.idleMs', { timeouts: { idleMs: Number.NaN } }, /^Invalid timeouts\.idleMs: .*got NaN$/],
    ['timeouts.totalMs', { timeouts: { totalMs: '5' as unknown as number } }, /^Invalid timeouts\.totalMs: .*got 5$/],
    ['timeouts.totalMs', { timeouts: { totalMs: -1 } }, /^Invalid timeouts\.totalMs: .*got -1$/],
    ['maxEventBytes', { maxEventBytes: 0 }, /^Invalid maxEventBytes: expected a number of bytes > 0 \(Infinity for none\), got 0$/],
    ['fetch', { fetch: 'fetch' as unknown as ClientOptions['fetch'] }, /^Invalid fetch: expected a function$/],
    ['authHeader', { authHeader: 'cookie' as 'api-key' }, /^Invalid authHeader: expected 'authorization' or 'api-key'$/],
    ['organization', { organization: '' }, /^Invalid organization: expected a non-empty string$/],
    ['project', { project: 7 as unknown as string }, /^Invalid project: expected a non-empty string$/],
    ['apiVersion', { apiVersion: '' }, /^Invalid apiVersion: expected a non-empty string$/],
    ['headers', { headers: { 'bad name': 'x' } }, /^Invalid headers: names must be tokens/],
  ])('refuses an invalid %s (case %#), naming it and what it expects', (option, options, message) => {
    expect(refusal({ ...KEY, ...options })).toMatchObject({ option, message: expect.stringMatching(message) });
  });

  it('refuses a baseURL that is not absolute, quoting it without the key', () => {
    const error = refusal({ ...KEY, baseURL: `v1/${SECRET}` });
    expect(error).toMatchObject({ option: 'baseURL', message: expect.stringMatching(/^Invalid baseURL: ".*" is not an absolute URL$/) });
  });

  it('refuses a baseURL of another protocol, naming it', () => {
    expect(refusal({ ...KEY, baseURL: 'ws://example.com/v1' })).toMatchObject({ option: 'baseURL', message: 'Invalid baseURL: expected http: or https:, got ws:' });
  });

  it('refuses credentials in the baseURL, a user name alone or a password alone', () => {
    for (const baseURL of ['https://user:pass@example.com/v1', 'https://user@example.com/v1', 'https://:pass@example.com/v1']) {
      expect(refusal({ ...KEY, baseURL }), baseURL).toMatchObject({
        option: 'baseURL',
        message: 'Invalid baseURL: credentials in the URL are not allowed; use apiKey or headers',
      });
    }
  });

  it('allows plain http to loopback addresses only: a name that starts like one is a remote host', () => {
    for (const baseURL of ['http://127.0.0.10/v1', 'http://127.255.255.254:8080/v1', 'http://localhost/v1', 'http://[::1]/v1']) {
      expect(resolveClientContext({ ...KEY, baseURL }).baseURL.protocol, baseURL).toBe('http:');
    }
    for (const baseURL of ['http://127.0.0.1.example.com/v1', 'http://localhost.example.com/v1', 'http://128.0.0.1/v1']) {
      expect(refusal({ ...KEY, baseURL }), baseURL).toMatchObject({ option: 'baseURL', message: expect.stringMatching(/^Refusing plain http:\/\/ to \S+: .*allowInsecureHttp: true/) });
    }
  });
});

describe('resolveClientContext: the platform fetch', () => {
  it('calls the global fetch of the moment of each call', async () => {
    const context = resolveClientContext(KEY);
    const calls: unknown[] = [];
    const answer = new Response('ok');
    vi.stubGlobal('fetch', (input: unknown, init: unknown) => {
      calls.push([input, init]);
      return Promise.resolve(answer);
    });
    const init = { method: 'POST' };
    await expect(context.fetch('https://api.example/v1/responses', init)).resolves.toBe(answer);
    expect(calls).toEqual([['https://api.example/v1/responses', init]]);
  });

  it('refuses to start without a global fetch unless one is passed', () => {
    vi.stubGlobal('fetch', undefined);
    expect(refusal(KEY)).toMatchObject({ option: 'fetch', message: 'No global fetch on this platform: pass one as the fetch option' });
    const own = () => Promise.resolve(new Response(''));
    expect(resolveClientContext({ ...KEY, fetch: own }).fetch).toBe(own);
  });
});
