import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/events/ResponseStreamEvent.js';
import type { ResponseSnapshot } from '../../src/reduce/ResponseSnapshot.js';
import { applyEvent } from '../../src/reduce/applyEvent.js';
import { emptySnapshot } from '../../src/reduce/emptySnapshot.js';
import { deepFreeze } from '../support/deepFreeze.js';

// How applyEvent finds the item, part or annotation an event addresses (EVENTS.md §2: by
// output_index, checked against item_id, placeholders for what was never added) and what it
// tells the user when the stream does not fit: hand-built streams, one deviation each.
type Wire = Record<string, unknown>;
type Step = [type: string, fields?: Wire];

const numbered = (steps: Step[]): Wire[] => steps.map(([type, fields], i) => ({ type, sequence_number: i, ...fields }));
function reduce(events: Wire[], from: ResponseSnapshot = emptySnapshot()): ResponseSnapshot {
  let s = deepFreeze(from);
  for (const e of events) s = deepFreeze(applyEvent(s, deepFreeze(e) as unknown as ResponseStreamEvent));
  return s;
}
/** The snapshot after `steps`, which follow a response.created. */
const run = (steps: Step[]) => reduce(numbered([['response.created', { response: { id: 'r', model: 'gpt', output: [] } }], ...steps]));
/** The snapshots before and after the last step. */
function lastStep(steps: Step[]): [ResponseSnapshot, ResponseSnapshot] {
  const events = numbered([['response.created', { response: { id: 'r', model: 'gpt', output: [] } }], ...steps]);
  const before = reduce(events.slice(0, -1));
  return [before, reduce(events.slice(-1), before)];
}
const added = (output_index: number | undefined, item: unknown): Step => ['response.output_item.added', { output_index, item }];
const done = (output_index: number | undefined, item: unknown): Step => ['response.output_item.done', { output_index, item }];
const message = (id: string | undefined, content: Wire[] = []): Wire => ({ type: 'message', id, role: 'assistant', status: 'in_progress', content });
const textPart = (text = ''): Wire => ({ type: 'output_text', text, annotations: [] });
const fn = (id: string | undefined, call_id: string, args = ''): Wire => ({ type: 'function_call', id, call_id, name: 'f', arguments: args, status: 'in_progress' });
const said = (s: ResponseSnapshot) => s.diagnostics.map((d) => [d.code, d.message, d.outputIndex]);
const types = (s: ResponseSnapshot) => s.output.map((i) => i.type);

describe('applyEvent: indices on the wire', () => {
  it('anything but a non-negative integer index is diagnosed, described briefly, and treated as absent', () => {
    const cases: [unknown, string][] = [
      [-1, '-1'],
      [1.5, '1.5'],
      [Number.NaN, 'NaN'],
      ['0', '"0"'],
      ['x'.repeat(41), `"${'x'.repeat(40)}"…`],
      ['x'.repeat(40), `"${'x'.repeat(40)}"`],
      [true, 'true'],
      [null, 'null'],
      [[0], 'an array'],
      [{ i: 0 }, 'an object'],
    ];
    for (const [value, shown] of cases) {
      const s = run([added(value as number, message('m'))]);
      expect(said(s)).toEqual([['invalid_index', `response.output_item.added carried output_index ${shown}, which is not an index; ignored it`, undefined]]);
      expect(types(s)).toEqual(['message']);
    }
  });

  it('an invalid partial_image_index keeps the preview, at index 0', () => {
    const s = run([
      added(0, { type: 'image_generation_call', id: 'ig', status: 'in_progress' }),
      ['response.image_generation_call.partial_image', { output_index: 0, item_id: 'ig', partial_image_b64: 'AAA', partial_image_index: -2 }],
      ['response.image_generation_call.partial_image', { output_index: 0, item_id: 'ig', partial_image_b64: 7, partial_image_index: 1 }],
    ]);
    expect(s.partialImages.get(0)).toEqual({ b64: 'AAA', index: 0 });
    expect(s.diagnostics.map((d) => d.code)).toEqual(['invalid_index']);
  });
});

