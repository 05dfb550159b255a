import { lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { collectNotifications } from '../support/collectNotifications.js';
import { fakeClient, fakeFetch, hangingReply, jsonResponse } from './fakeFetch.js';
import { settle } from '../support/settle.js';

const item = (id: string): { id: string; type: string } => ({ id, type: 'message' });
const page = (ids: string[], fields: Record<string, unknown> = {}) => ({ object: 'list', data: ids.map(item), has_more: true, last_id: ids.at(-1), ...fields });

describe('responses.inputItems() paging', () => {
  it('sends limit, order, include[] and the cursor as query parameters', async () => {
    const { fetch, calls } = fakeFetch([jsonResponse(page(['a', 'b'])), jsonResponse(page(['c'], { has_more: false }))]);
    const items = await lastValueFrom(
      fakeClient(fetch).responses.inputItems('resp_1', { limit: 2, order: 'asc', after: 'z', include: ['message.input_image.image_url', 'file_search_call.results'] }).pipe(toArray()),
    );
    expect(items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    const queries = calls.map((call) => Object.fromEntries(new URL(call.url).searchParams));
    const include = 'message.input_image.image_url,file_search_call.results';
    expect(queries).toEqual([
      { after: 'z', limit: '2', order: 'asc', 'include[]': include },
      { after: 'b', limit: '2', order: 'asc', 'include[]': include },
    ]);
  });

  it('sends no query parameter that was not asked for, nor an empty include[]', async () => {
    const { fetch, calls } = fakeFetch([jsonResponse(page(['a'], { has_more: false }))]);
    await lastValueFrom(fakeClient(fetch).responses.inputItems('resp_1', { include: [] }).pipe(toArray()));
    expect(new URL(calls[0]!.url).search).toBe('');
  });

  it.each([
    ['has_more is not true', { has_more: 'yes' }],
    ['last_id is missing', { last_id: undefined }],
    ['last_id is not a string', { last_id: 7 }],
    ['last_id is empty', { last_id: '' }],
    ['last_id is the cursor the listing started after', { last_id: 'start' }],
  ])('ends the listing when %s', async (_case, fields) => {
    const { fetch, calls } = fakeFetch([jsonResponse(page(['a', 'b'], fields)), jsonResponse(page(['c'], { has_more: false }))]);
    const items = await lastValueFrom(fakeClient(fetch).responses.inputItems('resp_1', { after: 'start' }).pipe(toArray()));
    expect(items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(calls).toHaveLength(1);
  });

  it('ends the listing at a page without items, whatever it says about more', async () => {
    for (const data of [[], 'not a list', undefined]) {
      const { fetch, calls } = fakeFetch([jsonResponse({ object: 'list', data, has_more: true, last_id: 'x' }), jsonResponse(page(['c'], { has_more: false }))]);
      expect(await lastValueFrom(fakeClient(fetch).responses.inputItems('resp_1').pipe(toArray()))).toEqual([]);
      expect(calls).toHaveLength(1);
    }
  });

  it('stops at the item the subscriber takes last, asking for no next page', async () => {
    const { fetch, calls } = fakeFetch([jsonResponse(page(['a', 'b', 'c', 'd'])), jsonResponse(page(['e'], { has_more: false }))]);
    const items = await lastValueFrom(fakeClient(fetch).responses.inputItems('resp_1').pipe(take(2), toArray()));
    expect(items.map((i) => i.id)).toEqual(['a', 'b']);
    await settle();
    expect(calls).toHaveLength(1);
  });

  it('passes on the error of a page, and aborts the page in flight on unsubscribe', async () => {
    const failing = fakeFetch([jsonResponse(page(['a'])), jsonResponse({ error: { message: 'gone' } }, { status: 404 })]);
    const { values, error } = await collectNotifications(fakeClient(failing.fetch).responses.inputItems('resp_1'));
    expect(values.map((i) => i.id)).toEqual(['a']);
    expect(error).toMatchObject({ name: 'NotFoundError', serverMessage: 'gone' });
    const hanging = fakeFetch([hangingReply()]);
    const subscription = fakeClient(hanging.fetch).responses.inputItems('resp_1').subscribe();
    await settle();
    subscription.unsubscribe();
    expect(hanging.calls[0]?.signal.aborted).toBe(true);
  });
});
