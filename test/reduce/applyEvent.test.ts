import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, applyEvent, emptySnapshot, finishSnapshot } from '../../src/index.js';
import { deepFreeze } from '../support/deepFreeze.js';

// Small hand-built streams for behaviour the recordings do not show (refusals, audio, failed
// MCP calls, both error shapes, sparse annotations). Every snapshot is frozen, so a reducer
// that mutates its input fails here.
function run(events: Record<string, unknown>[], from: ResponseSnapshot = emptySnapshot()): ResponseSnapshot[] {
  const out: ResponseSnapshot[] = [];
  let s = deepFreeze(from);
  for (const e of events) {
    s = deepFreeze(applyEvent(s, deepFreeze(e) as ResponseStreamEvent));
    out.push(s);
  }
  return out;
}
const last = (events: Record<string, unknown>[]) => run(events).at(-1) as ResponseSnapshot;
const created = (id = 'resp_1') => ({ type: 'response.created', sequence_number: 0, response: { id, object: 'response', status: 'in_progress', model: 'm', output: [] } });
const message = (id: string) => ({ type: 'message', id, role: 'assistant', status: 'in_progress', content: [] });
const codes = (s: ResponseSnapshot) => s.diagnostics.map((d) => d.code);
let seq = 1;
const ev = (type: string, fields: Record<string, unknown> = {}) => ({ type, sequence_number: seq++, ...fields });

