import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/events/ResponseStreamEvent.js';
import type { ResponseSnapshot } from '../../src/reduce/ResponseSnapshot.js';
import { applyEvent, applyEventInFull } from '../../src/reduce/applyEvent.js';
import { emptySnapshot } from '../../src/reduce/emptySnapshot.js';
import { deepFreeze } from '../support/deepFreeze.js';

// Malformed and unusual streams, one each, through applyEvent and through its full path alone
// (applyEventInFull: applyEvent takes a short way for well-formed deltas, so the full path's
// handling of odd deltas is reached only when the short way declines). Expected values follow
// EVENTS.md §2: deltas append, done events replace, anything odd is diagnosed, never thrown.
type Wire = Record<string, unknown>;
type Step = [type: string, fields?: Wire];
type Apply = (s: ResponseSnapshot, e: ResponseStreamEvent) => ResponseSnapshot;
const MODES: [string, Apply][] = [
  ['applyEvent', applyEvent],
  ['applyEventInFull', (s, e) => applyEventInFull(s, e)],
];
const numbered = (steps: Step[]): Wire[] => steps.map(([type, fields], i) => ({ type, sequence_number: i, ...fields }));
function reduceWith(apply: Apply, events: Wire[], from: ResponseSnapshot = emptySnapshot()): ResponseSnapshot {
  let s = deepFreeze(from);
  for (const e of events) s = deepFreeze(apply(s, deepFreeze(e) as unknown as ResponseStreamEvent));
  return s;
}
const CREATED: Step = ['response.created', { response: { id: 'r', model: 'gpt', output: [] } }];
/** Runs the steps (after a response.created) in both modes, checks they agree, gives the snapshot. */
function run(steps: Step[]): ResponseSnapshot {
  const [a, b] = MODES.map(([, apply]) => reduceWith(apply, numbered([CREATED, ...steps])));
  expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  return b as ResponseSnapshot;
}
/** The snapshots before and after the last step, through the full path. */
function lastStep(steps: Step[]): [ResponseSnapshot, ResponseSnapshot] {
  const events = numbered([CREATED, ...steps]);
  const full: Apply = (s, e) => applyEventInFull(s, e);
  const before = reduceWith(full, events.slice(0, -1));
  return [before, reduceWith(full, events.slice(-1), before)];
}
const added = (output_index: number | undefined, item: Wire): Step => ['response.output_item.added', { output_index, item }];
const done = (output_index: number | undefined, item: Wire): Step => ['response.output_item.done', { output_index, item }];
const message = (id: string | undefined, content: unknown[] = []): Wire => ({ type: 'message', id, role: 'assistant', status: 'in_progress', content });
const textPart = (text: unknown = ''): Wire => ({ type: 'output_text', text, annotations: [] });
const fn = (id: unknown, call_id: unknown, args: unknown = ''): Wire => ({ type: 'function_call', id, call_id, name: 'f', arguments: args, status: 'in_progress' });
const args = (fields: Wire): Step => ['response.function_call_arguments.delta', { delta: 'x', ...fields }];
const textDelta = (fields: Wire): Step => ['response.output_text.delta', { delta: 'x', ...fields }];
const codes = (s: ResponseSnapshot) => s.diagnostics.map((d) => d.code);
const content = (s: ResponseSnapshot, i = 0) => (s.output[i] as unknown as { content: unknown[] }).content;

