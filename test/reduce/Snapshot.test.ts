import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, applyEvent, emptySnapshot, finishSnapshot, reasoning } from '../../src/index.js';

// What every snapshot shows: `response` (with the running output and output_text, read as
// often as a UI likes and always the same object), its plain JSON form, and copies that change
// only what they mean to (finishSnapshot, a new response). Deltas are applied the short way
// when their sequence numbers follow on, so interleaved deltas check that each item keeps its
// own fields.
type Wire = Record<string, unknown>;
let seq = 0;
const ev = (type: string, fields: Wire = {}): Wire => ({ type, sequence_number: seq++, ...fields });
const reduce = (events: readonly Wire[], from: ResponseSnapshot = emptySnapshot()): ResponseSnapshot =>
  events.reduce<ResponseSnapshot>((s, e) => applyEvent(s, e as ResponseStreamEvent), from);
const created = (id = 'resp_1') => ev('response.created', { response: { id, object: 'response', status: 'in_progress', model: 'm', output: [] } });
const message = (id: string) => ({ type: 'message', id, role: 'assistant', status: 'in_progress', content: [] });
const textPart = (i: number, id: string) => ev('response.content_part.added', { output_index: i, content_index: 0, item_id: id, part: { type: 'output_text', text: '', annotations: [] } });
const textDelta = (i: number, id: string, delta: string) => ev('response.output_text.delta', { output_index: i, content_index: 0, item_id: id, delta });

function plain(s: ResponseSnapshot): ResponseSnapshot {
  return {
    response: s.response, output: s.output, outputText: s.outputText, phase: s.phase, streamError: s.streamError,
    diagnostics: s.diagnostics, eventCount: s.eventCount, lastSequenceNumber: s.lastSequenceNumber,
    responseIndex: s.responseIndex, started: s.started, partialImages: s.partialImages, outputIndexMap: s.outputIndexMap,
  };
}

