import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/events/ResponseStreamEvent.js';
import type { ResponseSnapshot } from '../../src/reduce/ResponseSnapshot.js';
import { applyEvent, applyEventInFull } from '../../src/reduce/applyEvent.js';
import { emptySnapshot } from '../../src/reduce/emptySnapshot.js';
import { deepFreeze } from '../support/deepFreeze.js';

// A few more edges of applyEvent, through its full path as well (see applyEventPaths.test.ts):
// part deltas addressed by index, a streamed field that was empty, items finished without an
// id, events for an output_index never added, and an annotation event without an annotation.
type Wire = Record<string, unknown>;
type Step = [type: string, fields?: Wire];
type Apply = (s: ResponseSnapshot, e: ResponseStreamEvent) => ResponseSnapshot;
const MODES: Apply[] = [applyEvent, (s, e) => applyEventInFull(s, e)];
function run(steps: Step[], created: Wire = { id: 'r', model: 'gpt', output: [] }): ResponseSnapshot {
  const events = [['response.created', { response: created }] as Step, ...steps].map(([type, fields], i) => deepFreeze({ type, sequence_number: i, ...fields }));
  const [a, b] = MODES.map((apply) => events.reduce<ResponseSnapshot>((s, e) => deepFreeze(apply(s, e as unknown as ResponseStreamEvent)), emptySnapshot()));
  expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  return b as ResponseSnapshot;
}
const codes = (s: ResponseSnapshot) => s.diagnostics.map((d) => d.code);
const added = (output_index: number | undefined, item: Wire): Step => ['response.output_item.added', { output_index, item }];

describe('applyEvent edges', () => {
  it('refusal and raw reasoning deltas go to the part their index names, not the last of its type', () => {
    const refusal = run([
      added(0, { type: 'message', id: 'm', role: 'assistant', content: [{ type: 'refusal', refusal: 'a' }, { type: 'refusal', refusal: 'b' }] }),
      ['response.refusal.delta', { output_index: 0, item_id: 'm', content_index: 0, delta: '!' }],
    ]);
    expect(refusal.output[0]).toMatchObject({ content: [{ refusal: 'a!' }, { refusal: 'b' }] });
    const raw = run([
      added(0, { type: 'reasoning', id: 'r', summary: [], content: [{ type: 'reasoning_text', text: 'a' }, { type: 'reasoning_text', text: 'b' }] }),
      ['response.reasoning.delta', { output_index: 0, item_id: 'r', content_index: 0, delta: '!' }],
    ]);
    expect(raw.output[0]).toMatchObject({ content: [{ text: 'a!' }, { text: 'b' }] });
  });

  it('a terminal response without model, after a stream whose model was empty, has nothing kept to report', () => {
    const s = run([['response.completed', { response: { id: 'r', status: 'completed', output: [] } }]], { id: 'r', model: '', output: [] });
    expect(codes(s)).toEqual([]);
  });

  it('output_item.done without id or index, with several items: added as a new item, with a diagnostic', () => {
    const message = (id?: string) => ({ type: 'message', id, role: 'assistant', status: 'in_progress', content: [] });
    const s = run([added(0, message('a')), added(1, message('b')), ['response.output_item.done', { item: { ...message(), status: 'completed' } }]]);
    expect(codes(s)).toEqual(['unknown_item']);
    expect(s.output.map((i) => [i.id, (i as unknown as Wire).status])).toEqual([
      ['a', 'in_progress'],
      ['b', 'in_progress'],
      [undefined, 'completed'],
    ]);
  });

  it('an event for an output_index never added makes its item answer to that index', () => {
    const s = run([
      ['response.function_call_arguments.delta', { output_index: 2, item_id: 'f', delta: 'x' }],
      ['response.function_call_arguments.done', { output_index: 2, item_id: 'f', arguments: 'xy' }],
    ]);
    expect(codes(s)).toEqual(['unknown_item', 'index_out_of_range', 'done_mismatch']);
    expect(s.diagnostics.map((d) => d.eventNumber)).toEqual([2, 2, 3]);
  });

  it('an annotation event without an annotation says what it carried instead', () => {
    const s = run([
      added(0, { type: 'message', id: 'm', role: 'assistant', content: [{ type: 'output_text', text: 't', annotations: [] }] }),
      ['response.output_text.annotation.added', { output_index: 0, item_id: 'm', content_index: 0, annotation_index: 0 }],
    ]);
    expect(s.diagnostics.map((d) => d.message)).toEqual(['response.output_text.annotation.added carried no annotation (undefined); ignored']);
  });

  it('a part with no type, or an empty one, is called untyped', () => {
    for (const part of [{ text: 't' }, { type: '', text: 't' }, { type: 7, text: 't' }]) {
      const s = run([
        added(0, { type: 'message', id: 'm', role: 'assistant', content: [part] }),
        ['response.output_text.delta', { output_index: 0, item_id: 'm', content_index: 0, delta: 'x' }],
      ]);
      expect(s.diagnostics.map((d) => d.message)).toEqual(['response.output_text.delta addressed an untyped part at content[0] of item 0; ignored']);
    }
  });
});