describe('applyEvent: the stream as a whole', () => {
  it('tool-loop events give back the very same snapshot', () => {
    const s = reduceWith(applyEvent, numbered([CREATED]));
    for (const type of ['rx.tool_call.started', 'rx.turn.ended']) {
      expect(applyEvent(s, { type, call_id: 'c' } as unknown as ResponseStreamEvent)).toBe(s);
    }
  });

  it('a sequence_number that is not a number counts as missing', () => {
    const s = reduceWith(applyEvent, [{ type: 'response.created', sequence_number: 0, response: { id: 'r', output: [] } }, { type: 'keepalive', sequence_number: '7' }]);
    expect(codes(s)).toEqual(['missing_sequence_number']);
    expect(s.lastSequenceNumber).toBe(0);
  });

  it('diagnostics carry no sequenceNumber or outputIndex key when they have none', () => {
    const s = reduceWith(applyEvent, [{ type: 'response.vendor_thing' }]);
    for (const d of s.diagnostics) expect(Object.keys(d).sort()).toEqual(['code', 'eventNumber', 'eventType', 'message']);
    const e = reduceWith(applyEvent, [{ type: 'error', message: 'x' }]);
    expect(Object.keys(e.streamError ?? {}).sort()).toEqual(['code', 'message', 'param']);
  });

  it('after a completed response a response.failed is ignored too', () => {
    const s = run([['response.completed', { response: { id: 'r', model: 'gpt', status: 'completed', output: [] } }], ['response.failed', { response: { id: 'r', model: 'gpt', status: 'failed', output: [] } }]]);
    expect(s.phase).toBe('completed');
    expect(s.response.status).toBe('completed');
    expect(codes(s)).toEqual(['event_after_terminal']);
  });

  it('a terminal response keeps its own status', () => {
    const s = run([['response.failed', { response: { id: 'r', model: 'gpt', status: 'cancelled', output: [] } }]]);
    expect(s.phase).toBe('failed');
    expect(s.response.status).toBe('cancelled');
  });

  it('a lifecycle event whose response is null or a string changes nothing', () => {
    const base = run([]);
    for (const response of [null, 'in progress']) {
      const s = run([['response.in_progress', { response }]]);
      expect(s.response).toStrictEqual(base.response);
      expect(s.diagnostics).toEqual([]);
    }
  });

  it('a lifecycle event’s non-item output is diagnosed with unknown_item', () => {
    const s = run([['response.in_progress', { response: { id: 'r', output: [7] } }]]);
    expect(s.diagnostics.map((d) => [d.code, d.message])).toEqual([['unknown_item', 'response.in_progress carried a non-item at output[0] (7); ignored']]);
  });

  it('an empty streamed model is not “kept”, and an id first set later is no change', () => {
    const s = reduceWith(applyEvent, numbered([['response.created', { response: { id: 'r', output: [] } }], ['response.completed', { response: { id: 'r', status: 'completed', output: [] } }]]));
    expect(codes(s)).toEqual([]);
    const late = reduceWith(applyEvent, numbered([['response.created', { response: { id: undefined, output: [] } }], ['response.in_progress', { response: { id: 'r' } }]]));
    expect(codes(late)).toEqual([]);
  });

  it('error events with a null error or a non-string type', () => {
    const s = run([['error', { error: null, message: 'flat' }]]);
    expect(s.streamError).toStrictEqual({ code: null, message: 'flat', param: null, sequenceNumber: 1 });
    const t = run([['error', { error: { type: 7, message: 'm' } }]]);
    expect(t.streamError).toStrictEqual({ code: null, message: 'm', param: null, sequenceNumber: 1 });
  });

  it('a snapshot’s output index map is never changed by later events', () => {
    const events = numbered([CREATED, added(0, message('a')), added(2, message('b'))]);
    const first = reduceWith(applyEvent, events);
    const kept = [...(first.outputIndexMap ?? new Map())];
    expect(kept.length).toBeGreaterThan(0);
    reduceWith(applyEvent, numbered([CREATED, added(0, message('a')), added(2, message('b')), added(5, message('c')), added(7, message('d'))]).slice(3), first);
    expect([...(first.outputIndexMap ?? new Map())]).toEqual(kept);
  });
});

