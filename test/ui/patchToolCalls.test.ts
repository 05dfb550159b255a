// patchToolCalls() keeps responseState()'s `toolCalls` current without a pass over every item:
// it patches the list for the changes one event made, or says it cannot (the caller then filters
// every view). Each case checks both: which way it went, and that a patched list is exactly the
// filtered one, entry for entry, views that did not change kept as they were.
import { describe, expect, it } from 'vitest';
import type { ItemView, ToolCallItemView } from '../../src/ui/ItemView.js';
import { isToolCallView } from '../../src/ui/isToolCallView.js';
import { patchToolCalls } from '../../src/ui/patchToolCalls.js';
import { applyChanges, callView as call, messageView as msg, reasoningView } from '../support/itemViewChanges.js';

/** `before` with `changes` (position and new view, in order) applied, and what patchToolCalls() makes of it. */
function patch(before: readonly ItemView[], changes: readonly [number, ItemView][]) {
  const { after, replaced } = applyChanges(before, changes);
  const calls = before.filter(isToolCallView);
  const snapshot = calls.slice();
  const result = patchToolCalls(calls, replaced);
  // The previous state's list is never written.
  expect(calls).toEqual(snapshot);
  for (const [i, c] of snapshot.entries()) expect(calls[i]).toBe(c);
  return { result, expected: after.filter(isToolCallView), calls };
}

/** Asserts `result` is the filtered list, the same view objects in the same order. */
function expectSameList(result: readonly ToolCallItemView[] | undefined, expected: readonly ToolCallItemView[]): void {
  expect(result).toBeDefined();
  expect(result?.length).toBe(expected.length);
  expected.forEach((v, i) => expect(result?.[i], `entry ${i}`).toBe(v));
}

/** Asserts that `changes` on `before` are patched into exactly the filtered list. */
function expectPatched(before: readonly ItemView[], changes: readonly [number, ItemView][]): void {
  const { result, expected } = patch(before, changes);
  expectSameList(result, expected);
}

const items = (n: number, make: (i: number) => ItemView = (i) => (i % 2 === 0 ? call(i) : msg(i))) => Array.from({ length: n }, (_, i) => make(i));

describe('patchToolCalls() patches', () => {
  it('a call that grew, at the end or among the last calls', () => {
    const before = items(6);
    for (const at of [4, 2, 0]) {
      const { result, expected } = patch(before, [[at, call(at, '{"q":')]]);
      expectSameList(result, expected);
    }
  });

  it('a new call after every other one, and an item that became a call after them', () => {
    const before = items(5);
    expectPatched(before, [[5, call(5)]]);
    // The first call of all.
    expectPatched([msg(0)], [[1, call(1)]]);
    const turned = patch(before, [[3, msg(3)], [5, msg(5)]]);
    expect(turned.result).toBe(turned.calls);
    const { result, expected } = patch([...before, msg(5)], [[5, call(5)]]);
    expectSameList(result, expected);
  });

  it('several changes of one event, each on top of the last', () => {
    const before = items(6);
    const { result, expected } = patch(before, [[4, call(4, '{')], [2, call(2, '[')], [6, call(6)], [7, msg(7)], [8, call(8)]]);
    expectSameList(result, expected);
  });

  it('gives back the same list when no call changed', () => {
    const before = items(4);
    const { result, calls } = patch(before, [[1, msg(1)], [4, reasoningView(4, 'why')]]);
    expect(result).toBe(calls);
  });

  it('any of the last 16 calls, in a longer list', () => {
    const before = items(20, call);
    for (const at of [19, 10, 4]) expectPatched(before, [[at, call(at, '{}')]]);
    // Shorter than 16: every call is near the end.
    const short = items(10, call);
    for (const at of [0, 2, 9]) expectPatched(short, [[at, call(at, '{}')]]);
  });
});

describe('patchToolCalls() gives up (the list is rebuilt)', () => {
  it('for a call further back than the last 16 calls', () => {
    const before = items(20, call);
    expect(patch(before, [[3, call(3, '{}')]]).result).toBeUndefined();
    expect(patch(before, [[0, call(0, '{}')]]).result).toBeUndefined();
  });

  it('for a call that stopped being one', () => {
    const before = items(4);
    expect(patch(before, [[2, msg(2)]]).result).toBeUndefined();
  });

  it('for a call that would go before another call', () => {
    const before = items(5);
    expect(patch(before, [[1, call(1)]]).result).toBeUndefined();
    // Also when the later call came in the same event.
    expect(patch(before, [[5, call(5)], [3, call(3)]]).result).toBeUndefined();
  });

  it('for a view it cannot find among the calls (a list that does not match the items)', () => {
    const stray = call(0, 'stray');
    expect(patchToolCalls([call(0) as ToolCallItemView], [{ old: stray, view: call(0, 'next') }])).toBeUndefined();
  });
});
