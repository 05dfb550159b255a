import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, applyEvent, emptySnapshot } from '../../src/index.js';
import { eventPosition } from '../../src/reduce/eventPosition.js';
import { recording } from '../support/fixtures.js';

// The operators (itemLifecycles, functionCalls, reasoning) ask which item an event touched, to
// emit that item's update: by the server's output_index (EVENTS.md §2, "the main key"), else by
// item_id, or item.id on output_item events. Snapshots here are made by the reducer.
type Wire = Record<string, unknown>;
const reduce = (events: readonly Wire[]): ResponseSnapshot => events.reduce<ResponseSnapshot>((s, e) => applyEvent(s, e as ResponseStreamEvent), emptySnapshot());
const at = (s: ResponseSnapshot, e: Wire) => eventPosition(s, e as ResponseStreamEvent);
const created = { type: 'response.created', response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'm', output: [] } };
const message = (id: string) => ({ type: 'message', id, role: 'assistant', status: 'in_progress', content: [] });
const added = (outputIndex: number, item: Wire) => ({ type: 'response.output_item.added', output_index: outputIndex, item });

describe('eventPosition', () => {
  it('finds the item of every item-scoped event of a recording at its output_index', () => {
    // azure-web-search-preview-tool-1: several items, each addressed by output_index and item_id.
    const events = recording('azure-web-search-preview-tool-1.jsonl').events as unknown as Wire[];
    let s = emptySnapshot();
    let checked = 0;
    for (const e of events) {
      s = applyEvent(s, e as ResponseStreamEvent);
      if (typeof e.output_index !== 'number') continue;
      const id = typeof e.item_id === 'string' ? e.item_id : (e.item as { id: string }).id;
      expect(at(s, e)).toBe(e.output_index);
      expect((s.output[e.output_index] as { id?: string }).id).toBe(id);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('goes through the index map when the server skipped an output_index', () => {
    // Items added at output_index 2 and 5 sit at 0 and 1: output stays dense.
    const s = reduce([created, added(2, message('m_a')), added(5, message('m_b'))]);
    expect(s.output.map((i) => (i as { id: string }).id)).toEqual(['m_a', 'm_b']);
    expect(at(s, { type: 'response.output_text.delta', output_index: 5, content_index: 0, delta: 'x' })).toBe(1);
    expect(at(s, { type: 'response.output_text.delta', output_index: 2, content_index: 0, delta: 'x' })).toBe(0);
    // An index the server never used is not an item, and with no id nothing is found.
    expect(at(s, { type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: 'x' })).toBe(-1);
    expect(at(s, { type: 'response.output_text.delta', output_index: 1, content_index: 0, delta: 'x' })).toBe(-1);
  });

  it('falls back to item_id when output_index holds no item, or is not a number', () => {
    const s = reduce([created, added(0, message('m0')), added(1, message('m1'))]);
    expect(at(s, { type: 'response.output_text.delta', output_index: 7, item_id: 'm0', delta: 'x' })).toBe(0);
    expect(at(s, { type: 'response.output_text.delta', output_index: '0', item_id: 'm1', delta: 'x' })).toBe(1);
    expect(at(s, { type: 'response.output_text.delta', item_id: 'm0', delta: 'x' })).toBe(0);
    expect(at(s, { type: 'response.output_item.done', item: message('m1') })).toBe(1);
    // item_id wins over item.id when both are there.
    expect(at(s, { type: 'response.output_item.done', item_id: 'm0', item: message('m1') })).toBe(0);
    expect(at(s, { type: 'response.output_item.done', item_id: 5, item: message('m1') })).toBe(1);
  });

  it('takes the last item holding a repeated id', () => {
    const s = reduce([created, added(0, message('dup')), added(1, message('other')), added(2, message('dup'))]);
    expect(s.output.length).toBe(3);
    expect(at(s, { type: 'response.output_text.delta', item_id: 'dup', delta: 'x' })).toBe(2);
  });

  it('is -1 when the event names no item the snapshot holds', () => {
    const s = reduce([created, added(0, message('m0'))]);
    expect(at(s, { type: 'response.output_text.delta', item_id: 'nope', delta: 'x' })).toBe(-1);
    expect(at(s, { type: 'response.output_text.delta', item_id: '', delta: 'x' })).toBe(-1);
    expect(at(s, { type: 'response.output_text.delta', delta: 'x' })).toBe(-1);
    expect(at(s, { type: 'response.output_item.done', item: { type: 'message' } })).toBe(-1);
    expect(at(s, { type: 'response.output_item.done', item: { type: 'message', id: 3 } })).toBe(-1);
    expect(at(s, { type: 'response.output_text.delta', output_index: 3, delta: 'x' })).toBe(-1);
    expect(at(emptySnapshot(), { type: 'response.output_text.delta', output_index: 0, item_id: 'm0', delta: 'x' })).toBe(-1);
    // An item without an id is not found by an event's id.
    const idless = reduce([created, added(0, { type: 'message', role: 'assistant', status: 'in_progress', content: [] })]);
    expect(at(idless, { type: 'response.output_text.delta', item_id: 'm0', delta: 'x' })).toBe(-1);
    // Nor by an event that names no item (or names it by a non-string): no id is not an id.
    expect(at(idless, { type: 'response.output_text.delta', delta: 'x' })).toBe(-1);
    expect(at(idless, { type: 'response.output_item.done', item: { type: 'message' } })).toBe(-1);
    expect(at(idless, { type: 'response.output_text.delta', item_id: 7, delta: 'x' })).toBe(-1);
    // An empty id names nothing, even where an item has an empty id.
    const emptyId = reduce([created, added(0, message(''))]);
    expect(emptyId.output.length).toBe(1);
    expect(at(emptyId, { type: 'response.output_text.delta', item_id: '', delta: 'x' })).toBe(-1);
    expect(at(emptyId, { type: 'response.output_item.done', item: message('') })).toBe(-1);
  });
});