describe('applyEvent', () => {
  it('shares every object a delta does not touch', () => {
    seq = 1;
    const steps = run([
      created(),
      ev('response.output_item.added', { output_index: 0, item: message('m0') }),
      ev('response.content_part.added', { output_index: 0, content_index: 0, item_id: 'm0', part: { type: 'output_text', text: '', annotations: [] } }),
      ev('response.output_item.added', { output_index: 1, item: message('m1') }),
      ev('response.content_part.added', { output_index: 1, content_index: 0, item_id: 'm1', part: { type: 'output_text', text: '', annotations: [] } }),
      ev('response.content_part.added', { output_index: 1, content_index: 1, item_id: 'm1', part: { type: 'output_text', text: 'x', annotations: [] } }),
      ev('response.output_text.delta', { output_index: 1, content_index: 0, item_id: 'm1', delta: 'hi' }),
    ]);
    const [before, after] = steps.slice(-2) as [ResponseSnapshot, ResponseSnapshot];
    expect(after.response).not.toBe(before.response);
    expect(after.response.output[0]).toBe(before.response.output[0]);
    expect(after.response.output[1]).not.toBe(before.response.output[1]);
    const partsBefore = (before.response.output[1] as { content: unknown[] }).content;
    const partsAfter = (after.response.output[1] as { content: unknown[] }).content;
    expect(partsAfter[1]).toBe(partsBefore[1]);
    expect(partsAfter[0]).toEqual({ type: 'output_text', text: 'hi', annotations: [] });
    expect(after.outputText).toBe('hix');
    expect(before.outputText).toBe('x');
  });

  it('applies refusals, annotations by index, and output_text.done with logprobs', () => {
    seq = 1;
    const s = last([
      created(),
      ev('response.output_item.added', { output_index: 0, item: message('m') }),
      ev('response.content_part.added', { output_index: 0, content_index: 0, item_id: 'm', part: { type: 'refusal', refusal: '' } }),
      ev('response.refusal.delta', { output_index: 0, content_index: 0, item_id: 'm', delta: 'I can' }),
      ev('response.refusal.delta', { output_index: 0, content_index: 0, item_id: 'm', delta: "'t" }),
      ev('response.refusal.done', { output_index: 0, content_index: 0, item_id: 'm', refusal: "I can't" }),
      ev('response.content_part.added', { output_index: 0, content_index: 1, item_id: 'm', part: { type: 'output_text', text: '', annotations: [] } }),
      ev('response.output_text.delta', { output_index: 0, content_index: 1, item_id: 'm', delta: 'See' }),
      ev('response.output_text.annotation.added', { output_index: 0, content_index: 1, item_id: 'm', annotation_index: 0, annotation: { type: 'file_path', file_id: 'f' } }),
      ev('response.output_text.annotation.added', { output_index: 0, content_index: 1, item_id: 'm', annotation_index: 1, annotation: { type: 'url_citation', url: 'u' } }),
      ev('response.output_text.done', { output_index: 0, content_index: 1, item_id: 'm', text: 'See', logprobs: [{ token: 'See', logprob: -0.1 }] }),
    ]);
    const content = (s.response.output[0] as unknown as { content: Record<string, unknown>[] }).content;
    expect(content[0]).toEqual({ type: 'refusal', refusal: "I can't" });
    expect(content[1]?.annotations).toEqual([{ type: 'file_path', file_id: 'f' }, { type: 'url_citation', url: 'u' }]);
    expect(content[1]?.logprobs).toEqual([{ token: 'See', logprob: -0.1 }]);
    expect(s.outputText).toBe('See');
    expect(codes(s)).toEqual([]);
  });

  it('applies reasoning summaries and raw reasoning text by index', () => {
    seq = 1;
    const s = last([
      created(),
      ev('response.output_item.added', { output_index: 0, item: { type: 'reasoning', id: 'r', summary: [] } }),
      ev('response.reasoning_summary_part.added', { output_index: 0, item_id: 'r', summary_index: 0, part: { type: 'summary_text', text: '' } }),
      ev('response.reasoning_summary_text.delta', { output_index: 0, item_id: 'r', summary_index: 0, delta: 'Think' }),
      ev('response.reasoning_summary_text.done', { output_index: 0, item_id: 'r', summary_index: 0, text: 'Think' }),
      ev('response.reasoning_summary_part.done', { output_index: 0, item_id: 'r', summary_index: 0, part: { type: 'summary_text', text: 'Think' } }),
      ev('response.content_part.added', { output_index: 0, item_id: 'r', content_index: 0, part: { type: 'reasoning_text', text: '' } }),
      ev('response.reasoning_text.delta', { output_index: 0, item_id: 'r', content_index: 0, delta: 'raw' }),
      ev('response.reasoning_text.done', { output_index: 0, item_id: 'r', content_index: 0, text: 'raw!' }),
    ]);
    expect(s.response.output[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'Think' }], content: [{ type: 'reasoning_text', text: 'raw!' }] });
    expect(codes(s)).toEqual(['done_mismatch']);
    expect(s.outputText).toBe('');
  });

  it('applies tool progress: statuses, code, MCP arguments, custom input, partial images', () => {
    seq = 1;
    const s = last([
      created(),
      ev('response.output_item.added', { output_index: 0, item: { type: 'code_interpreter_call', id: 'ci', status: 'in_progress', code: null, outputs: null, container_id: 'c' } }),
      ev('response.code_interpreter_call.in_progress', { output_index: 0, item_id: 'ci' }),
      ev('response.code_interpreter_call_code.delta', { output_index: 0, item_id: 'ci', delta: 'print(' }),
      ev('response.code_interpreter_call_code.delta', { output_index: 0, item_id: 'ci', delta: '1)' }),
      ev('response.code_interpreter_call.interpreting', { output_index: 0, item_id: 'ci' }),
      ev('response.output_item.added', { output_index: 1, item: { type: 'mcp_call', id: 'mc', server_label: 's', name: 'n', arguments: '' } }),
      ev('response.mcp_call.in_progress', { output_index: 1, item_id: 'mc' }),
      ev('response.mcp_call_arguments.delta', { output_index: 1, item_id: 'mc', delta: '{"a":' }),
      ev('response.mcp_call_arguments.done', { output_index: 1, item_id: 'mc', arguments: '{"a":1}' }),
      ev('response.mcp_call.failed', { output_index: 1, item_id: 'mc' }),
      ev('response.output_item.added', { output_index: 2, item: { type: 'custom_tool_call', id: 'ct', call_id: 'c1', name: 'g', input: '' } }),
      ev('response.custom_tool_call_input.delta', { output_index: 2, item_id: 'ct', delta: 'SELECT' }),
      ev('response.output_item.added', { output_index: 3, item: { type: 'image_generation_call', id: 'ig', status: 'in_progress', result: null } }),
      ev('response.image_generation_call.generating', { output_index: 3, item_id: 'ig' }),
      ev('response.image_generation_call.partial_image', { output_index: 3, item_id: 'ig', partial_image_b64: 'AAA', partial_image_index: 0 }),
      ev('response.image_generation_call.partial_image', { output_index: 3, item_id: 'ig', partial_image_b64: 'BBB', partial_image_index: 1 }),
      ev('response.output_item.added', { output_index: 4, item: { type: 'mcp_list_tools', id: 'ml', server_label: 's', tools: [] } }),
      ev('response.mcp_list_tools.failed', { output_index: 4, item_id: 'ml' }),
      ev('response.audio.delta', { delta: 'AAAA' }),
      ev('keepalive'),
    ]);
    const [ci, mc, ct, ig, ml] = s.response.output as Record<string, unknown>[];
    expect(ci).toMatchObject({ code: 'print(1)', status: 'interpreting' });
    expect(mc).toMatchObject({ arguments: '{"a":1}', status: 'failed' });
    expect(ct).toMatchObject({ input: 'SELECT' });
    expect(ig).toMatchObject({ status: 'generating', result: null });
    expect(ml).toEqual({ type: 'mcp_list_tools', id: 'ml', server_label: 's', tools: [] });
    expect(s.partialImages.get(3)).toEqual({ b64: 'BBB', index: 1 });
    expect(codes(s)).toEqual(['done_mismatch']);
  });

  it('reads both error event shapes, preferring the nested value per field', () => {
    seq = 1;
    const flat = last([created(), ev('error', { code: 'rate_limit_exceeded', message: 'slow down', param: null })]);
    expect(flat.phase).toBe('error');
    expect(flat.streamError).toMatchObject({ code: 'rate_limit_exceeded', message: 'slow down', param: null });
    const nested = last([created(), ev('error', { code: 'flat', error: { type: 'x', code: 'insufficient_quota', message: 'quota', param: 'p' } })]);
    expect(nested.streamError).toMatchObject({ code: 'insufficient_quota', message: 'quota', param: 'p' });
  });

  it('reports sequence gaps, repeats, events after the terminal one and unknown event types', () => {
    const s = last([
      { type: 'response.created', sequence_number: 0, response: { id: 'r', output: [] } },
      { type: 'response.in_progress', sequence_number: 1, response: { id: 'r', output: [] } },
      { type: 'response.vendor_extra', sequence_number: 5 },
      { type: 'response.vendor_extra', sequence_number: 5 },
      { type: 'response.completed', sequence_number: 6, response: { id: 'r', status: 'completed', output: [] } },
      { type: 'response.output_text.delta', sequence_number: 7, output_index: 0, content_index: 0, delta: 'late' },
    ]);
    expect(codes(s)).toEqual(['sequence_gap', 'unknown_event_type', 'sequence_regression', 'event_after_terminal']);
    expect(s.outputText).toBe('');
    expect(s.lastSequenceNumber).toBe(7);
  });

  it('starts a new snapshot when a response.created carries another id', () => {
    seq = 1;
    const steps = run([created('a'), ev('response.completed', { response: { id: 'a', status: 'completed', output: [] } }), created('b')]);
    expect(steps[2]?.responseIndex).toBe(1);
    expect(steps[2]?.response.id).toBe('b');
    expect(steps[2]?.eventCount).toBe(1);
    const abandoned = run([created('a'), created('b')]);
    expect(codes(abandoned[1] as ResponseSnapshot)).toEqual(['response_abandoned']);
  });

  it('creates the items and parts that events imply, by index and else by item id', () => {
    const s = last([
      { type: 'response.output_text.delta', item_id: 'x', delta: 'He' },
      { type: 'response.output_text.delta', item_id: 'x', delta: 'llo' },
      { type: 'response.function_call_arguments.delta', output_index: 1, item_id: 'f', delta: '{}' },
    ]);
    expect(s.response.output.map((i) => i.type)).toEqual(['message', 'function_call']);
    expect(s.outputText).toBe('Hello');
    expect(codes(s)).toEqual(expect.arrayContaining(['missing_created', 'unknown_item', 'missing_output_index', 'missing_sequence_number']));
  });

  it('keeps output dense when the server skips an output_index, and still routes later events', () => {
    seq = 1;
    const s = last([
      created(),
      ev('response.output_item.added', { output_index: 2, item: message('m') }),
      ev('response.output_text.delta', { output_index: 2, content_index: 0, item_id: 'm', delta: 'ok' }),
    ]);
    expect(s.response.output).toHaveLength(1);
    expect(s.outputText).toBe('ok');
    expect(codes(s)).toEqual(['index_out_of_range', 'unknown_item']);
  });

  it('ignores a delta aimed at an item of another type, with a diagnostic', () => {
    seq = 1;
    const s = last([
      created(),
      ev('response.output_item.added', { output_index: 0, item: { type: 'function_call', id: 'f', call_id: 'c', name: 'n', arguments: '' } }),
      ev('response.output_text.delta', { output_index: 0, content_index: 0, item_id: 'f', delta: 'oops' }),
    ]);
    expect(s.response.output[0]).toMatchObject({ type: 'function_call', arguments: '' });
    expect(codes(s)).toEqual(['item_type_mismatch']);
  });

  it('notes a terminal event that carries no response, and keeps what was streamed', () => {
    seq = 1;
    const s = last([
      created(),
      ev('response.output_item.added', { output_index: 0, item: message('m') }),
      ev('response.output_text.delta', { output_index: 0, content_index: 0, item_id: 'm', delta: 'Hello' }),
      ev('response.completed'),
    ]);
    expect(s.phase).toBe('completed');
    expect(s.outputText).toBe('Hello');
    expect(codes(s)).toContain('terminal_missing_fields');
  });

  it('finishSnapshot adds missing_terminal only to a stream that did not end', () => {
    seq = 1;
    const open = finishSnapshot(last([created()]));
    expect(codes(open)).toEqual(['missing_terminal']);
    const done = last([created(), ev('response.completed', { response: { id: 'resp_1', status: 'completed', output: [] } })]);
    expect(finishSnapshot(done)).toBe(done);
  });
});
