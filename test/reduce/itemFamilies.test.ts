import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, applyEvent, emptySnapshot } from '../../src/index.js';

// Gateways that skip output_item.added (EVENTS.md §6) send events for items never added: the
// reducer creates the item the event implies, shaped as output_item.added would have sent it
// (EVENTS.md §4 for the fields; §2: skeletons arrive `in_progress` with empty text), then applies
// the event. An event of one family never lands on an item of another type.
type Wire = Record<string, unknown>;
const reduce = (events: readonly Wire[]): ResponseSnapshot => events.reduce<ResponseSnapshot>((s, e) => applyEvent(s, e as ResponseStreamEvent), emptySnapshot());
const created: Wire = { type: 'response.created', response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'm', output: [] } };
const only = (e: Wire) => reduce([created, e]);
const codes = (s: ResponseSnapshot) => s.diagnostics.map((d) => d.code);

describe('items created for events of items never added', () => {
  const cases: { event: Wire; item: Wire }[] = [
    {
      event: { type: 'response.output_text.delta', output_index: 0, item_id: 'msg_1', content_index: 0, delta: 'Hi' },
      item: { type: 'message', id: 'msg_1', role: 'assistant', status: 'in_progress', content: [{ type: 'output_text', text: 'Hi', annotations: [] }] },
    },
    {
      event: { type: 'response.refusal.delta', output_index: 0, item_id: 'msg_1', content_index: 0, delta: 'No' },
      item: { type: 'message', id: 'msg_1', role: 'assistant', status: 'in_progress', content: [{ type: 'refusal', refusal: 'No' }] },
    },
    {
      event: { type: 'response.reasoning_summary_text.delta', output_index: 0, item_id: 'rs_1', summary_index: 0, delta: 'Think' },
      item: { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Think' }] },
    },
    {
      event: { type: 'response.reasoning_text.delta', output_index: 0, item_id: 'rs_1', content_index: 0, delta: 'Hmm' },
      item: { type: 'reasoning', id: 'rs_1', summary: [], content: [{ type: 'reasoning_text', text: 'Hmm' }] },
    },
    {
      event: { type: 'response.function_call_arguments.delta', output_index: 0, item_id: 'fc_1', delta: '{"a"' },
      item: { type: 'function_call', id: 'fc_1', call_id: '', name: '', arguments: '{"a"', status: 'in_progress' },
    },
    {
      event: { type: 'response.custom_tool_call_input.delta', output_index: 0, item_id: 'ct_1', delta: 'SELECT' },
      item: { type: 'custom_tool_call', id: 'ct_1', call_id: '', name: '', input: 'SELECT' },
    },
    {
      event: { type: 'response.code_interpreter_call_code.delta', output_index: 0, item_id: 'ci_1', delta: 'print(1)' },
      item: { type: 'code_interpreter_call', id: 'ci_1', status: 'in_progress', code: 'print(1)', outputs: null, container_id: '' },
    },
    {
      event: { type: 'response.web_search_call.searching', output_index: 0, item_id: 'ws_1' },
      item: { type: 'web_search_call', id: 'ws_1', status: 'searching' },
    },
    {
      event: { type: 'response.file_search_call.searching', output_index: 0, item_id: 'fs_1' },
      item: { type: 'file_search_call', id: 'fs_1', status: 'searching', queries: [], results: null },
    },
    {
      event: { type: 'response.image_generation_call.partial_image', output_index: 0, item_id: 'ig_1', partial_image_index: 0, partial_image_b64: 'AAAA' },
      item: { type: 'image_generation_call', id: 'ig_1', status: 'in_progress', result: null },
    },
    {
      event: { type: 'response.mcp_call_arguments.delta', output_index: 0, item_id: 'mcp_1', delta: '{"q"' },
      item: { type: 'mcp_call', id: 'mcp_1', server_label: '', name: '', arguments: '{"q"', status: 'in_progress' },
    },
    {
      event: { type: 'response.mcp_list_tools.in_progress', output_index: 0, item_id: 'mcpl_1' },
      item: { type: 'mcp_list_tools', id: 'mcpl_1', server_label: '', tools: [] },
    },
    {
      event: { type: 'response.shell_call_command.delta', output_index: 0, item_id: 'sh_1', command_index: 0, delta: 'ls' },
      item: { type: 'shell_call', id: 'sh_1', call_id: '', status: 'in_progress', action: { commands: ['ls'], max_output_length: null, timeout_ms: null } },
    },
    {
      event: { type: 'response.shell_call_output_content.delta', output_index: 0, item_id: 'sho_1', command_index: 0, delta: { stdout: 'a.txt' } },
      item: {
        type: 'shell_call_output', id: 'sho_1', call_id: '', status: 'in_progress', max_output_length: null,
        output: [{ stdout: 'a.txt', stderr: '', outcome: { type: 'exit', exit_code: 0 } }],
      },
    },
  ];
  for (const { event, item } of cases) {
    it(`${String(event.type)} creates ${String(item.type)} item`, () => {
      const s = only(event);
      expect(s.output).toStrictEqual([item]);
      expect(codes(s)).toContain('unknown_item');
    });
  }

  it('starts a created shell_call_output with no results: one for a later command goes first', () => {
    // No shell_call says how many commands were sent, so no slot is filled ahead.
    const s = only({ type: 'response.shell_call_output_content.delta', output_index: 0, item_id: 'sho_1', command_index: 1, delta: { stdout: 'x' } });
    expect((s.output[0] as { output: unknown }).output).toStrictEqual([{ stdout: 'x', stderr: '', outcome: { type: 'exit', exit_code: 0 } }]);
    expect(s.diagnostics.at(-1)?.message).toBe('response.shell_call_output_content.delta at output[1] of item 0, but only 0 exist; used 0');
  });

  it('gives the created item no id when the event names none', () => {
    const message = only({ type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: 'Hi' });
    expect(message.output).toStrictEqual([{ type: 'message', role: 'assistant', status: 'in_progress', content: [{ type: 'output_text', text: 'Hi', annotations: [] }] }]);
    expect(message.outputText).toBe('Hi');
    const web = only({ type: 'response.web_search_call.completed', output_index: 0 });
    expect(web.output).toStrictEqual([{ type: 'web_search_call', status: 'completed' }]);
  });

  it('names the created item in its diagnostic', () => {
    const message = only({ type: 'response.output_text.delta', output_index: 0, item_id: 'msg_1', content_index: 0, delta: 'Hi' });
    expect(message.diagnostics.find((d) => d.code === 'unknown_item')?.message).toBe(
      'response.output_text.delta for item msg_1, which was never added; created a message item',
    );
    const image = only({ type: 'response.image_generation_call.generating', output_index: 0 });
    expect(image.diagnostics.find((d) => d.code === 'unknown_item')?.message).toBe(
      'response.image_generation_call.generating for output_index 0, which was never added; created an image_generation_call item',
    );
  });
});

describe('which items an event family may address', () => {
  const added = (item: Wire): Wire => ({ type: 'response.output_item.added', output_index: 0, item });
  const families: { item: Wire; event: Wire }[] = [
    { item: { type: 'message', id: 'x', role: 'assistant', status: 'in_progress', content: [] }, event: { type: 'response.output_text.delta', content_index: 0, delta: 'a' } },
    { item: { type: 'reasoning', id: 'x', summary: [] }, event: { type: 'response.reasoning_summary_text.delta', summary_index: 0, delta: 'a' } },
    { item: { type: 'function_call', id: 'x', call_id: 'c', name: 'f', arguments: '', status: 'in_progress' }, event: { type: 'response.function_call_arguments.delta', delta: 'a' } },
    { item: { type: 'custom_tool_call', id: 'x', call_id: 'c', name: 'f', input: '' }, event: { type: 'response.custom_tool_call_input.delta', delta: 'a' } },
    { item: { type: 'code_interpreter_call', id: 'x', status: 'in_progress', code: '', outputs: [], container_id: 'k' }, event: { type: 'response.code_interpreter_call_code.delta', delta: 'a' } },
    { item: { type: 'web_search_call', id: 'x', status: 'in_progress' }, event: { type: 'response.web_search_call.searching' } },
    { item: { type: 'file_search_call', id: 'x', status: 'in_progress', queries: [], results: null }, event: { type: 'response.file_search_call.searching' } },
    { item: { type: 'image_generation_call', id: 'x', status: 'in_progress' }, event: { type: 'response.image_generation_call.generating' } },
    { item: { type: 'mcp_call', id: 'x', server_label: 's', name: 'n', arguments: '', status: 'in_progress' }, event: { type: 'response.mcp_call_arguments.delta', delta: 'a' } },
    { item: { type: 'mcp_list_tools', id: 'x', server_label: 's', tools: [] }, event: { type: 'response.mcp_list_tools.completed' } },
    { item: { type: 'shell_call', id: 'x', call_id: 'c', status: 'in_progress', action: { commands: [], max_output_length: null, timeout_ms: null } }, event: { type: 'response.shell_call_command.added', command_index: 0, command: 'ls' } },
    { item: { type: 'shell_call_output', id: 'x', call_id: 'c', status: 'in_progress', max_output_length: null, output: [] }, event: { type: 'response.shell_call_output_content.delta', command_index: 0, delta: { stdout: 'a' } } },
  ];

  it('applies each family to its own item type', () => {
    for (const { item, event } of families) {
      const s = reduce([created, added(item), { ...event, output_index: 0, item_id: 'x' }]);
      expect(s.output.length, String(event.type)).toBe(1);
      expect(s.output[0], String(event.type)).toMatchObject({ type: item.type, id: 'x' });
      expect(codes(s), String(event.type)).not.toContain('item_type_mismatch');
      // No other item was made for it (a message part may be: no content_part.added here).
      expect(s.diagnostics.filter((d) => d.message.endsWith(' item')), String(event.type)).toEqual([]);
    }
  });

  it('ignores each family on an item of another type, naming that type', () => {
    for (const [i, { event }] of families.entries()) {
      const other = families[(i + 1) % families.length]?.item as Wire;
      const s = reduce([created, added(other), { ...event, output_index: 0, item_id: 'x' }]);
      expect(s.output, String(event.type)).toStrictEqual([other]);
      const mismatch = s.diagnostics.find((d) => d.code === 'item_type_mismatch');
      const article = /^[aeiou]/.test(String(other.type)) ? 'an' : 'a';
      expect(mismatch?.message, String(event.type)).toBe(`${String(event.type)} addressed ${article} ${String(other.type)} item at output_index 0; ignored`);
    }
  });
});

describe('parts and results created for events that skipped their added event', () => {
  const message = { type: 'message', id: 'm', role: 'assistant', status: 'in_progress', content: [] };
  const addedMessage: Wire = { type: 'response.output_item.added', output_index: 0, item: message };

  it('creates the part each delta implies: output_text, refusal, summary_text', () => {
    const text = reduce([created, addedMessage, { type: 'response.output_text.delta', output_index: 0, item_id: 'm', content_index: 0, delta: 'Hi' }]);
    expect((text.output[0] as { content: unknown }).content).toStrictEqual([{ type: 'output_text', text: 'Hi', annotations: [] }]);
    expect(text.diagnostics.find((d) => d.code === 'unknown_item')?.message).toBe(
      'response.output_text.delta for content[0] of item 0, which was never added; created an output_text part at 0',
    );
    const refusal = reduce([created, addedMessage, { type: 'response.refusal.delta', output_index: 0, item_id: 'm', content_index: 0, delta: 'No' }]);
    expect((refusal.output[0] as { content: unknown }).content).toStrictEqual([{ type: 'refusal', refusal: 'No' }]);
    expect(refusal.outputText).toBe('');
    const summary = reduce([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { type: 'reasoning', id: 'r', summary: [] } },
      { type: 'response.reasoning_summary_text.delta', output_index: 0, item_id: 'r', summary_index: 0, delta: 'T' },
    ]);
    expect((summary.output[0] as { summary: unknown }).summary).toStrictEqual([{ type: 'summary_text', text: 'T' }]);
  });

  it('fills the results before one that arrives ahead of its command order with empty, successful results', () => {
    const s = reduce([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { type: 'shell_call', id: 'sh', call_id: 'c1', status: 'in_progress', action: { commands: ['ls', 'pwd', 'id'], max_output_length: null, timeout_ms: null } } },
      { type: 'response.output_item.added', output_index: 1, item: { type: 'shell_call_output', id: 'sho', call_id: 'c1', status: 'in_progress', max_output_length: null, output: [] } },
      { type: 'response.shell_call_output_content.delta', output_index: 1, item_id: 'sho', command_index: 2, delta: { stderr: 'uid' } },
    ]);
    const empty = { stdout: '', stderr: '', outcome: { type: 'exit', exit_code: 0 } };
    expect((s.output[1] as { output: unknown }).output).toStrictEqual([empty, empty, { stdout: '', stderr: 'uid', outcome: { type: 'exit', exit_code: 0 } }]);
    const [first, second] = (s.output[1] as { output: object[] }).output;
    expect(first).not.toBe(second);
  });
});
