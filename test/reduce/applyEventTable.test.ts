import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/events/ResponseStreamEvent.js';
import type { ResponseSnapshot } from '../../src/reduce/ResponseSnapshot.js';
import { applyEvent, applyEventInFull } from '../../src/reduce/applyEvent.js';
import { emptySnapshot } from '../../src/reduce/emptySnapshot.js';
import { deepFreeze } from '../support/deepFreeze.js';

// Every item-level event type of EVENTS.md §3, with what it does to its item, checked through
// applyEvent and through its full path alone (applyEventInFull; applyEvent takes a short way
// for well-formed deltas), on an item added before and on one never added (then created).
type Wire = Record<string, unknown>;
type Apply = (s: ResponseSnapshot, e: ResponseStreamEvent) => ResponseSnapshot;
function reduce(apply: Apply, events: Wire[]): ResponseSnapshot {
  let s = deepFreeze(emptySnapshot());
  events.forEach((e, i) => {
    s = deepFreeze(apply(s, deepFreeze({ sequence_number: i, ...e }) as unknown as ResponseStreamEvent));
  });
  return s;
}
const created: Wire = { type: 'response.created', response: { id: 'r', model: 'gpt', output: [] } };
const modes: [string, Apply][] = [
  ['applyEvent', applyEvent],
  ['applyEventInFull', (s, e) => applyEventInFull(s, e)],
];

// EVENTS.md §3.8–3.10: the status each progress event sets on its item.
const STATUS: [event: string, itemType: string, status: string][] = [
  ['response.code_interpreter_call.in_progress', 'code_interpreter_call', 'in_progress'],
  ['response.code_interpreter_call.interpreting', 'code_interpreter_call', 'interpreting'],
  ['response.code_interpreter_call.completed', 'code_interpreter_call', 'completed'],
  ['response.web_search_call.in_progress', 'web_search_call', 'in_progress'],
  ['response.web_search_call.searching', 'web_search_call', 'searching'],
  ['response.web_search_call.completed', 'web_search_call', 'completed'],
  ['response.file_search_call.in_progress', 'file_search_call', 'in_progress'],
  ['response.file_search_call.searching', 'file_search_call', 'searching'],
  ['response.file_search_call.completed', 'file_search_call', 'completed'],
  ['response.image_generation_call.in_progress', 'image_generation_call', 'in_progress'],
  ['response.image_generation_call.generating', 'image_generation_call', 'generating'],
  ['response.image_generation_call.completed', 'image_generation_call', 'completed'],
  ['response.mcp_call.in_progress', 'mcp_call', 'in_progress'],
  ['response.mcp_call.completed', 'mcp_call', 'completed'],
  ['response.mcp_call.failed', 'mcp_call', 'failed'],
];

// EVENTS.md §3.4–3.7, 3.10: the string field each delta and done event builds.
const ITEM_FIELDS: [delta: string, done: string, itemType: string, field: string][] = [
  ['response.function_call_arguments.delta', 'response.function_call_arguments.done', 'function_call', 'arguments'],
  ['response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done', 'custom_tool_call', 'input'],
  ['response.mcp_call_arguments.delta', 'response.mcp_call_arguments.done', 'mcp_call', 'arguments'],
  ['response.code_interpreter_call_code.delta', 'response.code_interpreter_call_code.done', 'code_interpreter_call', 'code'],
];
const PART_FIELDS: [delta: string, done: string, itemType: string, key: string, indexKey: string, partType: string, field: string][] = [
  ['response.output_text.delta', 'response.output_text.done', 'message', 'content', 'content_index', 'output_text', 'text'],
  ['response.refusal.delta', 'response.refusal.done', 'message', 'content', 'content_index', 'refusal', 'refusal'],
  ['response.reasoning_text.delta', 'response.reasoning_text.done', 'reasoning', 'content', 'content_index', 'reasoning_text', 'text'],
  ['response.reasoning.delta', 'response.reasoning.done', 'reasoning', 'content', 'content_index', 'reasoning_text', 'text'],
  ['response.reasoning_summary_text.delta', 'response.reasoning_summary_text.done', 'reasoning', 'summary', 'summary_index', 'summary_text', 'text'],
];

