// toItemView() field by field, on hand-made items that leave out, empty or mistype each field a
// server might send: what a template reads from a view must never throw or show `undefined` text.
import { describe, expect, it } from 'vitest';
import { type ItemView, type ResponseOutputItem, isToolCallView, toItemView } from '../../src/index.js';

const view = (item: Record<string, unknown>, done = false, outputIndex = 0): ItemView & Record<string, unknown> =>
  toItemView(item as unknown as ResponseOutputItem, outputIndex, { done }) as ItemView & Record<string, unknown>;

describe('toItemView: status and done', () => {
  it.each([
    ['completed', false, 'completed', true],
    ['incomplete', false, 'incomplete', true],
    ['failed', false, 'failed', true],
    ['in_progress', false, 'in_progress', false],
    ['searching', false, 'searching', false],
    ['in_progress', true, 'in_progress', true],
    [undefined, true, 'completed', true],
    [undefined, false, 'in_progress', false],
    [7, false, 'in_progress', false],
  ] as const)('status %s with done %s gives status %s, done %s', (status, done, expectedStatus, expectedDone) => {
    const shaped = view({ type: 'web_search_call', id: 'ws_1', status }, done);
    expect(shaped.status).toBe(expectedStatus);
    expect(shaped.done).toBe(expectedDone);
  });

  it('keeps the position and the item, and reads an empty or missing id as none', () => {
    const item = { type: 'message', id: 'msg_1', content: [] };
    const shaped = view(item, true, 4);
    expect(shaped).toMatchObject({ kind: 'message', type: 'message', id: 'msg_1', outputIndex: 4 });
    expect(shaped.item).toBe(item);
    expect(view({ type: 'message', id: '' }).id).toBeUndefined();
    expect(view({ type: 'message', id: 3 }).id).toBeUndefined();
  });

  it("gives an item without a string type the kind 'other' and the type 'unknown'", () => {
    expect(view({ type: 42, id: 'x_1' })).toMatchObject({ kind: 'other', type: 'unknown', id: 'x_1' });
    expect(view({ type: 'new_tool_call' })).toEqual({ kind: 'other', type: 'new_tool_call', id: undefined, outputIndex: 0, status: 'in_progress', done: false, item: { type: 'new_tool_call' } });
    expect(Object.isFrozen(view({ type: 'new_tool_call' }))).toBe(true);
  });
});

describe('toItemView: messages and reasoning', () => {
  it('joins the output text and the refusal parts apart, skipping parts it cannot read', () => {
    const content = [
      { type: 'output_text', text: 'Hel' },
      { type: 'refusal', refusal: 'No' },
      null,
      { type: 'output_text', text: 5 },
      { type: 'output_text', refusal: 'x' },
      { type: 'refusal', text: 'y' },
      { type: 'output_text', text: 'lo' },
      { type: 'refusal', refusal: 'pe' },
    ];
    expect(view({ type: 'message', content })).toMatchObject({ text: 'Hello', refusal: 'Nope', phase: undefined });
    expect(view({ type: 'message', content: 'Hello' })).toMatchObject({ text: '', refusal: '' });
    expect(view({ type: 'message' })).toMatchObject({ text: '', refusal: '' });
  });

  it('keeps the two phases the API sends, and nothing else', () => {
    expect(view({ type: 'message', phase: 'commentary' }).phase).toBe('commentary');
    expect(view({ type: 'message', phase: 'final_answer' }).phase).toBe('final_answer');
    expect(view({ type: 'message', phase: 'analysis' }).phase).toBeUndefined();
  });

  it('lists the summary parts and joins the content parts of reasoning', () => {
    const shaped = view({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'First' }, null, { text: 3 }, { type: 'summary_text', text: 'Second' }], content: [{ text: 'thin' }, { text: 'king' }, {}] });
    expect(shaped.summary).toEqual(['First', '', '', 'Second']);
    expect(Object.isFrozen(shaped.summary)).toBe(true);
    expect(shaped.text).toBe('thinking');
    expect(view({ type: 'reasoning', summary: 'x', content: null })).toMatchObject({ summary: [], text: '' });
  });
});

describe('toItemView: function calls', () => {
  it('parses finished arguments, reading empty arguments as an empty object', () => {
    const shaped = view({ type: 'function_call', call_id: 'call_1', name: 'add', arguments: '{"a":1}' }, true);
    expect(shaped.parsedArguments).toEqual({ a: 1 });
    expect(shaped).toMatchObject({ kind: 'function_call', name: 'add', call_id: 'call_1', arguments: '{"a":1}', parsedArguments: { a: 1 }, partialArguments: { a: 1 }, parseError: undefined, tool: undefined });
    expect(shaped.partialArguments).toBe(shaped.parsedArguments);
    const empty = view({ type: 'function_call', call_id: 'call_2', name: 'now', arguments: '' }, true);
    expect(empty.parsedArguments).toEqual({});
    expect(empty.partialArguments).toBe(empty.parsedArguments);
    expect(empty.parseError).toBeUndefined();
  });

  it('fills in what a server left out, and gives broken arguments a SyntaxError', () => {
    const shaped = view({ type: 'function_call', arguments: 12 }, true);
    expect(shaped).toMatchObject({ name: '', call_id: '', arguments: '' });
    expect(shaped.parsedArguments).toEqual({});
    const broken = view({ type: 'function_call', call_id: 'call_3', name: 'add', arguments: '{"a":1,' }, true);
    expect(broken.parsedArguments).toBeUndefined();
    expect(broken.parseError).toBeInstanceOf(SyntaxError);
    expect(broken.partialArguments).toEqual({ a: 1 });
  });

  it('shows the arguments read so far while the call streams', () => {
    const shaped = view({ type: 'function_call', call_id: 'call_4', name: 'add', arguments: '{"a":1,"b":[2,' });
    expect(shaped).toMatchObject({ done: false, parsedArguments: undefined, parseError: undefined, partialArguments: { a: 1, b: [2] } });
  });
});

