import { describe, expect, it } from 'vitest';
import { type Diagnostic, type ResponseSnapshot, type ResponseStreamEvent, applyEvent, emptySnapshot } from '../../src/index.js';
import { deepEqual } from '../../src/reduce/mergeTerminalResponse.js';

// The terminal event's output is the source of truth (EVENTS.md §6), except where it evidently
// lacks what was streamed: gateways send `output: []`, or fewer items, or items with their text
// left empty. The streamed content is kept then, with a diagnostic saying what was kept; any
// other difference adopts the terminal item, also with a diagnostic. Streams are built here
// from the events EVENTS.md §2-3 describe.
type Wire = Record<string, unknown>;
const reduce = (events: readonly Wire[], from: ResponseSnapshot = emptySnapshot()): ResponseSnapshot =>
  events.reduce<ResponseSnapshot>((s, e) => applyEvent(s, e as ResponseStreamEvent), from);
const created: Wire = { type: 'response.created', response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'm', output: [] } };
const completed = (output?: unknown): Wire => ({
  type: 'response.completed',
  response: { id: 'resp_1', object: 'response', status: 'completed', model: 'm', ...(output === undefined ? {} : { output }) },
});
const text = (t: string) => ({ type: 'output_text', text: t, annotations: [] });
const message = (id: string, status: string, ...parts: string[]) => ({ type: 'message', id, role: 'assistant', status, content: parts.map(text) });
const added = (i: number, item: Wire): Wire => ({ type: 'response.output_item.added', output_index: i, item });
/** A message streamed the usual way: added, a text part, one delta. */
const streamedMessage = (i: number, id: string, delta: string): Wire[] => [
  added(i, message(id, 'in_progress')),
  { type: 'response.content_part.added', output_index: i, content_index: 0, item_id: id, part: text('') },
  { type: 'response.output_text.delta', output_index: i, content_index: 0, item_id: id, delta },
];
/** The merge's diagnostics, without the event fields every diagnostic carries. */
const mergeNotes = (s: ResponseSnapshot): Partial<Diagnostic>[] =>
  s.diagnostics
    .filter((d) => d.code.startsWith('terminal_output'))
    .map((d) => ({ code: d.code, message: d.message, ...(d.outputIndex === undefined ? {} : { outputIndex: d.outputIndex }) }));