describe('applyEvent: server indices after a skipped one', () => {
  it('events for indices before and after the skip reach their items; an index never used does not', () => {
    const s = run([added(0, fn('a', 'c1')), added(2, fn('b', 'c2')), added(3, fn('c', 'c3')), args({ output_index: 0 }), args({ output_index: 2 }), args({ output_index: 3 })]);
    expect(s.output.map((i) => (i as unknown as Wire).arguments)).toEqual(['x', 'x', 'x']);
    expect(codes(s)).toEqual(['index_out_of_range']);
    const hole = run([added(0, fn('a', 'c1')), added(2, fn('b', 'c2')), args({ output_index: 1 })]);
    expect(hole.output).toHaveLength(3);
    expect(hole.output.map((i) => (i as unknown as Wire).arguments)).toEqual(['', '', 'x']);
  });

  it('the next index expected is one past the largest the server used', () => {
    const s = run([added(0, message('a')), added(5, message('b')), added(3, message('c')), added(6, message('d'))]);
    expect(codes(s)).toEqual(['index_out_of_range', 'index_out_of_range']);
  });

  it('an event for an index never added creates its item there, so later events find it', () => {
    const s = run([args({ output_index: 2, item_id: 'f' }), ['response.function_call_arguments.done', { output_index: 2, item_id: 'f', arguments: 'xy' }]]);
    expect(s.output).toHaveLength(1);
    expect(s.output[0]).toMatchObject({ id: 'f', arguments: 'xy' });
  });
});

describe('applyEvent: item identity', () => {
  it('a repeated id is found at any position, also for an item added without output_index', () => {
    const s = run([added(0, message('a')), added(1, message('b')), added(2, message('b'))]);
    expect(s.diagnostics.map((d) => [d.code, d.outputIndex])).toEqual([['duplicate_item_id', 2]]);
    const noIndex = run([added(0, message('a')), added(undefined, message('a'))]);
    expect(noIndex.diagnostics.map((d) => [d.code, d.outputIndex])).toEqual([['duplicate_item_id', 1]]);
  });

  it('ids and call ids that are not strings, or missing, are not compared', () => {
    const s = run([added(0, fn(5, 7)), added(1, fn(5, 7)), added(2, fn(undefined, 'c1')), added(3, fn(undefined, 'c2'))]);
    expect(s.diagnostics).toEqual([]);
  });

  it('output_item.done without output_index replaces the item with its id', () => {
    const s = run([added(0, message('m0', [textPart('a')])), added(1, message('m1', [textPart('b')])), done(undefined, { ...message('m0', [textPart('a')]), status: 'completed' })]);
    expect(s.output.map((i) => (i as unknown as Wire).status)).toEqual(['completed', 'in_progress']);
    expect(codes(s)).toEqual([]);
    const noId = run([added(0, message(undefined)), done(undefined, { ...message(undefined), status: 'completed' })]);
    expect(noId.output).toHaveLength(2);
    const emptyId = run([added(0, message('')), done(undefined, { ...message(''), status: 'completed' })]);
    expect(emptyId.output).toHaveLength(2);
  });

  it('output_item.done at an index holding another type: the item with its id, else that index', () => {
    const s = run([added(0, message('a')), added(1, fn('f', 'c')), done(1, { ...message('a'), status: 'completed' })]);
    expect(s.output.map((i) => [i.type, (i as unknown as Wire).status])).toEqual([
      ['message', 'completed'],
      ['function_call', 'in_progress'],
    ]);
    const other = run([added(0, fn('f', 'c')), done(0, { ...message('zz'), status: 'completed' })]);
    expect(codes(other)).toEqual(['item_id_changed', 'item_type_mismatch']);
    expect(other.output).toHaveLength(1);
  });

  it('output_item.done filling an id or call id the item lacked, or leaving one out, changes nothing noted', () => {
    const s = run([added(0, fn(undefined, '')), done(0, fn('f', 'c'))]);
    expect(codes(s)).toEqual([]);
    const left = run([added(0, fn('f', 'c', '{}')), done(0, fn(undefined, undefined, '{}'))]);
    expect(codes(left)).toEqual([]);
    const empty = run([added(0, fn('', '', '{}')), done(0, fn('f', 'c', '{}'))]);
    expect(codes(empty)).toEqual([]);
  });

  it('output_item.done of an item with a repeated id reports the repeat once', () => {
    const s = run([added(0, message('a')), added(1, message('a')), done(1, { ...message('a'), status: 'completed' })]);
    expect(codes(s)).toEqual(['duplicate_item_id']);
  });

  it('a message finished as another type leaves the running text', () => {
    const s = run([added(0, message('a', [textPart('hi')])), done(0, { ...fn('a', 'c'), status: 'completed' })]);
    expect(s.outputText).toBe('');
  });

  it('compares streamed fields only where both are strings and the streamed one is not empty', () => {
    const code = run([added(0, { type: 'code_interpreter_call', id: 'ci', code: null }), done(0, { type: 'code_interpreter_call', id: 'ci', code: 'x', status: 'completed' })]);
    expect(codes(code)).toEqual([]);
    const gone = run([added(0, fn('f', 'c', 'x')), done(0, { type: 'function_call', id: 'f', call_id: 'c', status: 'completed' })]);
    expect(codes(gone)).toEqual([]);
    const noContent = run([added(0, message('m', [textPart('a')])), done(0, { type: 'message', id: 'm', status: 'completed' })]);
    expect(codes(noContent)).toEqual([]);
    const fromEmpty = run([added(0, message('m', [textPart('')])), done(0, { ...message('m', [textPart('abc')]), status: 'completed' })]);
    expect(codes(fromEmpty)).toEqual([]);
    const fewer = run([added(0, message('m', [textPart('a'), textPart('b')])), done(0, { ...message('m', [textPart('a')]), status: 'completed' })]);
    expect(codes(fewer)).toEqual([]);
    const same = run([added(0, message('m', [textPart('a')])), done(0, { ...message('m', [textPart('a')]), status: 'completed' })]);
    expect(codes(same)).toEqual([]);
    const nullText = run([added(0, message('m', [textPart(null)])), done(0, { ...message('m', [textPart('a')]), status: 'completed' })]);
    expect(codes(nullText)).toEqual([]);
  });
});