describe('toItemView: the other tool calls', () => {
  it('custom tool call: name, call id and input, empty when missing', () => {
    expect(view({ type: 'custom_tool_call', name: 'grep', call_id: 'c_1', input: 'needle' })).toMatchObject({ kind: 'custom_tool_call', name: 'grep', call_id: 'c_1', input: 'needle' });
    expect(view({ type: 'custom_tool_call' })).toMatchObject({ name: '', call_id: '', input: '' });
  });

  it("web search: the action and its query", () => {
    const action = { type: 'search', query: 'weather Paris' };
    const shaped = view({ type: 'web_search_call', action });
    expect(shaped).toMatchObject({ kind: 'web_search_call', query: 'weather Paris' });
    expect(shaped.action).toBe(action);
    expect(view({ type: 'web_search_call', action: { type: 'open_page' } })).toMatchObject({ query: undefined });
    expect(view({ type: 'web_search_call', action: { query: 3 } }).query).toBeUndefined();
    expect(view({ type: 'web_search_call', action: null })).toMatchObject({ action: undefined, query: undefined });
    expect(view({ type: 'web_search_call', action: 'search' })).toMatchObject({ action: undefined, query: undefined });
  });

  it('file search: the string queries and the results', () => {
    const results = [{ file_id: 'f_1', text: 'hit' }];
    const shaped = view({ type: 'file_search_call', queries: ['a', 2, 'b'], results });
    expect(shaped.queries).toEqual(['a', 'b']);
    expect(Object.isFrozen(shaped.queries)).toBe(true);
    expect(shaped.results).toBe(results);
    expect(view({ type: 'file_search_call', queries: 'a' })).toMatchObject({ queries: [], results: null });
  });

  it('code interpreter: code and outputs', () => {
    const outputs = [{ type: 'logs', logs: '2' }];
    const shaped = view({ type: 'code_interpreter_call', code: 'print(1+1)', outputs });
    expect(shaped.code).toBe('print(1+1)');
    expect(shaped.outputs).toBe(outputs);
    expect(view({ type: 'code_interpreter_call' })).toMatchObject({ code: '', outputs: null });
  });

  it('image generation: the preview from the context and the final image', () => {
    const partialImage = { b64: 'AAAA', index: 0 };
    const shaped = toItemView({ type: 'image_generation_call', result: 'BBBB' } as unknown as ResponseOutputItem, 0, { done: false, partialImage });
    expect(shaped).toMatchObject({ kind: 'image_generation_call', result: 'BBBB', partialImage });
    expect(view({ type: 'image_generation_call', result: '' })).toMatchObject({ result: undefined, partialImage: undefined });
  });

  it('MCP call: server, tool, arguments, output and error', () => {
    expect(view({ type: 'mcp_call', server_label: 'docs', name: 'search', arguments: '{}', output: 'ok', error: 'late' })).toMatchObject({
      kind: 'mcp_call',
      server_label: 'docs',
      name: 'search',
      arguments: '{}',
      output: 'ok',
      error: 'late',
    });
    expect(view({ type: 'mcp_call', error: { message: 'x' } })).toMatchObject({ server_label: '', name: '', arguments: '', output: undefined, error: undefined });
  });

  it('shell call: its commands, a command that is not text shown empty', () => {
    const shaped = view({ type: 'shell_call', call_id: 'sh_1', action: { commands: ['ls', 3, 'pwd'] } });
    expect(shaped).toMatchObject({ kind: 'shell_call', call_id: 'sh_1', commands: ['ls', '', 'pwd'] });
    expect(Object.isFrozen(shaped.commands)).toBe(true);
    expect(view({ type: 'shell_call', action: null })).toMatchObject({ call_id: '', commands: [] });
    expect(view({ type: 'shell_call', action: { commands: 'ls' } }).commands).toEqual([]);
  });

  it('shell call output: only the output entries that are objects', () => {
    const entry = { stdout: 'a', stderr: '' };
    const shaped = view({ type: 'shell_call_output', call_id: 'sh_1', output: [entry, null, 'x', 2] });
    expect(shaped).toMatchObject({ kind: 'shell_call_output', call_id: 'sh_1' });
    expect(shaped.output).toEqual([entry]);
    expect(Object.isFrozen(shaped.output)).toBe(true);
    expect(view({ type: 'shell_call_output', output: 'a' })).toMatchObject({ call_id: '', output: [] });
  });
});

describe('isToolCallView', () => {
  it('counts every tool call, and not messages, reasoning or a shell command output', () => {
    const kinds: Array<[Record<string, unknown>, boolean]> = [
      [{ type: 'message' }, false],
      [{ type: 'reasoning' }, false],
      [{ type: 'shell_call_output', output: [] }, false],
      [{ type: 'function_call' }, true],
      [{ type: 'custom_tool_call' }, true],
      [{ type: 'web_search_call' }, true],
      [{ type: 'shell_call' }, true],
      [{ type: 'mcp_call' }, true],
      [{ type: 'computer_call' }, true],
      [{ type: 'compaction' }, false],
      [{ type: 'mcp_list_tools' }, false],
    ];
    for (const [item, expected] of kinds) expect(isToolCallView(view(item)), String(item.type)).toBe(expected);
  });
});