describe('the terminal output merged with the streamed one', () => {
  it('keeps the streamed items when the terminal output is empty, and says how many', () => {
    const one = reduce([created, ...streamedMessage(0, 'm0', 'Hello')]);
    const after = applyEvent(one, completed([]) as ResponseStreamEvent);
    expect(after.phase).toBe('completed');
    expect(after.output).toBe(one.output);
    expect(after.outputText).toBe('Hello');
    expect(mergeNotes(after)).toEqual([
      { code: 'terminal_output_missing', message: 'The terminal response has an empty output although 1 item was streamed; kept the streamed items' },
    ]);
    const two = reduce([created, ...streamedMessage(0, 'm0', 'Hello'), ...streamedMessage(1, 'm1', ' world'), completed([])]);
    expect(two.outputText).toBe('Hello world');
    expect(two.output).toEqual([message('m0', 'in_progress', 'Hello'), message('m1', 'in_progress', ' world')]);
    expect(mergeNotes(two).map((d) => d.message)).toEqual(['The terminal response has an empty output although 2 items were streamed; kept the streamed items']);
  });

  it('reads an output that is missing, not a list, or holds no items as empty', () => {
    for (const output of [undefined, 'oops', { type: 'message' }, [null, 'x', 3, { id: 'no type' }, { type: 5 }]]) {
      const s = reduce([created, ...streamedMessage(0, 'm0', 'Hello'), completed(output)]);
      expect(s.output).toEqual([message('m0', 'in_progress', 'Hello')]);
      expect(s.outputText).toBe('Hello');
      expect(mergeNotes(s).map((d) => d.code)).toEqual(['terminal_output_missing']);
    }
  });

  it('says nothing when nothing was streamed and the terminal output is empty too', () => {
    const s = reduce([created, completed([])]);
    expect(s.output).toEqual([]);
    expect(s.phase).toBe('completed');
    expect(mergeNotes(s)).toEqual([]);
  });

  it('skips entries of the terminal output that are not items', () => {
    const s = reduce([created, ...streamedMessage(0, 'm0', 'Hello'), completed([null, 'x', { id: 'no type' }, { type: 7 }, message('m0', 'completed', 'Hello')])]);
    expect(s.output).toEqual([message('m0', 'completed', 'Hello')]);
    expect(s.outputText).toBe('Hello');
    expect(mergeNotes(s).map((d) => d.code)).toEqual(['terminal_output_differs']);
  });

  it('keeps the streamed objects, and the output itself, when the terminal items are equal', () => {
    const open = reduce([created, ...streamedMessage(0, 'm0', 'Hello'), ...streamedMessage(1, 'm1', '!')]);
    // Same content, keys in another order and an undefined field: still equal.
    const same = [
      { content: [{ annotations: [], text: 'Hello', type: 'output_text' }], status: 'in_progress', role: 'assistant', id: 'm0', type: 'message', extra: undefined },
      message('m1', 'in_progress', '!'),
    ];
    const s = applyEvent(open, completed(same) as ResponseStreamEvent);
    expect(s.output).toBe(open.output);
    expect(s.output[0]).toBe(open.output[0]);
    expect(mergeNotes(s)).toEqual([]);
  });

  it('adopts a terminal item that differs, naming the fields that differ', () => {
    const open = reduce([created, ...streamedMessage(0, 'm0', 'Hello')]);
    const final = message('m0', 'completed', 'Hello, world');
    const s = applyEvent(open, completed([final]) as ResponseStreamEvent);
    expect(s.output).toEqual([final]);
    expect(s.outputText).toBe('Hello, world');
    expect(mergeNotes(s)).toEqual([
      {
        code: 'terminal_output_differs',
        message: "The terminal response's item 0 (message) differs from the streamed one (fields: status, content); adopted the terminal item",
        outputIndex: 0,
      },
    ]);
    // A field only one side has counts as differing too.
    const withExtra = applyEvent(open, completed([{ ...message('m0', 'in_progress', 'Hello'), phase: 'final_answer' }]) as ResponseStreamEvent);
    expect(mergeNotes(withExtra).map((d) => d.message)).toEqual([
      "The terminal response's item 0 (message) differs from the streamed one (fields: phase); adopted the terminal item",
    ]);
  });

  it('adopts the one terminal item that differs and keeps the streamed objects of the others', () => {
    const open = reduce([created, ...streamedMessage(0, 'm0', 'Hello'), ...streamedMessage(1, 'm1', ' there')]);
    const s = applyEvent(open, completed([message('m0', 'in_progress', 'Hello'), message('m1', 'completed', ' world')]) as ResponseStreamEvent);
    expect(s.output[0]).toBe(open.output[0]);
    expect(s.output[1]).toEqual(message('m1', 'completed', ' world'));
    expect(s.outputText).toBe('Hello world');
    expect(mergeNotes(s).map((d) => d.outputIndex)).toEqual([1]);
  });

  it('never throws on a terminal output with holes', () => {
    const open = reduce([created, ...streamedMessage(0, 'm0', 'Hello')]);
    const s = applyEvent(open, completed([undefined, message('m0', 'completed', 'Hello')]) as ResponseStreamEvent);
    expect(s.output).toEqual([message('m0', 'completed', 'Hello')]);
  });

  it('adopts a terminal item whose streamed twin was empty too, when other fields differ', () => {
    const skeleton = { type: 'function_call', id: 'fc', call_id: 'c', name: '', arguments: '', status: 'in_progress' };
    const final = { type: 'function_call', id: 'fc', call_id: 'c', name: 'lookup', arguments: '', status: 'completed' };
    const s = reduce([created, added(0, skeleton), completed([final])]);
    expect(s.output).toStrictEqual([final]);
    expect(mergeNotes(s)).toEqual([
      {
        code: 'terminal_output_differs',
        message: "The terminal response's item 0 (function_call) differs from the streamed one (fields: name, status); adopted the terminal item",
        outputIndex: 0,
      },
    ]);
  });

  it("counts only a message's output_text as its streamed text", () => {
    // Message content is output_text or refusal parts (EVENTS.md §4); a part of any other type,
    // even one with a text field, is not the message's text, so emptying it is just a difference.
    const odd = { type: 'message', id: 'm0', role: 'assistant', status: 'completed', content: [{ type: 'text', text: 'Hello' }] };
    const open = reduce([created, added(0, message('m0', 'in_progress')), { type: 'response.output_item.done', output_index: 0, item: odd }]);
    expect(open.output).toEqual([odd]);
    const s = applyEvent(open, completed([message('m0', 'completed')]) as ResponseStreamEvent);
    expect(s.output).toEqual([message('m0', 'completed')]);
    expect(mergeNotes(s).map((d) => d.code)).toEqual(['terminal_output_differs']);
  });

  it('names an own "__proto__" field that only one side has', () => {
    // JSON.parse makes "__proto__" an own data field; the other item's prototype is not a field.
    const streamed = JSON.parse('{"type":"message","id":"m0","role":"assistant","status":"completed","content":[],"__proto__":{}}') as Wire;
    const open = reduce([created, added(0, streamed)]);
    const s = applyEvent(open, completed([message('m0', 'completed')]) as ResponseStreamEvent);
    expect(s.output).toStrictEqual([message('m0', 'completed')]);
    expect(mergeNotes(s).map((d) => d.message)).toEqual([
      "The terminal response's item 0 (message) differs from the streamed one (fields: __proto__); adopted the terminal item",
    ]);
    const back = applyEvent(reduce([created, added(0, message('m0', 'completed'))]), completed([streamed]) as ResponseStreamEvent);
    expect(mergeNotes(back).map((d) => d.message)).toEqual([
      "The terminal response's item 0 (message) differs from the streamed one (fields: __proto__); adopted the terminal item",
    ]);
  });

  it('adopts terminal items past the streamed ones without a word', () => {
    const open = reduce([created, ...streamedMessage(0, 'm0', 'Hello')]);
    const more = [message('m0', 'in_progress', 'Hello'), message('m1', 'completed', ' again')];
    const s = applyEvent(open, completed(more) as ResponseStreamEvent);
    expect(s.output).toEqual(more);
    expect(s.output[0]).toBe(open.output[0]);
    expect(s.output).not.toBe(open.output);
    expect(s.outputText).toBe('Hello again');
    expect(mergeNotes(s)).toEqual([]);
  });

  it('keeps the streamed content of an item the terminal output left empty, with the terminal status', () => {
    const open = reduce([created, ...streamedMessage(0, 'm0', 'Hello')]);
    const s = applyEvent(open, completed([message('m0', 'completed')]) as ResponseStreamEvent);
    expect(s.output).toEqual([message('m0', 'completed', 'Hello')]);
    expect(s.outputText).toBe('Hello');
    expect(mergeNotes(s)).toEqual([
      {
        code: 'terminal_output_missing',
        message: "The terminal response's item 0 (message) lacks the content that was streamed; kept the streamed content",
        outputIndex: 0,
      },
    ]);
    // No status on the terminal item: the streamed one stays.
    const { status: _status, ...statusless } = message('m0', 'completed');
    const kept = applyEvent(open, completed([statusless]) as ResponseStreamEvent);
    expect(kept.output).toStrictEqual([message('m0', 'in_progress', 'Hello')]);
    const numeric = applyEvent(open, completed([{ ...statusless, status: 3 }]) as ResponseStreamEvent);
    expect(numeric.output).toStrictEqual([message('m0', 'in_progress', 'Hello')]);
  });

  it('keeps streamed arguments, input, code and reasoning text the terminal item left empty', () => {
    const cases: { name: string; skeleton: Wire; stream: Wire[]; emptied: Wire; expected: Wire }[] = [
      {
        name: 'function_call arguments',
        skeleton: { type: 'function_call', id: 'fc', call_id: 'c', name: 'f', arguments: '', status: 'in_progress' },
        stream: [{ type: 'response.function_call_arguments.delta', output_index: 0, item_id: 'fc', delta: '{"a":1}' }],
        emptied: { type: 'function_call', id: 'fc', call_id: 'c', name: 'f', arguments: '', status: 'completed' },
        expected: { type: 'function_call', id: 'fc', call_id: 'c', name: 'f', arguments: '{"a":1}', status: 'completed' },
      },
      {
        name: 'custom_tool_call input',
        skeleton: { type: 'custom_tool_call', id: 'ct', call_id: 'c', name: 'sql', input: '' },
        stream: [{ type: 'response.custom_tool_call_input.delta', output_index: 0, item_id: 'ct', delta: 'SELECT 1' }],
        emptied: { type: 'custom_tool_call', id: 'ct', call_id: 'c', name: 'sql', input: '' },
        expected: { type: 'custom_tool_call', id: 'ct', call_id: 'c', name: 'sql', input: 'SELECT 1' },
      },
      {
        name: 'code_interpreter_call code',
        skeleton: { type: 'code_interpreter_call', id: 'ci', status: 'in_progress', code: '', outputs: [], container_id: 'k' },
        stream: [{ type: 'response.code_interpreter_call_code.delta', output_index: 0, item_id: 'ci', delta: 'print(1)' }],
        emptied: { type: 'code_interpreter_call', id: 'ci', status: 'completed', code: null, outputs: [], container_id: 'k' },
        expected: { type: 'code_interpreter_call', id: 'ci', status: 'completed', code: 'print(1)', outputs: [], container_id: 'k' },
      },
      {
        name: 'reasoning summary',
        skeleton: { type: 'reasoning', id: 'rs', summary: [] },
        stream: [
          { type: 'response.reasoning_summary_part.added', output_index: 0, item_id: 'rs', summary_index: 0, part: { type: 'summary_text', text: '' } },
          { type: 'response.reasoning_summary_text.delta', output_index: 0, item_id: 'rs', summary_index: 0, delta: 'Think' },
        ],
        emptied: { type: 'reasoning', id: 'rs', summary: [null, { type: 'summary_text', text: '' }], status: 'completed' },
        expected: { type: 'reasoning', id: 'rs', summary: [{ type: 'summary_text', text: 'Think' }], status: 'completed' },
      },
      {
        name: 'reasoning content',
        skeleton: { type: 'reasoning', id: 'rs', summary: [] },
        stream: [
          { type: 'response.content_part.added', output_index: 0, item_id: 'rs', content_index: 0, part: { type: 'reasoning_text', text: '' } },
          { type: 'response.reasoning_text.delta', output_index: 0, item_id: 'rs', content_index: 0, delta: 'Hmm' },
        ],
        emptied: { type: 'reasoning', id: 'rs', summary: [], content: [] },
        expected: { type: 'reasoning', id: 'rs', summary: [], content: [{ type: 'reasoning_text', text: 'Hmm' }] },
      },
    ];
    for (const c of cases) {
      const s = reduce([created, added(0, c.skeleton), ...c.stream, completed([c.emptied])]);
      expect(s.output, c.name).toStrictEqual([c.expected]);
      expect(mergeNotes(s).map((d) => d.code), c.name).toEqual(['terminal_output_missing']);
    }
  });

  it('adopts an empty terminal item of another type than the streamed one', () => {
    const open = reduce([created, ...streamedMessage(0, 'm0', 'Hello')]);
    const call = { type: 'function_call', id: 'm0', call_id: 'c', name: 'f', arguments: '', status: 'completed' };
    const s = applyEvent(open, completed([call]) as ResponseStreamEvent);
    expect(s.output).toEqual([call]);
    expect(s.outputText).toBe('');
    expect(mergeNotes(s).map((d) => d.code)).toEqual(['terminal_output_differs']);
  });

  it('adopts a terminal item that has content where the streamed one had none', () => {
    const open = reduce([created, added(0, message('m0', 'in_progress'))]);
    const s = applyEvent(open, completed([message('m0', 'completed', 'Hi')]) as ResponseStreamEvent);
    expect(s.output).toEqual([message('m0', 'completed', 'Hi')]);
    expect(mergeNotes(s).map((d) => d.code)).toEqual(['terminal_output_differs']);
  });

  it('keeps the streamed items a shorter terminal output lacks, and counts them', () => {
    const three = [created, ...streamedMessage(0, 'm0', 'a'), ...streamedMessage(1, 'm1', 'b'), ...streamedMessage(2, 'm2', 'c')];
    const open = reduce(three);
    const s = applyEvent(open, completed([message('m0', 'in_progress', 'a')]) as ResponseStreamEvent);
    expect(s.output).toEqual(open.output);
    expect(s.output[1]).toBe(open.output[1]);
    expect(s.outputText).toBe('abc');
    expect(mergeNotes(s)).toEqual([
      { code: 'terminal_output_missing', message: 'The terminal response has 1 item but 3 were streamed; kept the 2 missing items', outputIndex: 1 },
    ]);
    const two = applyEvent(open, completed([message('m0', 'in_progress', 'a'), message('m1', 'in_progress', 'b')]) as ResponseStreamEvent);
    expect(mergeNotes(two)).toEqual([
      { code: 'terminal_output_missing', message: 'The terminal response has 2 items but 3 were streamed; kept the missing item', outputIndex: 2 },
    ]);
    expect(two.output).toBe(open.output);
  });
});

