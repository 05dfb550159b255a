// The faults that change what a replay server sends (status, contentType, invalidJson), as a
// client sees them.
import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/index.js';
import type { ReplayServer, ReplayServerOptions } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { replayServersPerTest } from '../support/replayServersPerTest.js';

const text = recording('azure-text-1.jsonl');

const startServer = replayServersPerTest();
const serve = (faults: ReplayServerOptions['faults']): Promise<ReplayServer> => startServer({ recording: text.text, faults });
const createStream = (server: ReplayServer): Promise<Response> =>
  fetch(`${server.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"stream":true}' });

describe('applyReplayFault: status', () => {
  it('labels a string body that is JSON as application/json, and any other string as text/plain', async () => {
    const json = '{"error":{"message":"from a proxy"}}';
    const server = await serve([
      { kind: 'status', status: 502, body: json },
      { kind: 'status', status: 502, body: 'Bad gateway' },
    ]);
    const first = await createStream(server);
    expect([first.status, first.headers.get('content-type'), await first.text()]).toEqual([502, 'application/json', json]);
    const second = await createStream(server);
    expect([second.status, second.headers.get('content-type'), await second.text()]).toEqual([502, 'text/plain; charset=utf-8', 'Bad gateway']);
    expect(second.headers.get('x-request-id')).toBe('req_2');
  });

  it('lets a header given in any case replace the usual one, sending it once', async () => {
    const server = await serve([{ kind: 'status', status: 503, headers: { 'Content-Type': 'text/html', 'X-Request-ID': 'req_custom' } }]);
    const response = await createStream(server);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('x-request-id')).toBe('req_custom');
    await response.text();
  });
});

describe('applyReplayFault: invalidJson', () => {
  it("cuts the event's data to its first half, the way a truncated line looks", async () => {
    const server = await serve([{ kind: 'invalidJson', atEvent: 0 }]);
    const body = await (await createStream(server)).text();
    const [first] = body.split('\n\n');
    const data = JSON.stringify(text.events[0] as ResponseStreamEvent);
    expect(first).toBe(`event: ${text.events[0]!.type}\ndata: ${data.slice(0, Math.floor(data.length / 2))}`);
  });

  it('changes nothing when atEvent is past the last event', async () => {
    const server = await serve([{ kind: 'invalidJson', atEvent: text.events.length }]);
    const body = await (await createStream(server)).text();
    expect(body).toBe(text.events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join(''));
  });
});