describe('applyEvent: output_item.added', () => {
  it('an item added again at its own index with its own id replaces it silently; another one is a conflict', () => {
    const again = run([added(0, message('m', [textPart('old')])), added(0, message('m', [textPart('new')]))]);
    expect(again.diagnostics).toEqual([]);
    expect(again.outputText).toBe('new');
    const other = run([added(0, message('m', [textPart('old')])), added(0, fn('f', 'c'))]);
    expect(said(other)).toEqual([['output_index_conflict', 'Item added at output_index 0, which already holds a message item; replaced it', 0]]);
    expect(other.outputText).toBe('');
    const noIds = run([added(0, message(undefined)), added(0, message(undefined, [textPart('t')]))]);
    expect(said(noIds)).toEqual([['output_index_conflict', 'Item added at output_index 0, which already holds a message item; replaced it', 0]]);
    expect(noIds.outputText).toBe('t');
  });

  it('an index past the end is appended and says how many items exist', () => {
    const one = run([added(0, message('a')), added(3, message('b'))]);
    expect(said(one)).toEqual([['index_out_of_range', 'Item added at output_index 3 but only 1 item exists; appended it at 1', 3]]);
    const none = run([added(1, message('a'))]);
    expect(said(none)).toEqual([['index_out_of_range', 'Item added at output_index 1 but only 0 items exist; appended it at 0', 1]]);
    // After a skipped index the next new item carries the index after the largest used.
    const mapped = run([added(1, message('a')), added(2, message('b', [textPart('x')])), ['response.output_text.delta', { output_index: 2, content_index: 0, item_id: 'b', delta: 'y' }]]);
    expect(mapped.diagnostics.map((d) => d.code)).toEqual(['index_out_of_range']);
    expect(mapped.outputText).toBe('xy');
  });

  it('an item without a usable item is ignored with a diagnostic', () => {
    for (const item of [undefined, null, 'message', { id: 'x' }, { type: 7 }]) {
      const s = run([added(0, item)]);
      expect(said(s)).toEqual([['unknown_item', 'output_item.added carried no item; ignored', undefined]]);
      expect(s.output).toEqual([]);
    }
  });

  it('notes two items with one id, and two calls of one type with one call_id', () => {
    const ids = run([added(0, message('m')), added(1, fn('m', 'c'))]);
    expect(said(ids)).toEqual([['duplicate_item_id', 'Item m (function_call) has the same id as the message at 0', 1]]);
    const calls = run([added(0, fn('f1', 'c')), added(1, fn('f2', 'c'))]);
    expect(said(calls)).toEqual([['duplicate_call_id', 'The function_call f2 has the same call_id c as the one at 0', 1]]);
    const noId = run([added(0, fn('f1', 'c')), added(1, fn(undefined, 'c'))]);
    expect(said(noId)).toEqual([['duplicate_call_id', 'The function_call  has the same call_id c as the one at 0', 1]]);
    const otherType = run([added(0, fn('f1', 'c')), added(1, { type: 'custom_tool_call', id: 'ct', call_id: 'c', name: 'g', input: '' })]);
    expect(otherType.diagnostics).toEqual([]);
    const empty = run([added(0, { ...fn('', ''), id: '' }), added(1, { ...fn('', ''), id: '' })]);
    expect(empty.diagnostics).toEqual([]);
  });
});

