// patchReasoning() keeps responseState()'s `reasoning` (one text per reasoning item) current
// without a pass over every item: it patches the list for the one reasoning item an event
// changed, or says it cannot (the caller then rebuilds it with reasoningOf()). Each case checks
// which way it went, and that a patched list is exactly the rebuilt one.
import { describe, expect, it } from 'vitest';
import type { ItemView } from '../../src/ui/ItemView.js';
import { patchReasoning, reasoningOf } from '../../src/ui/patchReasoning.js';
import { applyChanges, messageView as msg, reasoningView as thought, viewOf as view } from '../support/itemViewChanges.js';

/** `before` with `changes` (position and new view, in order) applied, and what patchReasoning() makes of it. */
function patch(before: readonly ItemView[], changes: readonly [number, ItemView][], texts = reasoningOf(before)) {
  const { after, replaced } = applyChanges(before, changes);
  const copy = texts.slice();
  const result = patchReasoning(texts, after, replaced);
  // The previous state's list is never written.
  expect(texts).toEqual(copy);
  return { result, expected: reasoningOf(after), texts };
}

function expectPatched(before: readonly ItemView[], changes: readonly [number, ItemView][]): void {
  const { result, expected } = patch(before, changes);
  expect(result).toEqual(expected);
}

/** Reasoning at every third position, messages between. */
const items = (n: number) => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? thought(i, `step ${i}`) : msg(i)));

describe('reasoningOf()', () => {
  it('gives each reasoning item its summary paragraphs, or its raw text when it has no summary', () => {
    const raw = view({ type: 'reasoning', id: 'rs_r', summary: [], content: [{ type: 'reasoning_text', text: 'raw thinking' }] }, 2);
    expect(reasoningOf([thought(0, 'one', 'two'), msg(1), raw, thought(3)])).toEqual(['one\n\ntwo', 'raw thinking', '']);
  });
});

describe('patchReasoning() patches', () => {
  it('the reasoning item that grew, last or with reasoning after it', () => {
    const before = items(8);
    for (const at of [6, 3, 0]) expectPatched(before, [[at, thought(at, `step ${at}`, 'more')]]);
  });

  it('a reasoning item appended, also after other items of the same event', () => {
    expectPatched(items(5), [[5, thought(5, 'new')]]);
    expectPatched(items(5), [[5, msg(5)], [6, thought(6, 'new')]]);
    expectPatched([msg(0)], [[1, thought(1, 'first')]]);
  });

  it('the summary that replaced the raw text', () => {
    const raw = view({ type: 'reasoning', id: 'rs_1', summary: [], content: [{ type: 'reasoning_text', text: 'raw' }] }, 1);
    expectPatched([msg(0), raw, msg(2)], [[1, thought(1, 'summed up')]]);
  });

  it('gives back the same list when no reasoning item changed', () => {
    const { result, texts } = patch(items(4), [[1, msg(1)], [4, msg(4)]]);
    expect(result).toBe(texts);
  });

  it('any reasoning item among the last 16 items', () => {
    const before = items(22);
    for (const at of [21, 9, 6]) expectPatched(before, [[at, thought(at, 'changed')]]);
  });
});

describe('patchReasoning() gives up (the list is rebuilt)', () => {
  it('for a reasoning item further back than the last 16 items', () => {
    const before = items(22);
    expect(patch(before, [[3, thought(3, 'changed')]]).result).toBeUndefined();
    expect(patch(before, [[0, thought(0, 'changed')]]).result).toBeUndefined();
  });

  it('for two reasoning items changed by one event', () => {
    expect(patch(items(7), [[3, thought(3, 'a')], [6, thought(6, 'b')]]).result).toBeUndefined();
    expect(patch(items(6), [[3, thought(3, 'a')], [6, thought(6, 'b')]]).result).toBeUndefined();
  });

  it('for an item that turned into reasoning, or stopped being it', () => {
    expect(patch(items(6), [[4, thought(4, 'now reasoning')]]).result).toBeUndefined();
    expect(patch(items(6), [[3, msg(3)]]).result).toBeUndefined();
  });

  it('for texts that do not match the items', () => {
    expect(patch(items(4), [[3, thought(3, 'x')]], []).result).toBeUndefined();
  });
});
