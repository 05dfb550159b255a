import { lastValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, isNotFoundError } from '../../src/index.js';
import { type ReplayFault, type ReplayServer, startReplayServer } from '../../src/testing/index.js';
import { SECRET, fakeFetch, jsonResponse } from './fakeFetch.js';
import { resumableRecording } from './resumableRecording.js';

const recording = resumableRecording();
const RESPONSE_ID = (recording.events[0] as { response: { id: string } }).response.id;
/** 45 input items, oldest first, as a test writes them (not derived from the code under test). */
const ITEMS = Array.from({ length: 45 }, (_, i) => ({ id: `msg_${String(i).padStart(3, '0')}`, type: 'message', role: 'user', content: `turn ${i}` }));

let server: ReplayServer | undefined;

async function start(faults?: (ReplayFault | undefined)[]): Promise<ReplayServer> {
  server = await startReplayServer({ recording: recording.text, inputItems: ITEMS, ...(faults === undefined ? {} : { faults }) });
  return server;
}
const client = () => createClient({ apiKey: SECRET, baseURL: server!.baseURL, timeouts: { connectMs: 5000 } });

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('responses.inputItems()', () => {
  it('follows the cursor through every page, newest first by default', async () => {
    const s = await start();
    const items = await lastValueFrom(client().responses.inputItems(RESPONSE_ID, { limit: 10 }).pipe(toArray()));
    expect(items.map((item) => item.id)).toEqual([...ITEMS].reverse().map((item) => item.id));
    const pages = s.requests.filter((r) => r.path.endsWith('/input_items'));
    expect(pages).toHaveLength(5);
    expect(pages.map((r) => r.query.after)).toEqual([undefined, 'msg_035', 'msg_025', 'msg_015', 'msg_005']);
  });

  it('asks for no page beyond what the subscriber takes', async () => {
    const s = await start();
    const items = await lastValueFrom(client().responses.inputItems(RESPONSE_ID, { limit: 10, order: 'asc' }).pipe(take(12), toArray()));
    expect(items.map((item) => item.id)).toEqual(ITEMS.slice(0, 12).map((item) => item.id));
    expect(s.requests.filter((r) => r.path.endsWith('/input_items'))).toHaveLength(2);
  });

  it('starts after a given item', async () => {
    await start();
    const items = await lastValueFrom(client().responses.inputItems(RESPONSE_ID, { order: 'asc', after: 'msg_040' }).pipe(toArray()));
    expect(items.map((item) => item.id)).toEqual(ITEMS.slice(41).map((item) => item.id));
  });

  it('stops on a cursor that does not advance instead of looping', async () => {
    const page = { object: 'list', data: [{ id: 'a', type: 'message' }], last_id: 'a', has_more: true };
    const fake = fakeFetch([() => jsonResponse(page)]);
    const listed = await lastValueFrom(
      createClient({ apiKey: SECRET, baseURL: 'http://127.0.0.1:1/v1', fetch: fake.fetch }).responses.inputItems('resp_1').pipe(toArray()),
    );
    expect(listed).toEqual([page.data[0], page.data[0]]);
    expect(fake.calls).toHaveLength(2);
  });

  it('retries a page like any request, and errors with NotFoundError for an unknown id', async () => {
    const s = await start([{ kind: 'status', status: 500 }]);
    const items = await lastValueFrom(client().responses.inputItems(RESPONSE_ID, { limit: 100 }).pipe(toArray()));
    expect(items).toHaveLength(ITEMS.length);
    expect(s.requests).toHaveLength(2);
    const error = await lastValueFrom(client().responses.inputItems('resp_missing')).catch((e: unknown) => e);
    expect(isNotFoundError(error)).toBe(true);
  });
});

describe('responses.compact(), delete(), inputTokens()', () => {
  it('compact() posts the body and emits the compacted window', async () => {
    const s = await start();
    const input = [{ role: 'user', content: 'Hello' }];
    const compacted = await lastValueFrom(client().responses.compact({ model: 'gpt-5-nano', input }));
    expect(compacted.object).toBe('response.compaction');
    expect(compacted.output[0]).toMatchObject({ type: 'compaction' });
    expect(compacted.output.slice(1)).toEqual(input);
    expect(s.requests[0]).toMatchObject({ method: 'POST', path: '/v1/responses/compact', body: { model: 'gpt-5-nano', input } });
  });

  it('delete() sends DELETE and emits the confirmation; an unknown id is a NotFoundError', async () => {
    const s = await start();
    expect(await lastValueFrom(client().responses.delete(RESPONSE_ID))).toEqual({ id: RESPONSE_ID, object: 'response.deleted', deleted: true });
    expect(s.requests[0]).toMatchObject({ method: 'DELETE', path: `/v1/responses/${RESPONSE_ID}` });
    expect(isNotFoundError(await lastValueFrom(client().responses.delete('resp_missing')).catch((e: unknown) => e))).toBe(true);
  });

  it('delete() accepts an empty 200 body', async () => {
    const fake = fakeFetch([new Response('', { status: 200 })]);
    const result = await lastValueFrom(createClient({ apiKey: SECRET, baseURL: 'http://127.0.0.1:1/v1', fetch: fake.fetch }).responses.delete('resp_9'));
    expect(result).toEqual({ id: 'resp_9', object: 'response.deleted', deleted: true });
    expect(fake.calls[0]?.method).toBe('DELETE');
  });

  it('inputTokens() posts the body and emits the count', async () => {
    const s = await start();
    const count = await lastValueFrom(client().responses.inputTokens({ model: 'gpt-5-nano', input: 'How many tokens is this?' }));
    expect(count.object).toBe('response.input_tokens');
    expect(count.input_tokens).toBeGreaterThan(0);
    expect(s.requests[0]).toMatchObject({ method: 'POST', path: '/v1/responses/input_tokens', body: { input: 'How many tokens is this?' } });
  });
});