describe('applyEvent: output_item.done', () => {
  it('replaces the item at its index; an equal item keeps the streamed object', () => {
    const [before, same] = lastStep([added(0, fn('f', 'c', '{}')), done(0, fn('f', 'c', '{}'))]);
    expect(same.output[0]).toBe(before.output[0]);
    const finished = run([added(0, fn('f', 'c', '{}')), done(0, { ...fn('f', 'c', '{}'), status: 'completed' })]);
    expect(finished.output[0]).toMatchObject({ status: 'completed' });
    expect(finished.diagnostics).toEqual([]);
  });

  it('an item never added is added, at an index past the end appended', () => {
    const s = run([done(0, { ...message('m', [textPart('hi')]), status: 'completed' })]);
    expect(said(s)).toEqual([['unknown_item', 'output_item.done for an item that was never added (message); added it', 0]]);
    expect(s.outputText).toBe('hi');
    const noItem = run([done(0, null)]);
    expect(said(noItem)).toEqual([['unknown_item', 'output_item.done carried no item; ignored', undefined]]);
  });

  it('an index that holds no item is matched by the item’s id', () => {
    const s = run([added(0, message('m', [textPart('a')])), done(4, message('m', [textPart('ab')]))]);
    expect(said(s)).toEqual([
      ['index_out_of_range', 'output_item.done at output_index 4, which holds no item; matched item m at 0', 4],
      ['done_mismatch', 'output_item.done content[0] text differs from the streamed text (1 vs 2 chars); kept the done value', 0],
    ]);
    expect(s.output).toHaveLength(1);
    expect(s.outputText).toBe('ab');
    const noIndex = run([added(0, message('m', [textPart('a')])), done(undefined, message('m', [textPart('b')]))]);
    expect(noIndex.output).toHaveLength(1);
    expect(noIndex.outputText).toBe('b');
  });

  it('an index holding an item of another type goes to the item with the id, if there is one', () => {
    const s = run([added(0, fn('f', 'c', '{}')), added(1, message('m', [textPart('a')])), done(0, message('m', [textPart('b')]))]);
    expect(types(s)).toEqual(['function_call', 'message']);
    expect(s.outputText).toBe('b');
    const sameType = run([added(0, message('m0', [textPart('a')])), added(1, message('m1')), done(0, message('m1', [textPart('x')]))]);
    expect(sameType.output.map((i) => i.id)).toEqual(['m1', 'm1']);
    expect(sameType.diagnostics.map((d) => d.code)).toEqual(['item_id_changed', 'duplicate_item_id', 'done_mismatch']);
  });

  it('notes an id or call_id that changed, and a type that changed', () => {
    const id = run([added(0, fn('a', 'c', '{}')), done(0, fn('b', 'c', '{}'))]);
    expect(said(id)).toEqual([['item_id_changed', 'Item at output_index 0 changed id from a to b', 0]]);
    expect(id.output[0]?.id).toBe('b');
    const call = run([added(0, fn('a', 'c1', '{}')), done(0, fn('a', 'c2', '{}'))]);
    expect(said(call)).toEqual([['call_id_changed', 'Item at output_index 0 changed call_id from c1 to c2', 0]]);
    const type = run([added(0, message('a')), done(0, { ...fn('a', 'c'), status: 'completed' })]);
    expect(said(type)).toEqual([['item_type_mismatch', 'Item at output_index 0 was message and finished as function_call', 0]]);
    const dup = run([added(0, fn('a', 'c1')), added(1, fn('b', 'c2')), done(1, fn('b', 'c1'))]);
    expect(dup.diagnostics.map((d) => d.code)).toEqual(['call_id_changed', 'duplicate_call_id']);
  });

  it('notes streamed fields the finished item differs from, and keeps the finished item', () => {
    const args = run([added(0, fn('f', 'c', '{"a"')), done(0, fn('f', 'c', '{"a":1}'))]);
    expect(said(args)).toEqual([['done_mismatch', 'output_item.done arguments differs from the streamed value (4 vs 7 chars); kept the done value', 0]]);
    expect(args.output[0]).toMatchObject({ arguments: '{"a":1}' });
    const fromEmpty = run([added(0, fn('f', 'c', '')), done(0, fn('f', 'c', '{}'))]);
    expect(fromEmpty.diagnostics).toEqual([]);
    const text = run([added(0, message('m', [textPart('ab'), { type: 'refusal', refusal: 'no' }])), done(0, message('m', [textPart('abc'), { type: 'refusal', refusal: 'nope' }]))]);
    expect(said(text)).toEqual([
      ['done_mismatch', 'output_item.done content[0] text differs from the streamed text (2 vs 3 chars); kept the done value', 0],
      ['done_mismatch', 'output_item.done content[1] text differs from the streamed text (2 vs 4 chars); kept the done value', 0],
    ]);
    expect(text.outputText).toBe('abc');
    const summary = run([added(0, { type: 'reasoning', id: 'r', summary: [{ type: 'summary_text', text: 'a' }, null] }), done(0, { type: 'reasoning', id: 'r', summary: [{ type: 'summary_text', text: 'b' }, { type: 'summary_text', text: 'c' }] })]);
    expect(said(summary)).toEqual([['done_mismatch', 'output_item.done summary[0] text differs from the streamed text (1 vs 1 chars); kept the done value', 0]]);
  });

  it('a finished message changes the running text only through its own text', () => {
    const s = run([added(0, message('a', [textPart('one ')])), added(1, message('b', [textPart('two')])), done(0, { ...message('a', [textPart('one ')]), status: 'completed' })]);
    expect(s.outputText).toBe('one two');
    const replaced = run([added(0, message('a', [textPart('one ')])), added(1, message('b', [textPart('two')])), done(0, { ...message('a', [textPart('1 ')]), status: 'completed' })]);
    expect(replaced.outputText).toBe('1 two');
    const toMessage = run([added(0, { type: 'reasoning', id: 'a', summary: [] }), done(0, { ...message('a', [textPart('t')]), status: 'completed' })]);
    expect(toMessage.outputText).toBe('t');
  });
});

