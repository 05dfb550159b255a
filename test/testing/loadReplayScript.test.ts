// What a replay server serves for its input: which events, which final response, which id and
// which input items.
import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/index.js';
import type { ReplayServer, ReplayServerOptions } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { replayServersPerTest } from '../support/replayServersPerTest.js';

const text = recording('azure-text-1.jsonl');
/** Ends with an `error` event followed by `response.failed`. */
const failed = recording('openai-error-1.jsonl');
/** Ends with `response.incomplete`. */
const incomplete = recording('openai-incomplete-seed.jsonl');

const frame = (event: ResponseStreamEvent): string => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
const responseIdOf = (events: readonly ResponseStreamEvent[]): string => (events[0] as { response: { id: string } }).response.id;
const terminalResponseOf = (events: readonly ResponseStreamEvent[]): unknown => (events.at(-1) as { response: unknown }).response;

const startServer = replayServersPerTest();
const serve = (options: ReplayServerOptions): Promise<ReplayServer> => startServer(options);
const post = (server: ReplayServer, body: string): Promise<Response> => fetch(`${server.baseURL}/responses`, { method: 'POST', body });

describe('loadReplayScript', () => {
  it('answers a stream that failed with its response.failed response, not with the error event before it', async () => {
    expect(failed.events.map((e) => e.type).slice(-2)).toEqual(['error', 'response.failed']);
    const server = await serve({ recording: failed.text });
    const response = await post(server, '{}');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(terminalResponseOf(failed.events));
  });

  it('answers an incomplete stream with its response.incomplete response', async () => {
    expect(incomplete.events.at(-1)?.type).toBe('response.incomplete');
    const server = await serve({ recording: incomplete.text });
    const final = await (await post(server, '{}')).json();
    expect(final).toEqual(terminalResponseOf(incomplete.events));
  });

  it('leaves out skipped-input markers given among the events', async () => {
    const skipped = { type: 'rx.skipped_input', reason: 'invalid_json', raw: '{', eventNumber: 3 } as unknown as ResponseStreamEvent;
    const server = await serve({ events: [...text.events.slice(0, 2), skipped, ...text.events.slice(2)] });
    expect(await (await post(server, '{"stream":true}')).text()).toBe(text.events.map(frame).join(''));
  });

  it('knows no response id for a stream that never announced one', async () => {
    const deltas = text.events.filter((e) => e.type === 'response.output_text.delta');
    expect(deltas.length).toBeGreaterThan(0);
    const server = await serve({ events: deltas });
    for (const id of ['undefined', 'resp_', '%20']) {
      expect((await fetch(`${server.baseURL}/responses/${id}`)).status, id).toBe(404);
    }
  });

  it('lists one made-up user message as the input by default', async () => {
    const server = await serve({ recording: text.text });
    const list = await (await fetch(`${server.baseURL}/responses/${responseIdOf(text.events)}/input_items`)).json();
    expect(list).toEqual({
      object: 'list',
      data: [{ id: 'item_replay_1', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Replayed input' }] }],
      first_id: 'item_replay_1',
      last_id: 'item_replay_1',
      has_more: false,
    });
  });

  it('gives given input items an id and a type when they lack one, keeping those they have', async () => {
    const inputItems = [{ role: 'user', content: 'first' }, { id: 'msg_own', type: 'function_call_output', output: '1' }, { id: 7, type: 3 }];
    const server = await serve({ recording: text.text, inputItems });
    const list = (await (await fetch(`${server.baseURL}/responses/${responseIdOf(text.events)}/input_items?order=asc`)).json()) as { data: unknown[] };
    expect(list.data).toEqual([
      { id: 'item_replay_1', type: 'message', role: 'user', content: 'first' },
      { id: 'msg_own', type: 'function_call_output', output: '1' },
      { id: 'item_replay_3', type: 'message' },
    ]);
  });

  it('names both options when neither or both are given', async () => {
    const message = 'startReplayServer: give exactly one of `recording` and `events`';
    await expect(serve({})).rejects.toThrow(message);
    await expect(serve({ recording: text.text, events: text.events })).rejects.toThrow(message);
  });

  it('keeps the completed response as the answer when an error event follows it', async () => {
    const late = { type: 'error', sequence_number: 999, code: 'server_error', message: 'late', param: null } as ResponseStreamEvent;
    const server = await serve({ events: [...text.events, late] });
    const response = await post(server, '{}');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(terminalResponseOf(text.events));
  });

  it('answers with the error when the terminal event after it carries no response object', async () => {
    const error = { type: 'error', sequence_number: 2, code: 'server_error', message: 'broke', param: null } as ResponseStreamEvent;
    const failedWithout = { type: 'response.failed', sequence_number: 3, response: null } as unknown as ResponseStreamEvent;
    const server = await serve({ events: [...text.events.slice(0, 2), error, failedWithout] });
    const response = await post(server, '{}');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { message: 'broke', type: 'server_error', param: null, code: 'server_error' } });
  });

  it('ignores a terminal event whose response is not an object, answering with the response as accumulated', async () => {
    const broken = { type: 'response.completed', sequence_number: 999, response: 'not a response' } as unknown as ResponseStreamEvent;
    const server = await serve({ events: [...text.events.slice(0, 2), broken] });
    const response = await post(server, '{}');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: responseIdOf(text.events), object: 'response' });
  });
});
