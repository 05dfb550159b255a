// startReplayServer's option checks and its faults function, as a test author meets them.
import { describe, expect, it } from 'vitest';
import { startReplayServer } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { replayServersPerTest } from '../support/replayServersPerTest.js';

const text = recording('azure-text-1.jsonl');
const serve = replayServersPerTest();

describe('startReplayServer: options and the faults function', () => {
  it('names the option and the value it refuses', async () => {
    await expect(startReplayServer({ recording: text.text, chunkSize: 2.5 })).rejects.toThrow('startReplayServer: chunkSize must be a positive integer, got 2.5');
    await expect(startReplayServer({ recording: text.text, delayMs: Number.POSITIVE_INFINITY })).rejects.toThrow(
      'startReplayServer: delayMs must be a finite number >= 0, got Infinity',
    );
    await expect(startReplayServer({ recording: text.text, delayMs: Number.NaN })).rejects.toThrow(RangeError);
    await expect(startReplayServer({ recording: text.text, port: 70000 })).rejects.toThrow('startReplayServer: port must be an integer from 0 to 65535, got 70000');
  });

  it('refuses a port that is not a whole number from 0 to 65535 itself, before Node sees it', async () => {
    for (const port of [2.5, -1, 65536, Number.NaN]) {
      await expect(startReplayServer({ recording: text.text, port })).rejects.toThrow(`startReplayServer: port must be an integer from 0 to 65535, got ${String(port)}`);
    }
  });

  it('lets port 65535 through to Node (which may find it taken)', async () => {
    const outcome = await startReplayServer({ recording: text.text, port: 65535 }).then(
      async (server) => {
        await server.close();
        return 'listened';
      },
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(outcome).not.toMatch(/startReplayServer: port/);
  });

  it('accepts the edge values: chunkSize 1, delayMs 0 and port 0', async () => {
    const server = await serve({ recording: text.text, chunkSize: 1, delayMs: 0, port: 0 });
    expect(server.port).toBeGreaterThan(0);
  });

  it('answers a request whose faults function threw with a 500 naming the error, then goes on', async () => {
    let n = 0;
    const server = await serve({
      recording: text.text,
      faults: () => {
        n++;
        if (n === 1) throw new Error('no fault for you');
        if (n === 2) throw 'a string';
        return undefined;
      },
    });
    const post = (): Promise<Response> => fetch(`${server.baseURL}/responses`, { method: 'POST', body: '{}' });
    const first = await post();
    expect([first.status, first.headers.get('x-request-id'), await first.json()]).toEqual([
      500,
      'req_1',
      { error: { message: 'startReplayServer: the faults function threw: no fault for you', type: 'server_error', param: null, code: null } },
    ]);
    expect(await (await post()).json()).toMatchObject({ error: { message: 'startReplayServer: the faults function threw: a string' } });
    expect((await post()).status).toBe(200);
  });
});