describe('applyEvent: finding the item a delta or status event addresses', () => {
  const args = (fields: Wire): Step => ['response.function_call_arguments.delta', { delta: 'x', ...fields }];

  it('without output_index: says so once, and finds the item by item_id', () => {
    const s = run([added(0, fn('f', 'c')), added(1, message('m')), args({ item_id: 'f' }), args({ item_id: 'f' })]);
    expect(said(s)).toEqual([['missing_output_index', 'response.function_call_arguments.delta and later item events carry no output_index; items are found by item_id', undefined]]);
    expect(s.output[0]).toMatchObject({ arguments: 'xx' });
  });

  it('without output_index or item_id: the last item of the event’s type', () => {
    const s = run([added(0, fn('f1', 'c1')), added(1, fn('f2', 'c2')), added(2, message('m')), args({})]);
    expect(s.output.map((i) => (i as Wire).arguments)).toEqual(['', 'x', undefined]);
  });

  it('an index holding another type: the item named by item_id if it fits, else ignored with a diagnostic', () => {
    const byId = run([added(0, fn('f', 'c')), added(1, message('m')), args({ output_index: 1, item_id: 'f' })]);
    expect(byId.output[0]).toMatchObject({ arguments: 'x' });
    expect(byId.diagnostics).toEqual([]);
    const ignored = run([added(0, message('m')), args({ output_index: 0, item_id: 'm' })]);
    expect(said(ignored)).toEqual([['item_type_mismatch', 'response.function_call_arguments.delta addressed a message item at output_index 0; ignored', 0]]);
    const noId = run([added(0, message('m')), args({ output_index: 0 })]);
    expect(said(noId)).toEqual([['item_type_mismatch', 'response.function_call_arguments.delta addressed a message item at output_index 0; ignored', 0]]);
    const wrongById = run([added(0, message('m')), added(1, message('m2')), args({ output_index: 1, item_id: 'm' })]);
    expect(wrongById.diagnostics.map((d) => d.code)).toEqual(['item_type_mismatch']);
    expect(wrongById.output).toHaveLength(2);
  });

  it('an index holding another item entirely, and an unknown item_id: the item the event implies is created', () => {
    const s = run([added(0, message('m')), args({ output_index: 0, item_id: 'f' })]);
    expect(types(s)).toEqual(['message', 'function_call']);
    expect(s.output[1]).toMatchObject({ id: 'f', arguments: 'x' });
    expect(said(s)).toEqual([['unknown_item', 'response.function_call_arguments.delta for item f, which was never added; created a function_call item', 0]]);
  });

  it('by item_id only, an item of another type is ignored with a diagnostic', () => {
    const s = run([added(0, message('m')), args({ item_id: 'm' })]);
    expect(said(s)).toEqual([
      ['missing_output_index', 'response.function_call_arguments.delta and later item events carry no output_index; items are found by item_id', undefined],
      ['item_type_mismatch', 'response.function_call_arguments.delta addressed item m, a message; ignored', 0],
    ]);
  });

  it('an index that holds no item, with a known item_id: applied to that item, with a diagnostic', () => {
    const s = run([added(0, fn('f', 'c')), args({ output_index: 4, item_id: 'f' })]);
    expect(said(s)).toEqual([['index_out_of_range', 'response.function_call_arguments.delta at output_index 4, which holds no item; applied it to item f at 0', 4]]);
    expect(s.output[0]).toMatchObject({ arguments: 'x' });
  });

  it('names what it created: by item_id, by output_index, or an unnamed item', () => {
    const byIndex = run([args({ output_index: 0 })]);
    expect(said(byIndex)).toEqual([['unknown_item', 'response.function_call_arguments.delta for output_index 0, which was never added; created a function_call item', 0]]);
    const unnamed = run([['response.web_search_call.searching', {}]]);
    expect(said(unnamed)).toEqual([
      ['missing_output_index', 'response.web_search_call.searching and later item events carry no output_index; items are found by item_id', undefined],
      ['unknown_item', 'response.web_search_call.searching for an unnamed item, which was never added; created a web_search_call item', undefined],
    ]);
    expect(unnamed.output[0]).toMatchObject({ type: 'web_search_call', status: 'searching' });
  });

  it('item ids that rotate on every event: the newest open item of the type, renamed', () => {
    const s = run([added(0, fn('a', 'c')), args({ item_id: 'b' })]);
    expect(s.output).toHaveLength(1);
    expect(s.output[0]).toMatchObject({ id: 'b', arguments: 'x' });
    expect(s.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['missing_output_index', 'response.function_call_arguments.delta and later item events carry no output_index; items are found by item_id'],
      ['item_id_changed', 'Item at output_index 0 changed id from a to b'],
    ]);
    const finished = run([added(0, { ...fn('a', 'c'), status: 'completed' }), args({ item_id: 'b' })]);
    expect(finished.output).toHaveLength(2);
    const otherType = run([added(0, message('a')), args({ item_id: 'b' })]);
    expect(types(otherType)).toEqual(['message', 'function_call']);
  });

  it('an item_id naming another existing item: applied by output_index, nothing renamed', () => {
    const s = run([added(0, fn('f1', 'c1')), added(1, fn('f2', 'c2')), args({ output_index: 0, item_id: 'f2' })]);
    expect(said(s)).toEqual([['item_id_mismatch', 'response.function_call_arguments.delta at output_index 0 names item f2, which is the item at 1; applied it to f1 at 0', 0]]);
    expect(s.output.map((i) => [i.id, (i as Wire).arguments])).toEqual([
      ['f1', 'x'],
      ['f2', ''],
    ]);
    const renamed = run([added(0, fn('f1', 'c1')), args({ output_index: 0, item_id: 'f9' })]);
    expect(said(renamed)).toEqual([['item_id_changed', 'Item at output_index 0 changed id from f1 to f9', 0]]);
    expect(renamed.output[0]).toMatchObject({ id: 'f9', arguments: 'x' });
  });

  it('empty or non-string deltas change nothing; non-string fields grow from empty', () => {
    const [before, after] = lastStep([added(0, fn('f', 'c', 'a')), args({ output_index: 0, item_id: 'f', delta: '' })]);
    expect(after.output[0]).toBe(before.output[0]);
    const n = run([added(0, fn('f', 'c', 'a')), args({ output_index: 0, item_id: 'f', delta: 5 })]);
    expect(n.output[0]).toMatchObject({ arguments: 'a' });
    const code = run([added(0, { type: 'code_interpreter_call', id: 'ci', code: null, status: 'in_progress' }), ['response.code_interpreter_call_code.delta', { output_index: 0, item_id: 'ci', delta: 'p' }]]);
    expect(code.output[0]).toMatchObject({ code: 'p' });
  });

  it('a *.done value: what no delta streamed, or differing from the deltas, is noted; the done value kept', () => {
    const none = run([added(0, fn('f', 'c')), ['response.function_call_arguments.done', { output_index: 0, item_id: 'f', arguments: '{"a":1}' }]]);
    expect(said(none)).toEqual([['done_mismatch', 'response.function_call_arguments.done delivered arguments that no delta streamed (7 chars)', 0]]);
    const differs = run([added(0, fn('f', 'c', '{"a"')), ['response.function_call_arguments.done', { output_index: 0, item_id: 'f', arguments: '{"a":1}' }]]);
    expect(said(differs)).toEqual([['done_mismatch', 'response.function_call_arguments.done arguments differs from the streamed deltas (4 vs 7 chars); kept the done value', 0]]);
    expect(differs.output[0]).toMatchObject({ arguments: '{"a":1}' });
    const [before, same] = lastStep([added(0, fn('f', 'c', '{}')), ['response.function_call_arguments.done', { output_index: 0, item_id: 'f', arguments: '{}' }]]);
    expect(same.output[0]).toBe(before.output[0]);
    expect(same.diagnostics).toEqual([]);
    const notText = run([added(0, fn('f', 'c', '{}')), ['response.function_call_arguments.done', { output_index: 0, item_id: 'f', arguments: null }]]);
    expect(notText.output[0]).toMatchObject({ arguments: '{}' });
    const input = run([added(0, { type: 'custom_tool_call', id: 'ct', call_id: 'c', name: 'g', input: 7 }), ['response.custom_tool_call_input.done', { output_index: 0, item_id: 'ct', input: 'q' }]]);
    expect(said(input)).toEqual([['done_mismatch', 'response.custom_tool_call_input.done delivered input that no delta streamed (1 chars)', 0]]);
  });

  it('a status event sets the status; the same status keeps the item object', () => {
    const [before, after] = lastStep([added(0, { type: 'web_search_call', id: 'w', status: 'searching' }), ['response.web_search_call.searching', { output_index: 0, item_id: 'w' }]]);
    expect(after.output[0]).toBe(before.output[0]);
    const s = run([added(0, { type: 'file_search_call', id: 'fs', status: 'in_progress' }), ['response.file_search_call.completed', { output_index: 0, item_id: 'fs' }]]);
    expect(s.output[0]).toMatchObject({ status: 'completed' });
    const ignored = run([added(0, message('m')), ['response.mcp_call.completed', { output_index: 0, item_id: 'm' }]]);
    expect(ignored.output[0]).toMatchObject({ status: 'in_progress' });
    const image = run([added(0, message('m')), ['response.image_generation_call.partial_image', { output_index: 0, item_id: 'm', partial_image_b64: 'A', partial_image_index: 0 }]]);
    expect(image.partialImages.size).toBe(0);
  });
});