describe('applyEvent: finding the item', () => {
  it('an index holding another type with no item_id: ignored, even when an item without id fits', () => {
    const s = run([added(0, message(undefined)), added(1, fn(undefined, 'c')), args({ output_index: 0 })]);
    expect(codes(s)).toEqual(['item_type_mismatch']);
    expect(s.output[1]).toMatchObject({ arguments: '' });
  });

  it('an index holding an item of another type without id, and an unknown item_id: ignored', () => {
    for (const id of [undefined, '']) {
      const s = run([added(0, message(id)), args({ output_index: 0, item_id: 'f' })]);
      expect(codes(s)).toEqual(['item_type_mismatch']);
      expect(s.output).toHaveLength(1);
    }
  });

  it('by item_id without output_index: the item with that id, not the newest one', () => {
    const s = run([added(0, fn('f1', 'c1')), added(1, fn('f2', 'c2')), args({ item_id: 'f1' })]);
    expect(s.output.map((i) => (i as unknown as Wire).arguments)).toEqual(['x', '']);
  });

  it('an index past the end with an unknown item_id creates the item, it does not take the newest', () => {
    const s = run([added(0, fn('f1', 'c1')), args({ output_index: 5, item_id: 'zz' })]);
    expect(s.output.map((i) => i.id)).toEqual(['f1', 'zz']);
    const noId = run([added(0, fn('f1', 'c1')), args({ output_index: 3 })]);
    expect(noId.output).toHaveLength(2);
  });

  it('without output_index or item_id, the only item of the type', () => {
    const s = run([added(0, fn('f', 'c')), args({})]);
    expect(s.output).toHaveLength(1);
    expect(s.output[0]).toMatchObject({ arguments: 'x' });
  });

  it('an item without id, or with an empty one, is not renamed by an event’s item_id', () => {
    for (const id of [undefined, '']) {
      const s = run([added(0, fn(id, 'c')), args({ output_index: 0, item_id: 'f' })]);
      expect(codes(s)).toEqual([]);
      expect(s.output[0]?.id).toBe(id);
    }
  });

  it('an item_id that is not a non-empty string counts as missing', () => {
    for (const item_id of [5, '']) {
      const s = run([args({ output_index: 0, item_id })]);
      expect(s.output[0]).not.toHaveProperty('id');
      expect(s.diagnostics.map((d) => d.message)).toEqual(['response.function_call_arguments.delta for output_index 0, which was never added; created a function_call item']);
    }
  });
});

