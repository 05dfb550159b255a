// What the Open Responses specification adds to the wire format: reasoning content events
// under their own names, provider-prefixed extension events and items, a nested error
// payload, and `null` where an item or annotation would be.
import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, applyEvent, emptySnapshot, isExtensionEvent } from '../../src/index.js';
import { ResponseAccumulator } from '../../src/reduce/ResponseAccumulator.js';
import { applyDeltaFast } from '../../src/reduce/applyDeltaFast.js';
import { deepFreeze } from '../support/deepFreeze.js';

type Wire = Record<string, unknown> & { type: string };
let seq = 0;
const ev = (type: string, fields: Record<string, unknown> = {}): Wire => ({ type, sequence_number: seq++, ...fields });
const created = () => ev('response.created', { response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'm', output: [] } });
const codes = (s: ResponseSnapshot) => s.diagnostics.map((d) => d.code);

function reduce(events: readonly Wire[]): ResponseSnapshot {
  let s = emptySnapshot();
  for (const e of events) s = deepFreeze(applyEvent(s, deepFreeze(e) as ResponseStreamEvent));
  return s;
}

describe('Open Responses streams', () => {
  it('response.reasoning.delta/.done build the reasoning item\'s content, by content_index', () => {
    seq = 0;
    const events = [
      created(),
      ev('response.output_item.added', { output_index: 0, item: { type: 'reasoning', id: 'rs', summary: [] } }),
      ev('response.content_part.added', { output_index: 0, item_id: 'rs', content_index: 0, part: { type: 'reasoning_text', text: '' } }),
      ev('response.reasoning.delta', { output_index: 0, item_id: 'rs', content_index: 0, delta: 'Let me ' }),
      ev('response.reasoning.delta', { output_index: 0, item_id: 'rs', content_index: 0, delta: 'think.' }),
      ev('response.reasoning.done', { output_index: 0, item_id: 'rs', content_index: 0, text: 'Let me think.' }),
    ];
    const s = reduce(events);
    expect(s.output[0]).toMatchObject({ content: [{ type: 'reasoning_text', text: 'Let me think.' }] });
    expect(codes(s)).toEqual([]);
    expect(s.outputText).toBe('');
    // The deltas take the short way too, and finalResponse()'s accumulator absorbs them alike.
    const before = reduce(events.slice(0, 3));
    expect(applyDeltaFast(before, events[3] as never)).toBeDefined();
    const accumulator = new ResponseAccumulator();
    for (const e of events) accumulator.apply(e as ResponseStreamEvent);
    expect(JSON.stringify(accumulator.current())).toBe(JSON.stringify(s));
  });

  it('extension events and provider-prefixed items pass through without unknown_event_type', () => {
    seq = 0;
    const start = created();
    const trace = ev('acme:trace_event', { span: 'search', ms: 12 });
    const s = reduce([
      start,
      trace,
      ev('response.output_item.added', { output_index: 0, item: { type: 'acme:trace', id: 'tr_1', data: { a: 1 } } }),
      ev('response.output_item.done', { output_index: 0, item: { type: 'acme:trace', id: 'tr_1', data: { a: 2 } } }),
      ev('acme:trace_event', { span: 'answer' }),
    ]);
    expect(isExtensionEvent(trace as ResponseStreamEvent)).toBe(true);
    expect(s.output).toEqual([{ type: 'acme:trace', id: 'tr_1', data: { a: 2 } }]);
    expect(codes(s)).toEqual([]);
    // A type without a prefix is still unknown.
    expect(codes(reduce([created(), ev('response.acme_trace')]))).toEqual(['unknown_event_type']);
  });

  it('reads the nested error payload, with its type', () => {
    seq = 0;
    const s = reduce([created(), ev('error', { error: { type: 'invalid_request_error', code: 'bad_input', message: 'No.', param: 'input' } })]);
    expect(s.phase).toBe('error');
    expect(s.streamError).toEqual({ type: 'invalid_request_error', code: 'bad_input', message: 'No.', param: 'input', sequenceNumber: 1 });
  });

  it('a null item or annotation is diagnosed, not a crash, and the stream goes on', () => {
    seq = 0;
    const message = { type: 'message', id: 'm', role: 'assistant', status: 'in_progress', content: [] };
    const s = reduce([
      created(),
      ev('response.output_item.added', { output_index: 0, item: null }),
      ev('response.output_item.added', { output_index: 0, item: message }),
      ev('response.content_part.added', { output_index: 0, item_id: 'm', content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }),
      ev('response.output_text.delta', { output_index: 0, item_id: 'm', content_index: 0, delta: 'Hi' }),
      ev('response.output_text.annotation.added', { output_index: 0, item_id: 'm', content_index: 0, annotation_index: 0, annotation: null }),
      ev('response.output_item.done', { output_index: 0, item: null }),
    ]);
    expect(s.outputText).toBe('Hi');
    expect(s.output[0]).toMatchObject({ content: [{ text: 'Hi', annotations: [] }] });
    expect(codes(s)).toEqual(['unknown_item', 'unknown_item', 'unknown_item']);
  });
});
