// The endpoints around a response that a replay server answers: compact, input_tokens, delete
// and the paged input_items list (as the Responses API reference describes them).
import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/index.js';
import type { ReplayServer } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { replayServersPerTest } from '../support/replayServersPerTest.js';

const text = recording('azure-text-1.jsonl');
const responseIdOf = (events: readonly ResponseStreamEvent[]): string => (events[0] as { response: { id: string } }).response.id;
const usageOf = (events: readonly ResponseStreamEvent[]): unknown => (events.at(-1) as { response: { usage: unknown } }).response.usage;
const ID = responseIdOf(text.events);

/** 25 input items, oldest first: item_01 … item_25. */
const ITEMS = Array.from({ length: 25 }, (_, i) => ({ id: `item_${String(i + 1).padStart(2, '0')}`, type: 'message', role: 'user', content: `message ${i + 1}` }));
const idsOf = (from: number, to: number): string[] => ITEMS.slice(from - 1, to).map((item) => item.id);

const startServer = replayServersPerTest();
const serve = (): Promise<ReplayServer> => startServer({ recording: text.text, inputItems: ITEMS });
const getJSON = async (url: string): Promise<[number, Record<string, unknown>]> => {
  const response = await fetch(url);
  return [response.status, (await response.json()) as Record<string, unknown>];
};
const postJSON = async (url: string, body: string): Promise<[number, Record<string, unknown>]> => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return [response.status, (await response.json()) as Record<string, unknown>];
};
const BAD_BODY = { error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error', param: null, code: null } };

describe('routeReplayEndpoints: input_items', () => {
  it('lists the newest 20 first by default, and says there are more', async () => {
    const server = await serve();
    const [status, list] = await getJSON(`${server.baseURL}/responses/${ID}/input_items`);
    expect(status).toBe(200);
    const ids = idsOf(6, 25).reverse();
    expect(list).toEqual({ object: 'list', data: ITEMS.slice(5).reverse(), first_id: ids[0], last_id: ids.at(-1), has_more: true });
  });

  it('pages oldest first with order=asc, limit and after, until has_more is false', async () => {
    const server = await serve();
    const url = `${server.baseURL}/responses/${ID}/input_items/?order=asc&limit=10`;
    const pages: unknown[] = [];
    for (const after of [undefined, 'item_10', 'item_20']) {
      const [, list] = await getJSON(after === undefined ? url : `${url}&after=${after}`);
      pages.push([(list.data as { id: string }[]).map((item) => item.id), list.first_id, list.last_id, list.has_more]);
    }
    expect(pages).toEqual([
      [idsOf(1, 10), 'item_01', 'item_10', true],
      [idsOf(11, 20), 'item_11', 'item_20', true],
      [idsOf(21, 25), 'item_21', 'item_25', false],
    ]);
  });

  it('says has_more false when the page ends exactly at the last item, and gives null ids for an empty page', async () => {
    const server = await serve();
    const [, exact] = await getJSON(`${server.baseURL}/responses/${ID}/input_items?order=asc&limit=5&after=item_20`);
    expect([(exact.data as unknown[]).length, exact.has_more]).toEqual([5, false]);
    const [, empty] = await getJSON(`${server.baseURL}/responses/${ID}/input_items?order=asc&after=item_25`);
    expect(empty).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });

  it('accepts limits 1 and 100, and refuses others with a 400 naming limit', async () => {
    const server = await serve();
    const [, one] = await getJSON(`${server.baseURL}/responses/${ID}/input_items?limit=1`);
    expect([one.data, one.has_more]).toEqual([[ITEMS[24]], true]);
    const [, hundred] = await getJSON(`${server.baseURL}/responses/${ID}/input_items?limit=100`);
    expect((hundred.data as unknown[]).length).toBe(25);
    for (const limit of ['0', '101', '2.5', 'ten', '']) {
      const [status, body] = await getJSON(`${server.baseURL}/responses/${ID}/input_items?limit=${limit}`);
      expect(status, limit).toBe(400);
      expect(body).toEqual({ error: { message: "Invalid 'limit': expected an integer from 1 to 100.", type: 'invalid_request_error', param: 'limit', code: null } });
    }
  });

  it('refuses an after that names no item with a 400 naming after', async () => {
    const server = await serve();
    const [status, body] = await getJSON(`${server.baseURL}/responses/${ID}/input_items?after=item_99`);
    expect(status).toBe(400);
    expect(body).toEqual({ error: { message: "No input item with id 'item_99'.", type: 'invalid_request_error', param: 'after', code: null } });
  });

  it('answers an unknown response id with a 404, and only GET lists', async () => {
    const server = await serve();
    const [status, body] = await getJSON(`${server.baseURL}/responses/resp_other/input_items`);
    expect(status).toBe(404);
    expect(body).toEqual({ error: { message: "Response with id 'resp_other' not found.", type: 'invalid_request_error', param: null, code: null } });
    const posted = await fetch(`${server.baseURL}/responses/${ID}/input_items`, { method: 'POST', body: '{}' });
    expect(posted.status).toBe(404);
    expect(await posted.json()).toMatchObject({ error: { message: `No route for POST /v1/responses/${ID}/input_items.` } });
  });
});

describe('routeReplayEndpoints: delete', () => {
  it('deletes the scripted response, and answers any other id with a 404', async () => {
    const server = await serve();
    const deleted = await fetch(`${server.baseURL}/responses/${ID}/`, { method: 'DELETE' });
    expect([deleted.status, await deleted.json()]).toEqual([200, { id: ID, object: 'response.deleted', deleted: true }]);
    const other = await fetch(`${server.baseURL}/responses/resp_other`, { method: 'DELETE' });
    expect([other.status, await other.json()]).toEqual([404, { error: { message: "Response with id 'resp_other' not found.", type: 'invalid_request_error', param: null, code: null } }]);
  });
});

describe('routeReplayEndpoints: compact', () => {
  it('compacts a string input into one compaction item followed by the input as a user message', async () => {
    const server = await serve();
    const [status, body] = await postJSON(`${server.baseURL}/responses/compact`, JSON.stringify({ model: 'm', input: 'Hello there' }));
    const input = [{ type: 'message', role: 'user', content: 'Hello there' }];
    expect(status).toBe(200);
    expect(body).toEqual({
      id: 'resp_compact_replay',
      object: 'response.compaction',
      created_at: 0,
      output: [{ id: 'cmp_replay', type: 'compaction', encrypted_content: Buffer.from(JSON.stringify(input)).toString('base64') }, ...input],
      usage: usageOf(text.events),
    });
  });

  it('keeps an input list as it is, and treats a missing input as an empty one', async () => {
    const server = await serve();
    const input = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }, { type: 'function_call_output', call_id: 'c', output: '1' }];
    const [, listed] = await postJSON(`${server.baseURL}/responses/compact/`, JSON.stringify({ input }));
    expect((listed.output as unknown[]).slice(1)).toEqual(input);
    const [, none] = await postJSON(`${server.baseURL}/responses/compact`, JSON.stringify({ input: 42 }));
    expect(none.output).toEqual([{ id: 'cmp_replay', type: 'compaction', encrypted_content: Buffer.from('[]').toString('base64') }]);
  });

  it('gives usage null for a stream that reported none', async () => {
    const server = await startServer({ events: text.events.slice(0, 3) });
    const [, body] = await postJSON(`${server.baseURL}/responses/compact`, '{"input":"x"}');
    expect(body.usage).toBeNull();
  });

  it('refuses a body that is not a JSON object', async () => {
    const server = await serve();
    for (const body of ['[1]', 'null', 'text']) {
      expect(await postJSON(`${server.baseURL}/responses/compact`, body), body).toEqual([400, BAD_BODY]);
    }
  });
});