describe('applyEvent: deltas and done values on the full path', () => {
  it('a delta grows a field that is null or missing from empty', () => {
    const s = run([added(0, { type: 'code_interpreter_call', id: 'ci', code: null }), ['response.code_interpreter_call_code.delta', { output_index: 0, item_id: 'ci', delta: 'p' }]]);
    expect(s.output[0]).toMatchObject({ code: 'p' });
    const part = run([added(0, message('m', [textPart(null)])), textDelta({ output_index: 0, item_id: 'm', content_index: 0 })]);
    expect(content(part)).toEqual([textPart('x')]);
  });

  it('an empty or non-string delta to a part changes nothing', () => {
    for (const delta of ['', 5]) {
      const [before, after] = lastStep([added(0, message('m', [textPart('a')])), textDelta({ output_index: 0, item_id: 'm', content_index: 0, delta })]);
      expect(after.output[0]).toBe(before.output[0]);
      expect(after.outputText).toBe('a');
    }
  });

  it('done events addressed to an item or part of another type are ignored', () => {
    const item = run([added(0, message('m')), ['response.function_call_arguments.done', { output_index: 0, item_id: 'm', arguments: '{}' }]]);
    expect(codes(item)).toEqual(['item_type_mismatch']);
    const text = run([added(0, fn('f', 'c')), ['response.output_text.done', { output_index: 0, item_id: 'f', content_index: 0, text: 't' }]]);
    expect(codes(text)).toEqual(['item_type_mismatch']);
    const part = run([added(0, message('m', [{ type: 'refusal', refusal: '' }])), ['response.output_text.done', { output_index: 0, item_id: 'm', content_index: 0, text: 't' }]]);
    expect(codes(part)).toEqual(['item_type_mismatch']);
    const cp = run([added(0, fn('f', 'c')), ['response.content_part.added', { output_index: 0, item_id: 'f', content_index: 0, part: textPart() }]]);
    expect(codes(cp)).toEqual(['item_type_mismatch']);
  });

  it('a done text for a part whose text is null: delivered, not differing', () => {
    const s = run([added(0, message('m', [textPart(null)])), ['response.output_text.done', { output_index: 0, item_id: 'm', content_index: 0, text: 'abc' }]]);
    expect(s.diagnostics.map((d) => d.message)).toEqual(['response.output_text.done delivered text that no delta streamed (3 chars)']);
    expect(content(s)[0]).not.toHaveProperty('logprobs');
  });

  it('done events go to the part their index names, not the last of its type', () => {
    const s = run([added(0, message('m', [textPart('a'), textPart('b')])), ['response.output_text.done', { output_index: 0, item_id: 'm', content_index: 0, text: 'A' }]]);
    expect(s.outputText).toBe('Ab');
    const reasoning = (key: string, parts: Wire[]): Step => added(0, { type: 'reasoning', id: 'r', summary: [], [key]: parts });
    const raw = run([reasoning('content', [{ type: 'reasoning_text', text: 'a' }, { type: 'reasoning_text', text: 'b' }]), ['response.reasoning.done', { output_index: 0, item_id: 'r', content_index: 0, text: 'A' }]]);
    expect(content(raw)).toEqual([{ type: 'reasoning_text', text: 'A' }, { type: 'reasoning_text', text: 'b' }]);
    const sum = (type: string, fields: Wire) => run([reasoning('summary', [{ type: 'summary_text', text: 'a' }, { type: 'summary_text', text: 'b' }]), [type, { output_index: 0, item_id: 'r', summary_index: 0, ...fields }]]);
    expect(sum('response.reasoning_summary_text.delta', { delta: '!' }).output[0]).toMatchObject({ summary: [{ text: 'a!' }, { text: 'b' }] });
    expect(sum('response.reasoning_summary_text.done', { text: 'A' }).output[0]).toMatchObject({ summary: [{ text: 'A' }, { text: 'b' }] });
    expect(sum('response.reasoning_summary_part.done', { part: { type: 'summary_text', text: 'A' } }).output[0]).toMatchObject({ summary: [{ text: 'A' }, { text: 'b' }] });
    const refusal = run([added(0, message('m', [{ type: 'refusal', refusal: 'a' }, { type: 'refusal', refusal: 'b' }])), ['response.refusal.done', { output_index: 0, item_id: 'm', content_index: 0, refusal: 'A' }]]);
    expect(content(refusal)).toEqual([{ type: 'refusal', refusal: 'A' }, { type: 'refusal', refusal: 'b' }]);
  });
});

