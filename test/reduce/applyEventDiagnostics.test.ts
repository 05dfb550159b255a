import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/events/ResponseStreamEvent.js';
import type { Diagnostic } from '../../src/reduce/Diagnostic.js';
import type { ResponseSnapshot } from '../../src/reduce/ResponseSnapshot.js';
import { applyEvent } from '../../src/reduce/applyEvent.js';
import { emptySnapshot } from '../../src/reduce/emptySnapshot.js';
import { deepFreeze } from '../support/deepFreeze.js';

// What a user reads in `snapshot.diagnostics` when a stream deviates from the documented
// order (EVENTS.md §2, "Rules for a reducer"): which code, on which event (type, number,
// sequence_number, output_index), and a sentence naming the facts. Each stream is built by
// hand to hit one deviation; the messages are the documented wording of each diagnostic.
type Wire = Record<string, unknown>;
type Step = [type: string, fields?: Wire];

/** The events of `steps`, numbered 0, 1, 2, ... by `sequence_number`. */
const numbered = (steps: Step[]): Wire[] => steps.map(([type, fields], i) => ({ type, sequence_number: i, ...fields }));

function reduce(events: Wire[], from: ResponseSnapshot = emptySnapshot()): ResponseSnapshot {
  let s = deepFreeze(from);
  for (const e of events) s = deepFreeze(applyEvent(s, deepFreeze(e) as unknown as ResponseStreamEvent));
  return s;
}
const run = (steps: Step[]) => reduce(numbered(steps));
const created = (id = 'resp_1'): Step => ['response.created', { response: { id, object: 'response', status: 'in_progress', model: 'gpt', output: [] } }];
const added = (output_index: number, item: Wire): Step => ['response.output_item.added', { output_index, item }];
const message = (id: string, content: Wire[] = []): Wire => ({ type: 'message', id, role: 'assistant', status: 'in_progress', content });
const textPart = (text = ''): Wire => ({ type: 'output_text', text, annotations: [] });
const fn = (id: string, call_id: string, args = ''): Wire => ({ type: 'function_call', id, call_id, name: 'f', arguments: args, status: 'in_progress' });
const diags = (s: ResponseSnapshot): Diagnostic[] => [...s.diagnostics];
const messages = (s: ResponseSnapshot): string[] => s.diagnostics.map((d) => d.message);

