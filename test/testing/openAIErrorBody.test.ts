// The error bodies a replay server makes up, compared with what the Responses API sends for
// each status (type and code as in OpenAI's API reference and openai-node's error classes).
import { describe, expect, it } from 'vitest';
import type { ReplayServer, ReplayServerOptions } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { replayServersPerTest } from '../support/replayServersPerTest.js';

const text = recording('azure-text-1.jsonl');

const startServer = replayServersPerTest();
const serve = (faults: ReplayServerOptions['faults']): Promise<ReplayServer> => startServer({ recording: text.text, faults });
const errorOf = async (server: ReplayServer): Promise<[number, unknown]> => {
  const response = await fetch(`${server.baseURL}/responses`, { method: 'POST', body: '{"stream":true}' });
  return [response.status, await response.json()];
};

describe('openAIErrorBody: the default body of a status fault', () => {
  it('401: invalid_request_error with code invalid_api_key', async () => {
    const server = await serve([{ kind: 'status', status: 401 }]);
    expect(await errorOf(server)).toEqual([401, { error: { message: 'Replayed 401 Unauthorized', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }]);
  });

  it('500 and above: server_error without a code', async () => {
    const server = await serve([
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
    ]);
    expect(await errorOf(server)).toEqual([500, { error: { message: 'Replayed 500 Internal Server Error', type: 'server_error', param: null, code: null } }]);
    expect(await errorOf(server)).toEqual([503, { error: { message: 'Replayed 503 Service Unavailable', type: 'server_error', param: null, code: null } }]);
  });

  it('a status without a standard reason phrase is named "error"', async () => {
    const server = await serve([{ kind: 'status', status: 499 }]);
    expect(await errorOf(server)).toEqual([499, { error: { message: 'Replayed 499 error', type: 'invalid_request_error', param: null, code: null } }]);
  });
});