describe('applyEvent: parts', () => {
  const delta = (fields: Wire): Step => ['response.output_text.delta', { output_index: 0, item_id: 'm', delta: 'x', ...fields }];

  it('a delta for a part past the end creates one at the next free slot, saying how many exist', () => {
    const s = run([added(0, message('m', [textPart('a')])), delta({ content_index: 3 })]);
    expect(said(s)).toEqual([['index_out_of_range', 'response.output_text.delta for content[3] of item 0, but only 1 part exists; created an output_text part at 1', 0]]);
    expect(s.outputText).toBe('ax');
    const none = run([added(0, message('m')), delta({ content_index: 0 })]);
    expect(said(none)).toEqual([['unknown_item', 'response.output_text.delta for content[0] of item 0, which was never added; created an output_text part at 0', 0]]);
    const two = run([added(0, message('m', [textPart('a'), textPart('b')])), delta({ content_index: 5 })]);
    expect(said(two)[0]?.[1]).toBe('response.output_text.delta for content[5] of item 0, but only 2 parts exist; created an output_text part at 2');
    const noIndex = run([added(0, { type: 'reasoning', id: 'r', summary: [] }), ['response.reasoning_summary_text.delta', { output_index: 0, item_id: 'r', delta: 's' }]]);
    expect(said(noIndex)).toEqual([['unknown_item', 'response.reasoning_summary_text.delta for summary[0] of item 0, which was never added; created a summary_text part at 0', 0]]);
  });

  it('without content_index: the last part of the delta’s type', () => {
    const s = run([added(0, message('m', [textPart('a'), { type: 'refusal', refusal: '' }, textPart('b'), { type: 'refusal', refusal: '' }])), delta({})]);
    expect(s.output[0]).toMatchObject({ content: [{ text: 'a' }, { refusal: '' }, { text: 'bx' }, { refusal: '' }] });
    expect(s.outputText).toBe('abx');
  });

  it('a delta for a part of another type is ignored with a diagnostic', () => {
    const s = run([added(0, message('m', [{ type: 'refusal', refusal: '' }])), delta({ content_index: 0 })]);
    expect(said(s)).toEqual([['item_type_mismatch', 'response.output_text.delta addressed a refusal part at content[0] of item 0; ignored', 0]]);
    expect(s.outputText).toBe('');
  });

  it('the running text grows with a delta to an earlier message or part too', () => {
    const s = run([added(0, message('a', [textPart('1'), textPart('2')])), added(1, message('b', [textPart('3')])), delta({ output_index: 0, item_id: 'a', content_index: 0 })]);
    expect(s.outputText).toBe('1x23');
    const inner = run([added(0, message('m', [textPart('1'), textPart('2')])), delta({ content_index: 0 })]);
    expect(inner.outputText).toBe('1x2');
    const refusal = run([added(0, message('m', [{ type: 'refusal', refusal: 'n' }])), ['response.refusal.delta', { output_index: 0, item_id: 'm', content_index: 0, delta: 'o' }]]);
    expect(refusal.outputText).toBe('');
    expect(refusal.output[0]).toMatchObject({ content: [{ refusal: 'no' }] });
  });

  it('a part’s done text: noted when no delta streamed it or it differs; logprobs kept for output_text', () => {
    const textDone = (fields: Wire): Step => ['response.output_text.done', { output_index: 0, item_id: 'm', content_index: 0, ...fields }];
    const none = run([added(0, message('m', [textPart()])), textDone({ text: 'hello' })]);
    expect(said(none)).toEqual([['done_mismatch', 'response.output_text.done delivered text that no delta streamed (5 chars)', 0]]);
    expect(none.outputText).toBe('hello');
    const differs = run([added(0, message('m', [textPart('he')])), textDone({ text: 'hello' })]);
    expect(said(differs)).toEqual([['done_mismatch', 'response.output_text.done text differs from the streamed deltas (2 vs 5 chars); kept the done value', 0]]);
    const [before, same] = lastStep([added(0, message('m', [textPart('hi')])), textDone({ text: 'hi', logprobs: [] })]);
    expect(same.output[0]).toBe(before.output[0]);
    const withLogprobs = run([added(0, message('m', [textPart('hi')])), textDone({ text: 'hi', logprobs: [{ token: 'hi', logprob: 0 }] })]);
    expect(withLogprobs.diagnostics).toEqual([]);
    expect(withLogprobs.output[0]).toMatchObject({ content: [{ text: 'hi', logprobs: [{ token: 'hi', logprob: 0 }] }] });
    const refusal = run([added(0, message('m', [{ type: 'refusal', refusal: 'no' }])), ['response.refusal.done', { output_index: 0, item_id: 'm', content_index: 0, refusal: 'no', logprobs: [{ token: 'no' }] }]]);
    expect(refusal.output[0]).toMatchObject({ content: [{ type: 'refusal', refusal: 'no' }] });
    expect((refusal.output[0] as unknown as { content: Wire[] }).content[0]).not.toHaveProperty('logprobs');
    const notText = run([added(0, message('m', [textPart('hi')])), textDone({ text: 5 })]);
    expect(notText.outputText).toBe('hi');
    const summary = run([added(0, { type: 'reasoning', id: 'r', summary: [{ type: 'summary_text', text: 'a' }] }), ['response.reasoning_summary_text.done', { output_index: 0, item_id: 'r', summary_index: 0, text: 'ab' }]]);
    expect(summary.output[0]).toMatchObject({ summary: [{ text: 'ab' }] });
    expect(summary.outputText).toBe('');
  });

  it('content_part.added and .done: stored at their index, a missing part or item noted', () => {
    const part = (type: string, fields: Wire): Step => [type, { output_index: 0, item_id: 'm', ...fields }];
    const noPart = run([added(0, message('m')), part('response.content_part.added', { content_index: 0, part: null })]);
    expect(said(noPart)).toEqual([['unknown_item', 'response.content_part.added carried no part; ignored', undefined]]);
    const past = run([added(0, message('m', [textPart('a')])), part('response.content_part.added', { content_index: 3, part: textPart() })]);
    expect(said(past)).toEqual([['index_out_of_range', 'response.content_part.added at content[3] but only 1 part exists; appended it at 1', 0]]);
    expect((past.output[0] as unknown as { content: unknown[] }).content).toHaveLength(2);
    const over = run([added(0, message('m', [textPart('a')])), part('response.content_part.added', { content_index: 0, part: textPart() })]);
    expect(said(over)).toEqual([['output_index_conflict', 'response.content_part.added at content[0] of item 0, which already holds a part; replaced it', 0]]);
    expect(over.outputText).toBe('');
    const overEmpty = run([added(0, message('m', [textPart('')])), part('response.content_part.added', { content_index: 0, part: textPart() })]);
    expect(overEmpty.diagnostics).toEqual([]);
    const doneMissing = run([added(0, message('m')), part('response.content_part.done', { content_index: 0, part: textPart('t') })]);
    expect(said(doneMissing)).toEqual([['unknown_item', 'response.content_part.done for content[0] of item 0, which was never added; added it', 0]]);
    expect(doneMissing.outputText).toBe('t');
    const doneDiffers = run([added(0, message('m', [textPart('ab')])), part('response.content_part.done', { content_index: 0, part: textPart('abc') })]);
    expect(said(doneDiffers)).toEqual([['done_mismatch', 'response.content_part.done text differs from the accumulated text (2 vs 3 chars); kept the done value', 0]]);
    expect(doneDiffers.outputText).toBe('abc');
    const [before, same] = lastStep([added(0, message('m', [textPart('ab')])), part('response.content_part.done', { content_index: 0, part: textPart('ab') })]);
    expect(same.output[0]).toBe(before.output[0]);
  });

  it('part events without an index: .added appends, .done finishes the last part', () => {
    const part = (type: string, p: Wire): Step => [type, { output_index: 0, item_id: 'm', part: p }];
    const s = run([added(0, message('m', [textPart('a')])), part('response.content_part.added', textPart('b')), part('response.content_part.done', textPart('bc'))]);
    expect(s.output[0]).toMatchObject({ content: [{ text: 'a' }, { text: 'bc' }] });
    expect(s.outputText).toBe('abc');
    const empty = run([added(0, message('m')), part('response.content_part.done', textPart('x'))]);
    expect(said(empty)).toEqual([['unknown_item', 'response.content_part.done for content[0] of item 0, which was never added; added it', 0]]);
    expect(empty.outputText).toBe('x');
  });

  it('reasoning parts go to the reasoning item; summary parts need a part', () => {
    const s = run([
      added(0, { type: 'reasoning', id: 'r', summary: [] }),
      ['response.content_part.added', { output_index: 0, item_id: 'r', content_index: 0, part: { type: 'reasoning_text', text: 'think' } }],
      ['response.reasoning_summary_part.added', { output_index: 0, item_id: 'r', summary_index: 0, part: { type: 'summary_text', text: 'sum' } }],
    ]);
    expect(s.output[0]).toMatchObject({ content: [{ text: 'think' }], summary: [{ text: 'sum' }] });
    expect(s.outputText).toBe('');
    expect(s.diagnostics).toEqual([]);
    const noPart = run([added(0, { type: 'reasoning', id: 'r', summary: [] }), ['response.reasoning_summary_part.added', { output_index: 0, item_id: 'r', summary_index: 0, part: 'x' }]]);
    expect(said(noPart)).toEqual([['unknown_item', 'response.reasoning_summary_part.added carried no part; ignored', undefined]]);
    const wrongItem = run([added(0, message('m')), ['response.reasoning_summary_part.added', { output_index: 0, item_id: 'm', summary_index: 0, part: { type: 'summary_text', text: '' } }]]);
    expect(wrongItem.diagnostics.map((d) => d.code)).toEqual(['item_type_mismatch']);
  });
});

