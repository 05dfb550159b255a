import { describe, expect, it } from 'vitest';
import { resolveClientContext } from '../../../src/client/ClientContext.js';
import { webSocketURL } from '../../../src/client/ws/webSocketURL.js';

describe('webSocketURL', () => {
  it.each([
    ['https://api.openai.com/v1', {}, 'wss://api.openai.com/v1/responses'],
    ['http://127.0.0.1:8080/v1/', {}, 'ws://127.0.0.1:8080/v1/responses'],
    ['https://example.azure.com/openai/v1?x=1', { apiVersion: '2025-04-01' }, 'wss://example.azure.com/openai/v1/responses?x=1&api-version=2025-04-01'],
  ])('%s gives the /responses route over WebSocket', (baseURL, extra, expected) => {
    const context = resolveClientContext({ apiKey: 'k', baseURL, allowInsecureHttp: true, ...extra });
    expect(webSocketURL(context)).toBe(expected);
  });
});