describe('applyEvent diagnostics: the stream as a whole', () => {
  it('a diagnostic names the event type, its number in the stream, its sequence_number and output_index', () => {
    const s = run([created(), added(0, message('m')), added(0, fn('f', 'c'))]);
    expect(diags(s)).toEqual([
      {
        code: 'output_index_conflict',
        message: 'Item added at output_index 0, which already holds a message item; replaced it',
        eventType: 'response.output_item.added',
        eventNumber: 3,
        sequenceNumber: 2,
        outputIndex: 0,
      },
    ]);
  });

  it('events without sequence_number: one missing_sequence_number, and no sequenceNumber on diagnostics', () => {
    const s = reduce([
      { type: 'response.created', response: { id: 'r', output: [] } },
      { type: 'response.in_progress', response: { id: 'r', output: [] } },
      { type: 'response.vendor_thing' },
    ]);
    expect(diags(s)).toEqual([
      {
        code: 'missing_sequence_number',
        message: 'Events carry no sequence_number (first: response.created); order and gaps cannot be checked',
        eventType: 'response.created',
        eventNumber: 1,
      },
      {
        code: 'unknown_event_type',
        message: 'Unknown event type "response.vendor_thing" passed through without changing the response',
        eventType: 'response.vendor_thing',
        eventNumber: 3,
      },
    ]);
    expect(s.lastSequenceNumber).toBeUndefined();
  });

  it('a skipped input line is diagnosed by itself, never as a missing sequence_number', () => {
    const s = reduce([
      { type: 'response.created', sequence_number: 0, response: { id: 'r', output: [] } },
      { type: 'rx.skipped_input', line: 7, reason: 'invalid JSON', raw: '{"type":' },
      { type: 'rx.skipped_input', eventNumber: 9, reason: 'no type', raw: '{}' },
    ]);
    expect(s.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['skipped_input', 'Skipped input at line 7 (invalid JSON): {"type":'],
      ['skipped_input', 'Skipped input at event 9 (no type): {}'],
    ]);
  });

  it('a skipped input or keepalive first does not count as the response’s first event', () => {
    const s = reduce([
      { type: 'rx.skipped_input', line: 1, reason: 'invalid JSON', raw: 'x' },
      { type: 'keepalive', sequence_number: 0 },
      { type: 'response.created', sequence_number: 1, response: { id: 'r', output: [] } },
    ]);
    expect(s.diagnostics.map((d) => d.code)).toEqual(['skipped_input']);
    expect(s.started).toBe(true);
    const queued = reduce([{ type: 'response.queued', sequence_number: 0, response: { id: 'r', status: 'queued', output: [] } }]);
    expect(queued.diagnostics).toEqual([]);
    const late = run([['response.in_progress', { response: { id: 'r', output: [] } }]]);
    expect(messages(late)).toEqual(["The response's first event was response.in_progress, not response.created"]);
  });

  it('sequence gaps and repeats say how many events are missing; the largest number seen is kept', () => {
    const s = reduce([
      { type: 'response.created', sequence_number: 0, response: { id: 'r', output: [] } },
      { type: 'keepalive', sequence_number: 2 },
      { type: 'keepalive', sequence_number: 5 },
      { type: 'keepalive', sequence_number: 5 },
      { type: 'keepalive', sequence_number: 3 },
      { type: 'keepalive', sequence_number: 6 },
    ]);
    expect(s.diagnostics.map((d) => [d.code, d.message, d.sequenceNumber])).toEqual([
      ['sequence_gap', 'sequence_number jumped from 0 to 2; 1 event missing', 2],
      ['sequence_gap', 'sequence_number jumped from 2 to 5; 2 events missing', 5],
      ['sequence_regression', 'sequence_number 5 after 5 (repeated or out of order)', 5],
      ['sequence_regression', 'sequence_number 3 after 5 (repeated or out of order)', 3],
    ]);
    expect(s.lastSequenceNumber).toBe(6);
    const unnumbered = reduce([{ type: 'keepalive' }], s);
    expect(unnumbered.lastSequenceNumber).toBe(6);
  });

  it('a new response starts its own sequence numbering', () => {
    const s = run([created('a'), ['response.completed', { response: { id: 'a', status: 'completed', output: [] } }]]);
    const next = reduce([{ type: 'response.created', sequence_number: 0, response: { id: 'b', output: [] } }], s);
    expect(next.responseIndex).toBe(1);
    expect(next.diagnostics).toEqual([]);
    expect(next.lastSequenceNumber).toBe(0);
  });

  it('a response abandoned for a new one is named in the diagnostic the new one starts with', () => {
    const s = run([created('a'), created('b')]);
    expect(diags(s)).toEqual([{ code: 'response_abandoned', message: 'Response a ended without a terminal event when a new response started' }]);
    expect(s.response.id).toBe('b');
    expect(s.eventCount).toBe(1);
  });

  it('events after the terminal one are ignored with a diagnostic, keepalives silently', () => {
    const done = run([created('r'), ['response.completed', { response: { id: 'r', model: 'gpt', status: 'completed', output: [] } }]]);
    const after = reduce(
      [
        { type: 'keepalive', sequence_number: 2 },
        { type: 'response.output_item.added', sequence_number: 3, output_index: 0, item: message('m') },
      ],
      done,
    );
    expect(after.diagnostics.map((d) => [d.code, d.message])).toEqual([['event_after_terminal', 'Ignored response.output_item.added after the response ended (completed)']]);
    expect(after.output).toEqual([]);
  });

  it('after an error event, the response’s own response.failed still applies; other events do not', () => {
    const s = run([
      created('r'),
      ['error', { error: { type: 'server_error', code: 'boom', message: 'Broke', param: null } }],
      ['response.output_item.added', { output_index: 0, item: message('m') }],
      ['response.failed', { response: { id: 'r', model: 'gpt', status: 'failed', error: { code: 'boom', message: 'Broke' }, output: [] } }],
    ]);
    expect(s.phase).toBe('failed');
    expect(s.response.status).toBe('failed');
    expect(s.streamError).toEqual({ type: 'server_error', code: 'boom', message: 'Broke', param: null, sequenceNumber: 1 });
    expect(messages(s)).toEqual(['Ignored response.output_item.added after the response ended (error)']);
  });

  it('an error event without message, code or param gets a stated message and nulls; a flat one has no type', () => {
    const bare = run([created(), ['error', {}]]);
    expect(bare.streamError).toEqual({ code: null, message: 'The server sent an error event without a message', param: null, sequenceNumber: 1 });
    const flat = reduce([{ type: 'error', code: 'c', message: 'm', param: 7, error: 'not an object' }]);
    expect(flat.streamError).toEqual({ code: 'c', message: 'm', param: null });
    const emptyType = run([created(), ['error', { error: { type: '', message: 'x' } }]]);
    expect(emptyType.streamError).toEqual({ code: null, message: 'x', param: null, sequenceNumber: 1 });
  });

  it('unknown event types are reported once per type; extension events and known side-channel events are not', () => {
    const s = run([
      created(),
      ['response.vendor_a'],
      ['response.vendor_a'],
      ['response.vendor_b'],
      ['acme:trace_event'],
      ['response.audio.transcript.delta', { delta: 'hi' }],
    ]);
    expect(s.diagnostics.map((d) => [d.code, d.eventType])).toEqual([
      ['unknown_event_type', 'response.vendor_a'],
      ['unknown_event_type', 'response.vendor_b'],
    ]);
  });
});

