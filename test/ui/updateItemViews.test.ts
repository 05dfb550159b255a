// updateItemViews() brings responseState()'s item views up to date after an event: by looking
// only at the positions the reducer reported when they account for every item, else by comparing
// every view. Each case checks which way it went, and that the views are then exactly those of
// the snapshot, every view whose item did not change kept as it was, and that it reports each
// view replaced and each kind of view that came or went.
import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/events/ResponseStreamEvent.js';
import { OutputOwnership } from '../../src/reduce/OutputOwnership.js';
import type { ResponseSnapshot } from '../../src/reduce/ResponseSnapshot.js';
import { applyEventInPlace } from '../../src/reduce/applyEvent.js';
import { emptySnapshot } from '../../src/reduce/emptySnapshot.js';
import type { ItemView } from '../../src/ui/ItemView.js';
import { ItemViewLog } from '../../src/ui/ItemViewLog.js';
import { toItemView } from '../../src/ui/toItemView.js';
import { type ItemChanges, type Replacement, updateItemViews } from '../../src/ui/updateItemViews.js';
import { argumentsDelta, created, functionCall, itemAdded, itemDone, message, partAdded, reasoningItem, summaryDelta, summaryPartAdded, textDelta } from '../operators/streamEvents.js';

/** The view of every item of `s`, as ItemView documents it (the reference). */
function viewsOf(s: ResponseSnapshot, doneAt: ReadonlySet<number>): ItemView[] {
  return s.output.map((item, i) =>
    toItemView(item, i, { done: s.phase !== 'streaming' || doneAt.has(i), partialImage: item.type === 'image_generation_call' ? s.partialImages.get(i) : undefined }),
  );
}

/** Three items: a message, a reasoning item and a function call, each streaming. */
const start: ResponseStreamEvent[] = [
  created('resp_1'),
  itemAdded(0, message('msg_0')),
  partAdded(0, 'msg_0'),
  textDelta(0, 'msg_0', 'Hi'),
  itemAdded(1, reasoningItem('rs_1', [], 'in_progress')),
  summaryPartAdded(1, 'rs_1', 0),
  itemAdded(2, functionCall('fc_2', 'call_2', 'lookup', '', 'in_progress')),
];

/**
 * Views made after `before`, then `events` applied and the views updated once, with the positions
 * the reducer reported (or `positions(reported)`).
 */
function update(before: readonly ResponseStreamEvent[], events: readonly ResponseStreamEvent[], positions: (reported: number[]) => number[] | undefined = (r) => r) {
  const owner = new OutputOwnership();
  let s = emptySnapshot();
  const doneAt = new Set<number>();
  for (const e of before) s = applyEventInPlace(s, e, owner);
  const old = viewsOf(s, doneAt);
  const log = new ItemViewLog(old);
  const written: number[] = [];
  for (const e of events) {
    s = applyEventInPlace(s, e, owner);
    written.push(...owner.written);
    if (owner.finished !== undefined) {
      doneAt.add(owner.finished);
      written.push(owner.finished);
    }
  }
  const changes: ItemChanges = { reasoning: false, toolCalls: false };
  const replaced: Replacement[] = [];
  const few = updateItemViews(log, s, positions(written), doneAt, changes, replaced);
  const views = log.views;
  const expected = viewsOf(s, doneAt);
  expect(views).toEqual(expected);
  // A view whose item is the same object, equally done and with the same preview, is kept.
  const previewOf = (v: ItemView | undefined) => (v?.kind === 'image_generation_call' ? v.partialImage : undefined);
  old.forEach((view, i) => {
    if (view.item === s.output[i] && view.done === expected[i]?.done && previewOf(view) === previewOf(expected[i])) expect(views[i], `view ${i}`).toBe(view);
    else expect(views[i], `view ${i}`).not.toBe(view);
  });
  return { few, views, old, changes, replaced, log };
}

