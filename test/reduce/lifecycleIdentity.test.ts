// Lifecycle events that carry output items (openai-node adopts them), the running text on
// snapshot.response, and item identity: duplicate ids and call ids, ids that change at
// output_item.done, and a delta whose item_id names another item.
import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, applyEvent, emptySnapshot } from '../../src/index.js';
import { ResponseAccumulator } from '../../src/reduce/ResponseAccumulator.js';
import { deepFreeze } from '../support/deepFreeze.js';

type Wire = Record<string, unknown> & { type: string };
let seq = 0;
const ev = (type: string, fields: Record<string, unknown> = {}): Wire => ({ type, sequence_number: seq++, ...fields });
const response = (fields: Record<string, unknown> = {}) => ({ id: 'resp_1', object: 'response', status: 'in_progress', model: 'm', output: [], ...fields });
const text = (t: string) => ({ type: 'output_text', text: t, annotations: [] });
const message = (id: string, t?: string) => ({ type: 'message', id, role: 'assistant', status: t === undefined ? 'in_progress' : 'completed', content: t === undefined ? [] : [text(t)] });
const call = (id: string, callId: string) => ({ type: 'function_call', id, call_id: callId, name: 'f', arguments: '', status: 'in_progress' });
const codes = (s: ResponseSnapshot) => s.diagnostics.map((d) => d.code);

function steps(events: readonly Wire[]): ResponseSnapshot[] {
  const out: ResponseSnapshot[] = [];
  let s = emptySnapshot();
  for (const e of events) out.push((s = deepFreeze(applyEvent(s, deepFreeze(e) as ResponseStreamEvent))));
  return out;
}
const reduce = (events: readonly Wire[]) => steps(events).at(-1) as ResponseSnapshot;

describe('lifecycle events that carry output', () => {
  for (const type of ['response.created', 'response.queued']) {
    it(`${type} with output items: adopted, text included`, () => {
      seq = 0;
      const s = reduce([ev(type, { response: response({ output: [message('m0', 'Hello')] }) })]);
      expect(s.output).toEqual([message('m0', 'Hello')]);
      expect(s.outputText).toBe('Hello');
      expect(codes(s)).toEqual([]);
    });
  }

  it('response.in_progress adds the items the stream has not, and keeps the streamed ones', () => {
    seq = 0;
    const events = [
      ev('response.created', { response: response() }),
      ev('response.output_item.added', { output_index: 0, item: message('m0') }),
      ev('response.content_part.added', { output_index: 0, item_id: 'm0', content_index: 0, part: text('') }),
      ev('response.output_text.delta', { output_index: 0, item_id: 'm0', content_index: 0, delta: 'streamed' }),
      // Stale for item 0, new for item 1.
      ev('response.in_progress', { response: response({ output: [message('m0', ''), message('m1', ' and carried')] }) }),
      ev('response.in_progress', { response: response({ output: [] }) }),
    ];
    const s = reduce(events);
    expect(s.output.map((i) => (i as { id: string }).id)).toEqual(['m0', 'm1']);
    expect(s.outputText).toBe('streamed and carried');
    expect(codes(s)).toEqual([]);
    const accumulator = new ResponseAccumulator();
    for (const e of events) accumulator.apply(e as ResponseStreamEvent);
    expect(JSON.stringify(accumulator.current())).toBe(JSON.stringify(s));
  });
});

describe('snapshot.response.output_text', () => {
  it('always equals snapshot.outputText, never the stale value a lifecycle event carried', () => {
    seq = 0;
    const all = steps([
      ev('response.created', { response: response({ output_text: 'stale' }) }),
      ev('response.output_item.added', { output_index: 0, item: message('m0') }),
      ev('response.content_part.added', { output_index: 0, item_id: 'm0', content_index: 0, part: text('') }),
      ev('response.output_text.delta', { output_index: 0, item_id: 'm0', content_index: 0, delta: 'Hi' }),
      ev('response.output_text.delta', { output_index: 0, item_id: 'm0', content_index: 0, delta: '!' }),
      ev('response.in_progress', { response: response({ output_text: 'stale again' }) }),
      ev('response.failed', { response: response({ status: 'failed', output_text: '', error: { code: 'server_error', message: 'x' }, output: [message('m0', 'Hi!')] }) }),
    ]);
    for (const s of all) expect(s.response.output_text).toBe(s.outputText);
    expect(all.at(-1)?.response.output_text).toBe('Hi!');
  });
});

describe('item identity', () => {
  it('diagnoses two items with one id, and two function calls with one call_id', () => {
    seq = 0;
    const s = reduce([
      ev('response.created', { response: response() }),
      ev('response.output_item.added', { output_index: 0, item: message('m0') }),
      ev('response.output_item.added', { output_index: 1, item: message('m0') }),
      ev('response.output_item.added', { output_index: 2, item: call('fc_1', 'call_1') }),
      ev('response.output_item.added', { output_index: 3, item: call('fc_2', 'call_1') }),
      // A result shares its call's call_id: that is not a duplicate.
      ev('response.output_item.added', { output_index: 4, item: { type: 'function_call_output', id: 'fco', call_id: 'call_1', output: 'ok', status: 'completed' } }),
    ]);
    expect(codes(s)).toEqual(['duplicate_item_id', 'duplicate_call_id']);
    expect(s.output).toHaveLength(5);
  });

  it('diagnoses a call_id, type or id that changes at output_item.done', () => {
    seq = 0;
    const start = [ev('response.created', { response: response() }), ev('response.output_item.added', { output_index: 0, item: call('fc_1', 'call_1') })];
    const done = (item: Record<string, unknown>) => ev('response.output_item.done', { output_index: 0, item });
    seq = 2;
    expect(codes(reduce([...start, done({ ...call('fc_1', 'call_2'), status: 'completed' })]))).toEqual(['call_id_changed']);
    seq = 2;
    expect(codes(reduce([...start, done({ ...call('fc_9', 'call_1'), status: 'completed' })]))).toEqual(['item_id_changed']);
    seq = 2;
    expect(codes(reduce([...start, done({ type: 'custom_tool_call', id: 'fc_1', call_id: 'call_1', name: 'f', input: '' })]))).toEqual(['item_type_mismatch']);
  });

  it('a delta whose item_id names another existing item applies by output_index and renames nothing', () => {
    seq = 0;
    const events = [
      ev('response.created', { response: response() }),
      ev('response.output_item.added', { output_index: 0, item: message('m0') }),
      ev('response.content_part.added', { output_index: 0, item_id: 'm0', content_index: 0, part: text('') }),
      ev('response.output_item.added', { output_index: 1, item: message('m1') }),
      ev('response.content_part.added', { output_index: 1, item_id: 'm1', content_index: 0, part: text('') }),
      ev('response.output_text.delta', { output_index: 1, item_id: 'm0', content_index: 0, delta: 'x' }),
    ];
    const s = reduce(events);
    expect(s.output.map((i) => (i as { id: string }).id)).toEqual(['m0', 'm1']);
    expect(s.output[1]).toMatchObject({ content: [{ text: 'x' }] });
    expect(codes(s)).toEqual(['item_id_mismatch']);
    // A gateway that rotates ids (an id no other item has) still renames, as before.
    seq = 5;
    const rotated = reduce([...events.slice(0, 5), ev('response.output_text.delta', { output_index: 1, item_id: 'm1b', content_index: 0, delta: 'y' })]);
    expect(rotated.output.map((i) => (i as { id: string }).id)).toEqual(['m0', 'm1b']);
    expect(codes(rotated)).toEqual(['item_id_changed']);
  });
});
