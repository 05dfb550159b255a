// OutputOwnership counts the ids and call ids of the output so that a new item is checked for a
// repeated id without a look at every other item. Whatever it counts, the reducers that use it
// (finalSnapshot() writing in place, diagnostics() through scanResponse()) must diagnose exactly
// the repeats the pure reducer, which looks at every item, diagnoses.
import { lastValueFrom, map, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type ResponseStreamEvent, applyEvent, diagnostics, emptySnapshot, finalSnapshot, fromEvents, itemLifecycles } from '../../src/index.js';

type Item = Record<string, unknown>;

let seq = 0;
const ev = (type: string, fields: Item = {}): ResponseStreamEvent => ({ type, sequence_number: seq++, ...fields }) as ResponseStreamEvent;
const created = (id = 'resp_1') => ev('response.created', { response: { id, object: 'response', status: 'in_progress', output: [] } });
const message = (id: string): Item => ({ type: 'message', id, role: 'assistant', status: 'in_progress', content: [] });
const call = (id: string, callId: string, type = 'function_call'): Item => ({ type, id, call_id: callId, name: 'f', arguments: '', status: 'in_progress' });
const added = (index: number, item: Item) => ev('response.output_item.added', { output_index: index, item });
const done = (index: number, item: Item) => ev('response.output_item.done', { output_index: index, item: { ...item, status: 'completed' } });
const delta = (index: number, id: string, text: string) => ev('response.output_text.delta', { output_index: index, item_id: id, content_index: 0, delta: text });
const part = (index: number, id: string) => ev('response.content_part.added', { output_index: index, item_id: id, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });

const REPEATS = new Set(['duplicate_item_id', 'duplicate_call_id']);

/** The repeat diagnostics of the pure reducer, of finalSnapshot() and of diagnostics(). */
async function repeats(streamed: ResponseStreamEvent[]): Promise<{ pure: string[]; inPlace: string[]; keyed: string[] }> {
  // A terminal response with no output keeps the streamed items (finalSnapshot() needs one).
  const events = [...streamed, ev('response.completed', { response: { id: 'resp_end', object: 'response', status: 'completed', output: [] } })];
  let pure = emptySnapshot();
  for (const event of events) pure = applyEvent(pure, event);
  const final = await lastValueFrom(fromEvents(events).pipe(finalSnapshot()));
  const emitted = await lastValueFrom(fromEvents(events).pipe(diagnostics(), toArray()));
  const codes = (list: readonly { code: string }[]) => list.map((d) => d.code).filter((code) => REPEATS.has(code));
  return { pure: codes(pure.diagnostics), inPlace: codes(final.diagnostics), keyed: codes(emitted) };
}

async function expectRepeats(events: ResponseStreamEvent[], expected: string[]): Promise<void> {
  const found = await repeats(events);
  expect(found).toEqual({ pure: expected, inPlace: expected, keyed: expected });
}