describe('applyEvent, event type by event type', () => {
  it('each progress event sets its item’s status, on an item added before or created for it', () => {
    for (const [name, apply] of modes) {
      for (const [type, itemType, status] of STATUS) {
        const s = reduce(apply, [created, { type: 'response.output_item.added', output_index: 0, item: { type: itemType, id: 'i', status: 'queued' } }, { type, output_index: 0, item_id: 'i' }]);
        expect([name, type, (s.output[0] as unknown as Wire | undefined)?.status]).toEqual([name, type, status]);
        expect(s.diagnostics).toEqual([]);
        const made = reduce(apply, [created, { type, output_index: 0, item_id: 'i' }]);
        expect([name, type, made.output.map((i) => [i.type, i.id, (i as unknown as Wire).status])]).toEqual([name, type, [[itemType, 'i', status]]]);
      }
    }
  });

  it('each item delta and done event builds its field', () => {
    for (const [name, apply] of modes) {
      for (const [delta, done, itemType, field] of ITEM_FIELDS) {
        const add = { type: 'response.output_item.added', output_index: 0, item: { type: itemType, id: 'i', [field]: '' } };
        const s = reduce(apply, [created, add, { type: delta, output_index: 0, item_id: 'i', delta: 'ab' }, { type: delta, output_index: 0, item_id: 'i', delta: 'c' }]);
        expect([name, delta, s.output[0]?.[field as never]]).toEqual([name, delta, 'abc']);
        const d = reduce(apply, [created, add, { type: done, output_index: 0, item_id: 'i', [field]: 'xyz' }]);
        expect([name, done, d.output[0]?.[field as never]]).toEqual([name, done, 'xyz']);
        const made = reduce(apply, [created, { type: delta, output_index: 0, item_id: 'i', delta: 'q' }]);
        expect([name, delta, made.output.map((i) => [i.type, i[field as never]])]).toEqual([name, delta, [[itemType, 'q']]]);
      }
    }
  });

  it('each part delta and done event builds its part’s field; only output_text counts as answer text', () => {
    for (const [name, apply] of modes) {
      for (const [delta, done, itemType, key, indexKey, partType, field] of PART_FIELDS) {
        const add = { type: 'response.output_item.added', output_index: 0, item: { type: itemType, id: 'i', [key]: [{ type: partType, [field]: '' }] } };
        const s = reduce(apply, [created, add, { type: delta, output_index: 0, item_id: 'i', [indexKey]: 0, delta: 'ab' }, { type: delta, output_index: 0, item_id: 'i', [indexKey]: 0, delta: 'c' }]);
        expect([name, delta, (s.output[0] as unknown as Record<string, Wire[]>)[key]?.[0]?.[field]]).toEqual([name, delta, 'abc']);
        expect([name, delta, s.outputText]).toEqual([name, delta, partType === 'output_text' ? 'abc' : '']);
        const d = reduce(apply, [created, add, { type: done, output_index: 0, item_id: 'i', [indexKey]: 0, [field]: 'xyz' }]);
        expect([name, done, (d.output[0] as unknown as Record<string, Wire[]>)[key]?.[0]?.[field]]).toEqual([name, done, 'xyz']);
        expect([name, done, d.outputText]).toEqual([name, done, partType === 'output_text' ? 'xyz' : '']);
      }
    }
  });

  it('part events without an item create it and the part', () => {
    for (const [name, apply] of modes) {
      for (const [delta, , itemType, key, indexKey, partType, field] of PART_FIELDS) {
        const made = reduce(apply, [created, { type: delta, output_index: 0, item_id: 'i', [indexKey]: 0, delta: 'q' }]);
        expect([name, delta, made.output[0]?.type, (made.output[0] as unknown as Record<string, Wire[]>)[key]?.[0]]).toEqual([name, delta, itemType, expect.objectContaining({ type: partType, [field]: 'q' })]);
      }
    }
  });

  it('MCP list-tools events confirm an item without changing it; audio events change nothing', () => {
    for (const [name, apply] of modes) {
      for (const type of ['response.mcp_list_tools.in_progress', 'response.mcp_list_tools.completed', 'response.mcp_list_tools.failed']) {
        const made = reduce(apply, [created, { type, output_index: 0, item_id: 'l' }]);
        expect([name, type, made.output.map((i) => [i.type, i.id])]).toEqual([name, type, [['mcp_list_tools', 'l']]]);
        expect(made.diagnostics.map((d) => d.code)).toEqual(['unknown_item']);
      }
      for (const type of ['response.audio.delta', 'response.audio.done', 'response.audio.transcript.delta', 'response.audio.transcript.done']) {
        const s = reduce(apply, [created, { type, delta: 'AAAA' }]);
        expect([name, type, s.output, s.diagnostics]).toEqual([name, type, [], []]);
      }
    }
  });
});