describe('routeReplayEndpoints: input_tokens', () => {
  it('estimates one token per 4 characters of the JSON of input and instructions, rounded up', async () => {
    const server = await serve();
    const count = async (body: object): Promise<unknown> => (await postJSON(`${server.baseURL}/responses/input_tokens`, JSON.stringify(body)))[1];
    // JSON.stringify('abcdef') is 8 characters, '"be brief"' 10, and a missing field counts as '""' (2).
    expect(await count({ input: 'abcdef', instructions: 'be brief' })).toEqual({ object: 'response.input_tokens', input_tokens: 5 });
    expect(await count({ input: 'abcdefg' })).toEqual({ object: 'response.input_tokens', input_tokens: 3 });
    expect(await count({ instructions: 'abcdefg' })).toEqual({ object: 'response.input_tokens', input_tokens: 3 });
    expect(await count({})).toEqual({ object: 'response.input_tokens', input_tokens: 1 });
  });

  it('refuses a body that is not a JSON object', async () => {
    const server = await serve();
    expect(await postJSON(`${server.baseURL}/responses/input_tokens/`, '[]')).toEqual([400, BAD_BODY]);
  });
});

describe('routeReplayEndpoints: only the exact paths, with POST', () => {
  it('does not compact or count tokens for another method, a longer path or a prefixed path', async () => {
    const server = await serve();
    const origin = server.baseURL.replace(/\/v1$/, '');
    for (const name of ['compact', 'input_tokens']) {
      // GET /v1/responses/compact is a retrieve of a response with that id, which is unknown.
      const got = await fetch(`${server.baseURL}/responses/${name}`);
      expect([got.status, await got.json()], `GET ${name}`).toEqual([
        404,
        { error: { message: `Response with id '${name}' not found.`, type: 'invalid_request_error', param: null, code: null } },
      ]);
      for (const path of [`/v1/responses/${name}/more`, `/proxy/v1/responses/${name}`]) {
        const [status, body] = await postJSON(`${origin}${path}`, '{"input":"x"}');
        expect([status, body], path).toEqual([404, { error: { message: `No route for POST ${path}.`, type: 'invalid_request_error', param: null, code: null } }]);
      }
    }
  });
});