describe('repeated ids, counted instead of looked for', () => {
  it('diagnoses two items with one id, and two function calls with one call_id, but not a result sharing its call’s call_id', async () => {
    seq = 0;
    await expectRepeats(
      [created(), added(0, message('m0')), added(1, message('m0')), added(2, call('fc_1', 'call_1')), added(3, call('fc_2', 'call_1')), added(4, { type: 'function_call_output', id: 'fco', call_id: 'call_1', output: 'ok' })],
      ['duplicate_item_id', 'duplicate_call_id'],
    );
  });

  it('finds no repeat in an item added again at its own position, nor in empty ids', async () => {
    seq = 0;
    await expectRepeats([created(), added(0, message('m0')), added(0, message('m0')), added(1, message('')), added(2, message('')), added(3, call('', ''))], []);
  });

  it('forgets the id of an item replaced at its position, and counts the new one', async () => {
    seq = 0;
    await expectRepeats([created(), added(0, message('m0')), added(0, message('m9')), added(1, message('m0'))], []);
    seq = 0;
    await expectRepeats([created(), added(0, message('m0')), added(0, message('m9')), added(1, message('m9'))], ['duplicate_item_id']);
  });

  it('forgets the id and call id an output_item.done changed, and counts the new ones', async () => {
    seq = 0;
    await expectRepeats([created(), added(0, call('fc_1', 'call_1')), done(0, call('fc_5', 'call_5')), added(1, call('fc_1', 'call_1'))], []);
    seq = 0;
    await expectRepeats([created(), added(0, call('fc_1', 'call_1')), done(0, call('fc_5', 'call_5')), added(1, call('fc_5', 'call_6'))], ['duplicate_item_id']);
    seq = 0;
    await expectRepeats([created(), added(0, call('fc_1', 'call_1')), done(0, call('fc_5', 'call_5')), added(1, call('fc_6', 'call_5'))], ['duplicate_call_id']);
  });

  it('forgets a call id, or a type, that an output_item.done changed while keeping the item id', async () => {
    seq = 0;
    await expectRepeats([created(), added(0, call('fc_1', 'call_1')), done(0, call('fc_1', 'call_5')), added(1, call('fc_2', 'call_5'))], ['duplicate_call_id']);
    seq = 0;
    await expectRepeats([created(), added(0, call('fc_1', 'call_1')), done(0, call('fc_1', 'call_1', 'custom_tool_call')), added(1, call('ct_2', 'call_1', 'custom_tool_call'))], ['duplicate_call_id']);
  });

  it('finds a repeat of another item when an item is replaced at its position', async () => {
    seq = 0;
    await expectRepeats([created(), added(0, call('fc_1', 'call_1')), added(1, call('fc_2', 'call_2')), added(1, call('fc_3', 'call_1'))], ['duplicate_call_id']);
    seq = 0;
    await expectRepeats([created(), added(0, message('m0')), added(1, message('m1')), added(1, message('m0'))], ['duplicate_item_id']);
  });

  it('compares call ids within a type only', async () => {
    seq = 0;
    await expectRepeats([created(), added(0, call('fc_1', 'call_1')), added(1, call('ct_1', 'call_1', 'custom_tool_call'))], []);
    seq = 0;
    await expectRepeats([created(), added(0, call('fc_1', 'call_1')), added(1, call('ct_1', 'call_1', 'custom_tool_call')), added(2, call('ct_2', 'call_1', 'custom_tool_call'))], ['duplicate_call_id']);
  });

  it('still finds a repeat after deltas copied the output, and after many items', async () => {
    seq = 0;
    await expectRepeats([created(), added(0, message('m0')), part(0, 'm0'), delta(0, 'm0', 'Hi'), delta(0, 'm0', '!'), added(1, message('m0'))], ['duplicate_item_id']);
    seq = 0;
    const many = Array.from({ length: 40 }, (_, i) => added(i, message(`m${i}`)));
    await expectRepeats([created(), ...many, part(39, 'm39'), delta(39, 'm39', 'x'), added(40, message('m7')), added(41, call('fc_1', 'call_1')), added(42, call('fc_2', 'call_1'))], ['duplicate_item_id', 'duplicate_call_id']);
  });

  it('starts counting afresh with each response', async () => {
    seq = 0;
    const first = [created('resp_1'), added(0, message('m0')), added(1, call('fc_1', 'call_1')), ev('response.completed', { response: { id: 'resp_1', object: 'response', status: 'completed', output: [] } })];
    seq = 0;
    const second = [created('resp_2'), added(0, message('m0')), added(1, call('fc_1', 'call_1'))];
    await expectRepeats([...first, ...second], []);
    seq = 0;
    const third = [created('resp_3'), added(0, message('m0')), added(1, message('m0'))];
    await expectRepeats([...first, ...third], ['duplicate_item_id']);
  });
});

describe('which items a terminal response that replaced the output changed', () => {
  it('gives an unfinished item no new state when the terminal response keeps it, and one when it changes it', async () => {
    seq = 0;
    const events = [
      created(),
      added(0, { ...message('m0'), status: 'completed' }),
      added(1, message('m1')),
      ev('response.completed', { response: { id: 'resp_1', object: 'response', status: 'completed', output: [{ ...message('m0'), status: 'completed' }, { ...message('m1'), status: 'completed' }] } }),
    ];
    const lifecycles = await lastValueFrom(fromEvents(events).pipe(itemLifecycles(), toArray()));
    const states = await Promise.all(lifecycles.map((item) => lastValueFrom(item.states.pipe(map((state) => (state as { status?: unknown }).status), toArray()))));
    expect(states).toEqual([['completed'], ['in_progress', 'completed']]);
  });
});