describe('applyEvent: annotations', () => {
  const annotate = (fields: Wire): Step => ['response.output_text.annotation.added', { output_index: 0, item_id: 'm', content_index: 0, ...fields }];
  const cite = (url: string) => ({ type: 'url_citation', url });

  it('stored at their index; past the end appended; a different one at a taken index replaces it', () => {
    const past = run([added(0, message('m', [textPart('t')])), annotate({ annotation_index: 0, annotation: cite('a') }), annotate({ annotation_index: 5, annotation: cite('b') })]);
    expect(said(past)).toEqual([['index_out_of_range', 'response.output_text.annotation.added at annotation_index 5 but only 1 annotation exists; appended it at 1', 0]]);
    expect(past.output[0]).toMatchObject({ content: [{ annotations: [cite('a'), cite('b')] }] });
    const none = run([added(0, message('m', [textPart('t')])), annotate({ annotation_index: 2, annotation: cite('a') })]);
    expect(said(none)[0]?.[1]).toBe('response.output_text.annotation.added at annotation_index 2 but only 0 annotations exist; appended it at 0');
    const replaced = run([added(0, message('m', [textPart('t')])), annotate({ annotation_index: 0, annotation: cite('a') }), annotate({ annotation_index: 0, annotation: cite('b') })]);
    expect(said(replaced)).toEqual([['output_index_conflict', 'response.output_text.annotation.added at annotation_index 0, which already holds an annotation; replaced it', 0]]);
    expect(replaced.output[0]).toMatchObject({ content: [{ annotations: [cite('b')] }] });
    const [before, same] = lastStep([added(0, message('m', [textPart('t')])), annotate({ annotation_index: 0, annotation: cite('a') }), annotate({ annotation_index: 0, annotation: cite('a') })]);
    expect(same.output[0]).toBe(before.output[0]);
    expect(same.diagnostics).toEqual([]);
    const noIndex = run([added(0, message('m', [{ type: 'output_text', text: 't' }])), annotate({ annotation: cite('a') }), annotate({ annotation: cite('b') })]);
    expect(noIndex.output[0]).toMatchObject({ content: [{ annotations: [cite('a'), cite('b')] }] });
    expect(noIndex.diagnostics).toEqual([]);
  });

  it('an annotation that is not an object is ignored; one for a missing part or item is not', () => {
    const s = run([added(0, message('m', [textPart('t')])), annotate({ annotation_index: 0, annotation: 'cite' })]);
    expect(said(s)).toEqual([['unknown_item', 'response.output_text.annotation.added carried no annotation ("cite"); ignored', 0]]);
    expect(s.output[0]).toMatchObject({ content: [{ annotations: [] }] });
    const wrongPart = run([added(0, message('m', [{ type: 'refusal', refusal: '' }])), annotate({ annotation_index: 0, annotation: cite('a') })]);
    expect(wrongPart.diagnostics.map((d) => d.code)).toEqual(['item_type_mismatch']);
    const wrongItem = run([added(0, fn('f', 'c')), annotate({ item_id: 'f', annotation_index: 0, annotation: cite('a') })]);
    expect(wrongItem.diagnostics.map((d) => d.code)).toEqual(['item_type_mismatch']);
  });
});
