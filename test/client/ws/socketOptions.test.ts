import { describe, expect, it } from 'vitest';
import { createClient } from '../../../src/index.js';
import { collectNotifications } from '../../support/collectNotifications.js';
import { SECRET } from '../fakeFetch.js';
import { thrown } from '../../support/thrown.js';

const PARAMS = { model: 'gpt-5-nano', input: 'Hi' };
/** A client whose socket never gets to connect in these tests: each one fails before it would. */
const client = () => createClient({ apiKey: SECRET, baseURL: 'http://127.0.0.1:9/v1' });

describe('responses.connect() options and create() arguments', () => {
  it('takes maxReconnects from the client retries, and refuses one that is not an integer >= 0', () => {
    for (const maxReconnects of [-1, 1.5, Number.NaN]) {
      expect(thrown(() => client().responses.connect({ maxReconnects }))).toMatchObject({
        name: 'ClientOptionsError',
        option: 'maxReconnects',
        message: `Invalid maxReconnects: expected an integer >= 0, got ${String(maxReconnects)}`,
      });
    }
    expect(thrown(() => client().responses.connect({ maxReconnects: 0 }))).toBeUndefined();
    expect(client().responses.connect()).toMatchObject({ state: 'idle', url: 'ws://127.0.0.1:9/v1/responses' });
  });

  it('refuses params that are not an object, a bad streamId, and params JSON cannot write', () => {
    const socket = client().responses.connect();
    for (const params of [null, [], 'text']) {
      expect(thrown(() => socket.create(params as never))).toMatchObject({ name: 'ClientOptionsError', option: 'params', message: 'Invalid params: expected an object' });
    }
    for (const streamId of ['', 7]) {
      expect(thrown(() => socket.create(PARAMS, { streamId: streamId as string }))).toMatchObject({
        name: 'ClientOptionsError',
        option: 'streamId',
        message: 'Invalid streamId: expected a non-empty string',
      });
    }
    expect(thrown(() => socket.create({ ...PARAMS, metadata: { n: 1n } } as never))).toMatchObject({
      name: 'ClientOptionsError',
      option: 'params',
      message: expect.stringMatching(/^Invalid params: not serializable as JSON \(.*BigInt/),
    });
    expect(socket.state).toBe('idle');
  });

  it('errors at once, without connecting, on a closed socket or an aborted signal', async () => {
    const socket = client().responses.connect();
    const reason = new Error('not wanted');
    const aborted = await collectNotifications(socket.create(PARAMS, { signal: AbortSignal.abort(reason) }));
    expect(aborted.error).toBe(reason);
    expect(socket.state).toBe('idle');
    socket.close();
    expect(socket.state).toBe('closed');
    const closed = await collectNotifications(socket.create(PARAMS));
    expect(closed.error).toMatchObject({ name: 'APIConnectionError', message: 'The ResponsesSocket is closed' });
    socket.close();
    expect(socket.state).toBe('closed');
  });
});