describe('applyEvent: parts on the full path', () => {
  it('a reasoning item without content gets a content list for raw reasoning text', () => {
    const s = run([added(0, { type: 'reasoning', id: 'r', summary: [] }), ['response.reasoning_text.delta', { output_index: 0, item_id: 'r', content_index: 0, delta: 'q' }]]);
    expect(content(s)).toEqual([{ type: 'reasoning_text', text: 'q' }]);
  });

  it('a null part at the index is not a part: a new one is made at the next free slot', () => {
    const s = run([added(0, message('m', [null])), textDelta({ output_index: 0, item_id: 'm', content_index: 0 })]);
    expect(content(s)).toEqual([null, textPart('x')]);
    expect(codes(s)).toEqual(['unknown_item']);
  });

  it('without content_index: the only part, past null parts', () => {
    const s = run([added(0, message('m', [textPart('a'), null])), textDelta({ output_index: 0, item_id: 'm' })]);
    expect(content(s)).toEqual([textPart('ax'), null]);
  });

  it('the running text follows a delta to the last part of an item that is not the last one', () => {
    const s = run([added(0, message('a', [textPart('1')])), added(1, message('b', [textPart('3')])), textDelta({ output_index: 0, item_id: 'a', content_index: 0 })]);
    expect(s.outputText).toBe('1x3');
  });

  it('says how many parts exist when a part is added past the end', () => {
    const two = run([added(0, message('m', [textPart('a'), textPart('b')])), ['response.content_part.added', { output_index: 0, item_id: 'm', content_index: 5, part: textPart() }]]);
    expect(two.diagnostics.map((d) => d.message)).toEqual(['response.content_part.added at content[5] but only 2 parts exist; appended it at 2']);
    const none = run([added(0, message('m')), ['response.content_part.added', { output_index: 0, item_id: 'm', content_index: 1, part: textPart() }]]);
    expect(none.diagnostics.map((d) => d.message)).toEqual(['response.content_part.added at content[1] but only 0 parts exist; appended it at 0']);
  });

  it('a finished part compares texts only where both have one', () => {
    const nullText = run([added(0, message('m', [textPart(null)])), ['response.content_part.done', { output_index: 0, item_id: 'm', content_index: 0, part: textPart('x') }]]);
    expect(codes(nullText)).toEqual([]);
    const noText = run([added(0, message('m', [textPart('a')])), ['response.content_part.done', { output_index: 0, item_id: 'm', content_index: 0, part: { type: 'output_text', annotations: [] } }]]);
    expect(codes(noText)).toEqual([]);
  });

  it('a part added again as the very same object changes nothing', () => {
    const part = deepFreeze(textPart('a'));
    const events = numbered([CREATED, added(0, message('m', [part]))]);
    const before = reduceWith(applyEvent, events);
    const after = applyEvent(before, deepFreeze({ type: 'response.content_part.added', sequence_number: 2, output_index: 0, item_id: 'm', content_index: 0, part }) as unknown as ResponseStreamEvent);
    expect(after.output[0]).toBe(before.output[0]);
  });
});