describe('Snapshot', () => {
  it('gives the same response object every time it is read, with the running output and text', () => {
    seq = 0;
    const s = reduce([created(), ev('response.output_item.added', { output_index: 0, item: message('m0') }), textPart(0, 'm0'), textDelta(0, 'm0', 'Hel'), textDelta(0, 'm0', 'lo')]);
    const response = s.response;
    expect(s.response).toBe(response);
    expect(response.output).toBe(s.output);
    expect(response.output_text).toBe('Hello');
    expect(response.id).toBe('resp_1');
    expect(response.model).toBe('m');
  });

  it('shows the current output when the server sent an output_text of its own', () => {
    // A proxy that re-serializes openai-node's objects sends output_text on the wire.
    seq = 0;
    const s = reduce([
      ev('response.created', { response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'm', output: [], output_text: '' } }),
      ev('response.output_item.added', { output_index: 0, item: { type: 'function_call', id: 'fc', call_id: 'c', name: 'f', arguments: '', status: 'in_progress' } }),
      ev('response.function_call_arguments.delta', { output_index: 0, item_id: 'fc', delta: '{}' }),
    ]);
    expect(s.response.output).toStrictEqual([{ type: 'function_call', id: 'fc', call_id: 'c', name: 'f', arguments: '{}', status: 'in_progress' }]);
    expect(s.response.output_text).toBe('');
  });

  it('writes as JSON with every field, partial images by output position', () => {
    seq = 0;
    const s = reduce([
      created(),
      ev('response.output_item.added', { output_index: 0, item: { type: 'image_generation_call', id: 'ig', status: 'in_progress' } }),
      ev('response.image_generation_call.partial_image', { output_index: 0, item_id: 'ig', partial_image_b64: 'AAA', partial_image_index: 0 }),
    ]);
    expect(JSON.parse(JSON.stringify(s))).toStrictEqual({
      response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'm', output: [{ type: 'image_generation_call', id: 'ig', status: 'in_progress' }], output_text: '' },
      outputText: '',
      phase: 'streaming',
      diagnostics: [],
      eventCount: 3,
      lastSequenceNumber: 2,
      responseIndex: 0,
      partialImages: { 0: { b64: 'AAA', index: 0 } },
      started: true,
    });
  });

  it('finishSnapshot changes only the diagnostics, keeping every other field', () => {
    seq = 0;
    const first = [created('resp_1'), ev('response.completed', { response: { id: 'resp_1', object: 'response', status: 'completed', model: 'm', output: [] } })];
    const open = reduce([
      ...first,
      created('resp_2'),
      // Added at output_index 2 with nothing before it: kept at 0, through an index map.
      ev('response.output_item.added', { output_index: 2, item: { type: 'image_generation_call', id: 'ig', status: 'in_progress' } }),
      ev('response.image_generation_call.partial_image', { output_index: 2, item_id: 'ig', partial_image_b64: 'AAA', partial_image_index: 0 }),
    ]);
    expect(open.responseIndex).toBe(1);
    expect(open.outputIndexMap?.get(2)).toBe(0);
    const done = finishSnapshot(open);
    for (const key of ['output', 'outputText', 'phase', 'streamError', 'eventCount', 'lastSequenceNumber', 'responseIndex', 'started', 'partialImages', 'outputIndexMap'] as const) {
      expect(done[key], key).toBe(open[key]);
    }
    expect(done.response).toStrictEqual(open.response);
    expect(done.diagnostics.slice(0, -1)).toStrictEqual([...open.diagnostics]);
    expect(done.diagnostics.at(-1)?.code).toBe('missing_terminal');
  });

  it('keeps the response object of a snapshot a user built, when finishing it', () => {
    seq = 0;
    const own = plain(reduce([created(), ev('response.output_item.added', { output_index: 0, item: message('m0') }), textPart(0, 'm0'), textDelta(0, 'm0', 'Hi')]));
    const done = finishSnapshot(own);
    expect(done.response).toBe(own.response);
    expect(done.response.output_text).toBe('Hi');
    expect(done.started).toBe(true);
    // And the reducer goes on from it.
    const next = applyEvent(own, textDelta(0, 'm0', '!') as ResponseStreamEvent);
    expect(next.outputText).toBe('Hi!');
    expect(next.response.id).toBe('resp_1');
    expect(next.response.output_text).toBe('Hi!');
  });

  it('keeps each item its own fields when deltas alternate between items', () => {
    seq = 0;
    const call = (id: string, name: string) => ({ type: 'function_call', id, call_id: `call_${id}`, name, arguments: '', status: 'in_progress' });
    const args = (i: number, id: string, delta: string) => ev('response.function_call_arguments.delta', { output_index: i, item_id: id, delta });
    const s = reduce([
      created(),
      ev('response.output_item.added', { output_index: 0, item: call('fa', 'alpha') }),
      ev('response.output_item.added', { output_index: 1, item: call('fb', 'beta') }),
      args(0, 'fa', '{"a"'),
      args(1, 'fb', '{"b"'),
      args(0, 'fa', ':1}'),
      args(1, 'fb', ':2}'),
    ]);
    expect(s.output).toStrictEqual([
      { type: 'function_call', id: 'fa', call_id: 'call_fa', name: 'alpha', arguments: '{"a":1}', status: 'in_progress' },
      { type: 'function_call', id: 'fb', call_id: 'call_fb', name: 'beta', arguments: '{"b":2}', status: 'in_progress' },
    ]);
  });

  it('keeps both fields of a reasoning item whose summary and text grow in turn', () => {
    seq = 0;
    const s = reduce([
      created(),
      ev('response.output_item.added', { output_index: 0, item: { type: 'reasoning', id: 'rs', summary: [] } }),
      ev('response.reasoning_summary_part.added', { output_index: 0, item_id: 'rs', summary_index: 0, part: { type: 'summary_text', text: '' } }),
      ev('response.content_part.added', { output_index: 0, item_id: 'rs', content_index: 0, part: { type: 'reasoning_text', text: '' } }),
      ev('response.reasoning_summary_text.delta', { output_index: 0, item_id: 'rs', summary_index: 0, delta: 'Sum' }),
      ev('response.reasoning_text.delta', { output_index: 0, item_id: 'rs', content_index: 0, delta: 'Text' }),
      ev('response.reasoning_summary_text.delta', { output_index: 0, item_id: 'rs', summary_index: 0, delta: 'mary' }),
      ev('response.reasoning_text.delta', { output_index: 0, item_id: 'rs', content_index: 0, delta: ' more' }),
    ]);
    expect(s.output).toStrictEqual([
      { type: 'reasoning', id: 'rs', summary: [{ type: 'summary_text', text: 'Summary' }], content: [{ type: 'reasoning_text', text: 'Text more' }] },
    ]);
  });

  it('keeps each part its own fields when deltas alternate between the parts of two items', () => {
    seq = 0;
    const s = reduce([
      created(),
      ev('response.output_item.added', { output_index: 0, item: { type: 'reasoning', id: 'ra', summary: [] } }),
      ev('response.output_item.added', { output_index: 1, item: { type: 'reasoning', id: 'rb', summary: [] } }),
      ev('response.reasoning_summary_part.added', { output_index: 0, item_id: 'ra', summary_index: 0, part: { type: 'summary_text', text: '', tag: 'a' } }),
      ev('response.reasoning_summary_part.added', { output_index: 1, item_id: 'rb', summary_index: 0, part: { type: 'summary_text', text: '' } }),
      ev('response.reasoning_summary_text.delta', { output_index: 0, item_id: 'ra', summary_index: 0, delta: 'A' }),
      ev('response.reasoning_summary_text.delta', { output_index: 1, item_id: 'rb', summary_index: 0, delta: 'B' }),
      ev('response.reasoning_summary_text.delta', { output_index: 0, item_id: 'ra', summary_index: 0, delta: 'a' }),
      ev('response.reasoning_summary_text.delta', { output_index: 1, item_id: 'rb', summary_index: 0, delta: 'b' }),
    ]);
    expect(s.output).toStrictEqual([
      { type: 'reasoning', id: 'ra', summary: [{ type: 'summary_text', text: 'Aa', tag: 'a' }] },
      { type: 'reasoning', id: 'rb', summary: [{ type: 'summary_text', text: 'Bb' }] },
    ]);
  });

  it('tells the operators which item a delta taken the short way changed', async () => {
    // reasoning() looks only at the items an event wrote: each summary delta must reach it.
    seq = 0;
    const events = [
      created(),
      ev('response.output_item.added', { output_index: 0, item: message('m0') }),
      ev('response.output_item.added', { output_index: 1, item: { type: 'reasoning', id: 'rs', summary: [] } }),
      ev('response.reasoning_summary_part.added', { output_index: 1, item_id: 'rs', summary_index: 0, part: { type: 'summary_text', text: '' } }),
      ev('response.reasoning_summary_text.delta', { output_index: 1, item_id: 'rs', summary_index: 0, delta: 'Sum' }),
      ev('response.reasoning_summary_text.delta', { output_index: 1, item_id: 'rs', summary_index: 0, delta: 'mary' }),
    ];
    const updates = await lastValueFrom(from(events as unknown as ResponseStreamEvent[]).pipe(reasoning(), toArray()));
    const summaries = updates.map((u) => u.summary.join('|'));
    expect(summaries.slice(-2)).toEqual(['Sum', 'Summary']);
    expect(updates.every((u) => u.outputIndex === 1)).toBe(true);
  });
});
