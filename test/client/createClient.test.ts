import { lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ClientOptions, createClient, isClientOptionsError } from '../../src/index.js';
import { SECRET, errorTexts, fakeFetch, jsonResponse } from './fakeFetch.js';

const RESPONSE = { id: 'resp_1', object: 'response', status: 'completed', output: [] };

function optionError(options: ClientOptions): unknown {
  try {
    createClient(options);
  } catch (error) {
    return error;
  }
  return undefined;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe('createClient options', () => {
  it('sends the key as a bearer token, with organization, project and custom headers', async () => {
    const { fetch, calls } = fakeFetch([jsonResponse(RESPONSE)]);
    const client = createClient({ apiKey: SECRET, fetch, organization: 'org_1', project: 'proj_1', headers: { 'X-Trace': 't1' } });
    await lastValueFrom(client.responses.retrieve('resp_1'));
    expect(calls[0]).toMatchObject({
      url: 'https://api.openai.com/v1/responses/resp_1',
      method: 'GET',
      headers: { authorization: `Bearer ${SECRET}`, 'openai-organization': 'org_1', 'openai-project': 'proj_1', 'x-trace': 't1', accept: 'application/json' },
    });
  });

  it('falls back to OPENAI_API_KEY and OPENAI_BASE_URL', async () => {
    vi.stubEnv('OPENAI_API_KEY', SECRET);
    vi.stubEnv('OPENAI_BASE_URL', 'https://proxy.example/openai/v1/');
    const { fetch, calls } = fakeFetch([jsonResponse(RESPONSE)]);
    const client = createClient({ fetch });
    expect(client.baseURL).toBe('https://proxy.example/openai/v1');
    await lastValueFrom(client.responses.cancel('resp_1'));
    expect(calls[0]?.url).toBe('https://proxy.example/openai/v1/responses/resp_1/cancel');
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('supports Azure: api-version on every request and the api-key header', async () => {
    const { fetch, calls } = fakeFetch([jsonResponse(RESPONSE)]);
    const client = createClient({ apiKey: SECRET, fetch, baseURL: 'https://res.openai.azure.com/openai/v1', apiVersion: 'preview', authHeader: 'api-key' });
    await lastValueFrom(client.responses.create({ model: 'gpt-5-nano', input: 'Hi' }));
    const url = new URL(calls[0]!.url);
    expect(url.pathname).toBe('/openai/v1/responses');
    expect(url.searchParams.get('api-version')).toBe('preview');
    expect(calls[0]?.headers['api-key']).toBe(SECRET);
    expect(calls[0]?.headers.authorization).toBeUndefined();
    expect(calls[0]?.body).toEqual({ model: 'gpt-5-nano', input: 'Hi' });
  });

  it('keeps a query string of the baseURL', async () => {
    const { fetch, calls } = fakeFetch([jsonResponse(RESPONSE)]);
    const client = createClient({ fetch, baseURL: 'https://gw.example/v1?tenant=a' });
    await lastValueFrom(client.responses.retrieve('resp 1'));
    expect(calls[0]?.url).toBe('https://gw.example/v1/responses/resp%201?tenant=a');
  });

  it('needs no key for a proxy baseURL, and sends no authorization then', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    const { fetch, calls } = fakeFetch([jsonResponse(RESPONSE)]);
    await lastValueFrom(createClient({ fetch, baseURL: 'https://proxy.example/v1' }).responses.retrieve('resp_1'));
    expect(calls[0]?.headers.authorization).toBeUndefined();
  });

  it('refuses api.openai.com without a key', () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    vi.stubEnv('OPENAI_BASE_URL', '');
    expect(optionError({})).toMatchObject({ name: 'ClientOptionsError', option: 'apiKey' });
  });

  it('refuses plain http to remote hosts unless allowed; loopback is always fine', () => {
    expect(optionError({ apiKey: SECRET, baseURL: 'http://example.com/v1' })).toMatchObject({ option: 'baseURL', message: expect.stringContaining('allowInsecureHttp') });
    for (const baseURL of ['http://127.0.0.1:8080/v1', 'http://localhost:1234/v1', 'http://[::1]:9/v1', 'http://127.1.2.3/v1']) {
      expect(optionError({ apiKey: SECRET, baseURL })).toBeUndefined();
    }
    expect(optionError({ apiKey: SECRET, baseURL: 'http://example.com/v1', allowInsecureHttp: true })).toBeUndefined();
  });

  it('needs dangerouslyAllowBrowser for a key in a browser, but not for a keyless proxy', () => {
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    const error = optionError({ apiKey: SECRET });
    expect(isClientOptionsError(error)).toBe(true);
    expect(error).toMatchObject({ option: 'dangerouslyAllowBrowser' });
    expect(optionError({ apiKey: SECRET, dangerouslyAllowBrowser: true })).toBeUndefined();
    vi.stubEnv('OPENAI_API_KEY', '');
    expect(optionError({ baseURL: 'https://example.com/api' })).toBeUndefined();
  });

  it('works without a process global (browsers)', () => {
    vi.stubGlobal('process', undefined);
    expect(optionError({ baseURL: 'https://example.com/api' })).toBeUndefined();
  });

  it.each<[string, ClientOptions]>([
    ['baseURL', { baseURL: 'not a url' }],
    ['baseURL', { baseURL: 'ftp://example.com' }],
    ['baseURL', { baseURL: `https://user:${SECRET}@example.com/v1` }],
    ['maxRetries', { maxRetries: -1 }],
    ['maxRetries', { maxRetries: 1.5 }],
    ['timeouts.idleMs', { timeouts: { idleMs: 0 } }],
    ['timeouts.connectMs', { timeouts: { connectMs: Number.NaN } }],
    ['apiKey', { apiKey: ' ' }],
    ['headers', { headers: { 'x-bad': 'a\nb' } }],
    ['authHeader', { authHeader: 'cookie' as 'api-key' }],
    ['apiVersion', { apiVersion: '' }],
  ])('rejects an invalid %s with a ClientOptionsError', (option, options) => {
    const error = optionError({ apiKey: SECRET, ...options });
    expect(error).toMatchObject({ name: 'ClientOptionsError', code: 'invalid_client_options', option });
    expect(errorTexts(error)).not.toContain(SECRET);
  });

  it('rejects an empty id and a bad starting_after', () => {
    const client = createClient({ apiKey: SECRET, fetch: fakeFetch([]).fetch });
    expect(() => client.responses.retrieve('')).toThrow(expect.objectContaining({ option: 'id' }));
    expect(() => client.responses.retrieve('resp_1', { stream: true, starting_after: -1 })).toThrow(expect.objectContaining({ option: 'starting_after' }));
  });
});