describe('applyEvent: shell on odd items', () => {
  const call = (fields: Wire): Step => added(0, { type: 'shell_call', id: 'sh', call_id: 'c', ...fields });
  it('shell events addressed to an item of another type are ignored', () => {
    const s = run([added(0, message('m')), ['response.shell_call_command.added', { output_index: 0, command_index: 0, command: 'ls' }]]);
    expect(codes(s)).toEqual(['item_type_mismatch']);
    const o = run([added(0, message('m')), ['response.shell_call_output_content.delta', { output_index: 0, item_id: 'm', command_index: 0, delta: { stdout: 'x' } }]]);
    expect(codes(o)).toEqual(['item_type_mismatch']);
  });

  it('an action or command list that is not one is replaced by a fresh one', () => {
    const s = run([call({ action: 'ls' }), ['response.shell_call_command.added', { output_index: 0, command: 'pwd' }]]);
    expect((s.output[0] as unknown as Wire).action).toEqual({ commands: ['pwd'] });
    const list = run([call({ action: { commands: 'ls' } }), ['response.shell_call_command.added', { output_index: 0, command: 'pwd' }]]);
    expect((list.output[0] as unknown as Wire).action).toEqual({ commands: ['pwd'] });
  });

  it('a command slot holding a non-string counts as never added', () => {
    const s = run([call({ action: { commands: [null] } }), ['response.shell_call_command.done', { output_index: 0, command_index: 0, command: 'ls' }]]);
    expect(codes(s)).toEqual(['unknown_item']);
    expect((s.output[0] as unknown as Wire).action).toEqual({ commands: ['ls'] });
  });

  it('results: an output list or slot that is not one is replaced; an ahead slot only up to the command count', () => {
    const out = (output: unknown, call_id: unknown = 'c'): Step => added(1, { type: 'shell_call_output', id: 'so', call_id, output });
    const result = (stdout: string) => ({ stdout, stderr: '', outcome: { type: 'exit', exit_code: 0 } });
    const noList = run([call({ action: { commands: ['a'] } }), out(null), ['response.shell_call_output_content.done', { output_index: 1, item_id: 'so', output: [result('o')] }]]);
    expect((noList.output[1] as unknown as Wire).output).toEqual([result('o')]);
    const junk = run([call({ action: { commands: ['a'] } }), out(['junk']), ['response.shell_call_output_content.delta', { output_index: 1, item_id: 'so', command_index: 0, delta: { stdout: 'o' } }]]);
    expect((junk.output[1] as unknown as Wire).output).toEqual([result('o')]);
    const atCount = run([call({ action: { commands: ['a', 'b'] } }), out([]), ['response.shell_call_output_content.delta', { output_index: 1, item_id: 'so', command_index: 2, delta: { stdout: 'o' } }]]);
    expect(codes(atCount)).toEqual(['index_out_of_range']);
    const filled = run([call({ action: { commands: ['a', 'b'] } }), out([]), ['response.shell_call_output_content.delta', { output_index: 1, item_id: 'so', command_index: 1, delta: { stdout: '' , stderr: 'e'} }], ['response.shell_call_output_content.done', { output_index: 1, item_id: 'so', command_index: 0, output: [result('z')] }]]);
    expect(codes(filled)).toEqual([]);
  });

  it('a call without a usable call_id never counts as the results’ call', () => {
    for (const call_id of ['', undefined]) {
      const s = run([call({ call_id, action: { commands: ['a', 'b'] } }), added(1, { type: 'shell_call_output', id: 'so', call_id, output: [] }), ['response.shell_call_output_content.delta', { output_index: 1, item_id: 'so', command_index: 1, delta: { stdout: 'o' } }]]);
      expect(codes(s)).toEqual(['index_out_of_range']);
    }
  });
});