describe('deepEqual', () => {
  it('compares JSON values by structure, ignoring key order and undefined fields', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, u: undefined })).toBe(true);
    expect(deepEqual('a', 'a')).toBe(true);
    expect(deepEqual(null, null)).toBe(true);
    expect(deepEqual([], [])).toBe(true);
  });

  it('tells apart what differs anywhere, and arrays from objects', () => {
    expect(deepEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(deepEqual({ a: 1 }, { b: 1 })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(deepEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(deepEqual([1, [2, 3]], [1, [2, 4]])).toBe(false);
    expect(deepEqual({}, [])).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual({ a: null }, { a: {} })).toBe(false);
    expect(deepEqual({ a: {} }, { a: null })).toBe(false);
    expect(deepEqual(1, '1')).toBe(false);
    expect(deepEqual({ a: 1 }, 'x')).toBe(false);
    expect(deepEqual('x', { a: 1 })).toBe(false);
    // A string or number never equals an object, not even one holding its characters.
    expect(deepEqual({ 0: 'x' }, 'x')).toBe(false);
    expect(deepEqual('x', { 0: 'x' })).toBe(false);
    expect(deepEqual(1, {})).toBe(false);
    expect(deepEqual({}, 1)).toBe(false);
    expect(deepEqual('', {})).toBe(false);
    // An undefined element still takes its place in an array.
    expect(deepEqual([undefined], [])).toBe(false);
    expect(deepEqual([], [undefined])).toBe(false);
    expect(deepEqual([undefined, 1], [1])).toBe(false);
    // An own "__proto__" key (JSON.parse makes one) is a field like any other.
    expect(deepEqual(JSON.parse('{"__proto__":{}}'), JSON.parse('{"b":{}}'))).toBe(false);
  });

  it('compares values nested far deeper than the call stack allows', () => {
    const deep = (n: number, leaf: unknown): unknown => {
      let v = leaf;
      for (let i = 0; i < n; i++) v = i % 2 === 0 ? [v] : { v };
      return v;
    };
    expect(deepEqual(deep(200_000, 'x'), deep(200_000, 'x'))).toBe(true);
    expect(deepEqual(deep(200_000, 'x'), deep(200_000, 'y'))).toBe(false);
  });
});