describe('updateItemViews() looks only at the reported positions', () => {
  it('for a delta to one item, replacing just its view', () => {
    const { few, views, old, changes, replaced } = update(start, [textDelta(0, 'msg_0', ' there')]);
    expect(few).toBe(true);
    expect(replaced).toEqual([{ old: old[0], view: views[0] }]);
    expect(replaced[0]?.view).toMatchObject({ kind: 'message', text: 'Hi there' });
    expect(changes).toEqual({ reasoning: false, toolCalls: false });
  });

  it('noting a reasoning item or a call that changed', () => {
    expect(update(start, [summaryDelta(1, 'rs_1', 0, 'Thinking')]).changes).toEqual({ reasoning: true, toolCalls: false });
    expect(update(start, [argumentsDelta(2, 'fc_2', '{"q"')]).changes).toEqual({ reasoning: false, toolCalls: true });
  });

  it('for an appended item, and for several appended in order', () => {
    const one = update(start, [itemAdded(3, message('msg_3'))]);
    expect(one.few).toBe(true);
    expect(one.replaced).toEqual([{ old: undefined, view: one.views[3] }]);
    const two = update(start, [itemAdded(3, message('msg_3')), itemAdded(4, functionCall('fc_4', 'call_4', 'f', '', 'in_progress'))]);
    expect(two.few).toBe(true);
    expect(two.replaced.map((r) => r.view.outputIndex)).toEqual([3, 4]);
    expect(two.changes).toEqual({ reasoning: false, toolCalls: true });
  });

  it('for an item finished with an equal copy: the reducer kept the object, only the view turns done', () => {
    const { few, views, replaced } = update(start, [itemDone(2, functionCall('fc_2', 'call_2', 'lookup', '', 'in_progress'))]);
    expect(few).toBe(true);
    expect(views[2]?.done).toBe(true);
    expect(replaced.map((r) => r.view)).toEqual([views[2]]);
  });

  it('for an item turned into another kind, noting both kinds', () => {
    const { few, changes } = update(start, [itemAdded(1, functionCall('fc_1', 'call_1', 'f', '', 'in_progress'))]);
    expect(few).toBe(true);
    expect(changes).toEqual({ reasoning: true, toolCalls: true });
  });

  it('for positions repeated, or that include unchanged items', () => {
    const { few, replaced } = update(start, [textDelta(0, 'msg_0', '!')], () => [0, 0, 1, 2]);
    expect(few).toBe(true);
    expect(replaced.map((r) => r.view.outputIndex)).toEqual([0]);
  });

  it('for no positions when nothing was added', () => {
    const { few, replaced } = update(start, [], () => []);
    expect(few).toBe(true);
    expect(replaced).toEqual([]);
  });
});

describe('updateItemViews() compares every view instead', () => {
  it('without positions', () => {
    const { few, replaced, changes } = update(start, [textDelta(0, 'msg_0', '!'), argumentsDelta(2, 'fc_2', '{')], () => undefined);
    expect(few).toBe(false);
    expect(replaced).toEqual([]);
    expect(changes).toEqual({ reasoning: false, toolCalls: true });
  });

  it('when the positions miss an appended item, or skip one, or give them out of order', () => {
    const appended = [itemAdded(3, message('msg_3')), itemAdded(4, message('msg_4'))];
    for (const positions of [[], [3], [4], [4, 3], [0, 4]]) {
      const { few, replaced } = update(start, appended, () => positions);
      expect(few, String(positions)).toBe(false);
      expect(replaced).toEqual([]);
    }
  });

  it('when a position is not an item', () => {
    for (const positions of [[-1], [3], [0, 7]]) {
      const { few, changes } = update(start, [argumentsDelta(2, 'fc_2', '{'), summaryDelta(1, 'rs_1', 0, 'x')], () => [...positions, 1, 2]);
      expect(few, String(positions)).toBe(false);
      // Nothing was written before it gave up: the comparison still sees both changes.
      expect(changes).toEqual({ reasoning: true, toolCalls: true });
    }
  });

  it('keeping the list as it was when nothing changed', () => {
    const { few, log, old } = update(start, [], () => undefined);
    expect(few).toBe(false);
    expect(log.views).toEqual(old);
    expect(log.commit().array).toBe(old);
  });

  it('showing the new preview of an image, though its item did not change', () => {
    const image = { type: 'image_generation_call', id: 'ig_3', status: 'generating' };
    const preview = (n: number) => ({ type: 'response.image_generation_call.partial_image', output_index: 3, item_id: 'ig_3', partial_image_index: n, partial_image_b64: `b64-${n}` }) as ResponseStreamEvent;
    const { views, old } = update([...start, itemAdded(3, image), preview(0)], [preview(1)], () => undefined);
    expect(views[3]).toMatchObject({ kind: 'image_generation_call', partialImage: { b64: 'b64-1', index: 1 } });
    expect(views[3]?.item).toBe(old[3]?.item);
  });

  it('keeping the view of a message that took the place of an image, whose preview stays in the snapshot', () => {
    const image = { type: 'image_generation_call', id: 'ig_3', status: 'generating' };
    const preview = { type: 'response.image_generation_call.partial_image', output_index: 3, item_id: 'ig_3', partial_image_index: 0, partial_image_b64: 'b64-0' } as ResponseStreamEvent;
    const { views, old } = update([...start, itemAdded(3, image), preview, itemAdded(3, message('msg_3'))], [], () => undefined);
    expect(views[3]).toBe(old[3]);
    expect(views[3]?.kind).toBe('message');
  });

  it('showing every item done once the response ended', () => {
    const { views } = update(start, [{ type: 'response.completed', response: { id: 'resp_1', status: 'completed', output: [] } } as ResponseStreamEvent], () => undefined);
    expect(views.map((v) => v.done)).toEqual([true, true, true]);
  });
});