describe('applyEvent diagnostics: lifecycle and terminal responses', () => {
  it('a lifecycle event carrying a non-item in its output is diagnosed; its items are adopted, densely', () => {
    const s = run([['response.created', { response: { id: 'r', output: [null, message('m', [textPart('hi')])] } }]]);
    expect(messages(s)).toEqual([
      'response.created carried a non-item at output[0] (null); ignored',
      'Item added at output_index 1 but only 0 items exist; appended it at 0',
    ]);
    expect(s.output.map((i) => i.id)).toEqual(['m']);
    expect(s.outputText).toBe('hi');
  });

  it('a lifecycle event without a response object changes nothing', () => {
    const s = run([created('r'), ['response.in_progress', { response: 'in progress' }]]);
    expect(s.response.id).toBe('r');
    expect(s.response.model).toBe('gpt');
    expect(s.diagnostics).toEqual([]);
  });

  it('keeps the id and model a later lifecycle event leaves out or empties, and notes a changed id', () => {
    const kept = run([created('r'), ['response.in_progress', { response: { id: '', model: 7, status: 'in_progress' } }]]);
    expect(kept.response).toMatchObject({ id: 'r', model: 'gpt', status: 'in_progress' });
    expect(kept.diagnostics).toEqual([]);
    const changed = run([created('r'), ['response.in_progress', { response: { id: 'r2', status: 'in_progress' } }]]);
    expect(changed.diagnostics.map((d) => [d.code, d.message])).toEqual([['response_id_changed', 'Response id changed from r to r2 within one response']]);
    expect(changed.response.id).toBe('r2');
    const first = run([['response.created', { response: { status: 'in_progress' } }], ['response.in_progress', { response: { id: 'r' } }]]);
    expect(first.diagnostics).toEqual([]);
    expect(first.response.id).toBe('r');
  });

  it('a terminal response without id or model keeps the streamed ones, saying which it kept', () => {
    const both = run([created('r'), ['response.completed', { response: { status: 'completed', output: [] } }]]);
    expect(both.response).toMatchObject({ id: 'r', model: 'gpt', status: 'completed' });
    expect(both.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['terminal_missing_fields', 'The terminal response has no id or model; kept the streamed value'],
    ]);
    const model = run([created('r'), ['response.completed', { response: { id: 'r', status: 'completed', output: [] } }]]);
    expect(messages(model)).toEqual(['The terminal response has no model; kept the streamed value']);
    const neither = run([created('r'), ['response.completed', { response: { id: 'r', model: 'gpt', status: 'completed', output: [] } }]]);
    expect(neither.diagnostics).toEqual([]);
  });

  it('a terminal response without a status takes the event’s; one without a response says so', () => {
    for (const [type, phase] of [
      ['response.completed', 'completed'],
      ['response.incomplete', 'incomplete'],
      ['response.failed', 'failed'],
    ] as const) {
      const s = run([created('r'), [type, { response: { id: 'r', model: 'gpt', output: [] } }]]);
      expect(s.phase).toBe(phase);
      expect(s.response.status).toBe(phase);
      const bare = run([created('r'), added(0, message('m', [textPart('kept')])), [type]]);
      expect(bare.phase).toBe(phase);
      expect(bare.response.status).toBe(phase);
      expect(bare.outputText).toBe('kept');
      expect(messages(bare)).toEqual([`${type} carried no response object; kept the streamed output`]);
    }
  });

  it('a terminal response’s output replaces the streamed one and its text becomes the running text', () => {
    const s = run([
      created('r'),
      added(0, message('m', [textPart('draft')])),
      ['response.completed', { response: { id: 'r', model: 'gpt', status: 'completed', output: [{ ...message('m', [textPart('final')]), status: 'completed' }] } }],
    ]);
    expect(s.outputText).toBe('final');
    expect(s.response.output).toBe(s.output);
    expect(s.diagnostics.map((d) => d.code)).toEqual(['terminal_output_differs']);
    expect(s.diagnostics[0]?.outputIndex).toBe(0);
  });

  it('a terminal response with the streamed output keeps the streamed objects', () => {
    const item = message('m', [textPart('same')]);
    const before = run([created('r'), added(0, item)]);
    const s = reduce([{ type: 'response.completed', sequence_number: 2, response: { id: 'r', model: 'gpt', status: 'completed', output: [item] } }], before);
    expect(s.output[0]).toBe(before.output[0]);
    expect(s.outputText).toBe('same');
    expect(s.diagnostics).toEqual([]);
  });
});
