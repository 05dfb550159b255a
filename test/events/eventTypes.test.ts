import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { ResponseStreamEvent } from '../../src/events/index.js';
import {
  isEventType,
  isExtensionEvent,
  isExtensionEventType,
  isKnownEvent,
  isKnownEventType,
  isOutputItemType,
  isTerminalEvent,
  KNOWN_EVENT_TYPES,
} from '../../src/events/index.js';

const fixturesDir = new URL('../fixtures/', import.meta.url);

/** Every `type` found in the recordings, with the first file it appears in. */
function recordedEventTypes(): Map<string, string> {
  const types = new Map<string, string>();
  const files = readdirSync(fixturesDir).filter((name) => name.endsWith('.jsonl'));
  for (const file of files) {
    for (const line of readFileSync(new URL(file, fixturesDir), 'utf8').split('\n')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        continue; // some recordings keep truncated lines on purpose
      }
      if (typeof parsed === 'object' && parsed !== null && 'type' in parsed && typeof parsed.type === 'string') {
        if (!types.has(parsed.type)) types.set(parsed.type, file);
      }
    }
  }
  return types;
}

// Seen in real OpenAI streams but absent from openai-node 7.5's `ResponseStreamEvent` union, so not
// modelled yet: they reach users as `UnknownEvent`. Delete an entry once it is modelled (the
// test below fails until you do).
const RECORDED_BUT_NOT_MODELLED = new Set([
  'response.apply_patch_call_operation_diff.delta',
  'response.apply_patch_call_operation_diff.done',
]);

const textDelta: ResponseStreamEvent = {
  type: 'response.output_text.delta',
  item_id: 'msg_1',
  output_index: 0,
  content_index: 0,
  delta: 'Hi',
};
const created: ResponseStreamEvent = { type: 'response.created', response: { id: 'resp_1', output: [] } };
const nestedError: ResponseStreamEvent = { type: 'error', error: { code: 'insufficient_quota', message: 'quota' } };
const keepalive: ResponseStreamEvent = { type: 'keepalive', sequence_number: 7 };
const skipped: ResponseStreamEvent = { type: 'rx.skipped_input', reason: 'invalid_json', raw: '{"ty', eventNumber: 3 };
const vendorEvent: ResponseStreamEvent = { type: 'response.apply_patch_call_operation_diff.delta', delta: '+x', output_index: 0 };
const extension: ResponseStreamEvent = { type: 'acme:trace_event', span: 'tool', sequence_number: 9 };
const shellDelta: ResponseStreamEvent = { type: 'response.shell_call_command.delta', delta: 'ls', output_index: 0, command_index: 0 };
const samples = [textDelta, created, nestedError, keepalive, skipped, vendorEvent, extension, shellDelta];

describe('KNOWN_EVENT_TYPES', () => {
  test("holds openai-node 7.5's 58 event types, keepalive and Open Responses' two reasoning events", () => {
    expect(KNOWN_EVENT_TYPES.size).toBe(61);
    for (const type of ['keepalive', 'response.output_text.delta', 'response.shell_call_command.added', 'response.shell_call_output_content.done', 'response.reasoning.delta', 'response.reasoning.done']) {
      expect(KNOWN_EVENT_TYPES.has(type as never), type).toBe(true);
    }
  });

  test('matches the catalog in docs/events.md, row for row', () => {
    const catalog = readFileSync(new URL('../../docs/events.md', import.meta.url), 'utf8');
    const rows = [...catalog.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1]);
    expect(new Set(rows)).toEqual(new Set(KNOWN_EVENT_TYPES));
    expect(rows).toHaveLength(KNOWN_EVENT_TYPES.size);
  });

  test('every event type in the recordings is known, except the listed unmodelled ones', () => {
    const recorded = recordedEventTypes();
    expect(recorded.size).toBeGreaterThan(0);
    const unknown = [...recorded]
      .filter(([type]) => !isKnownEventType(type) && !RECORDED_BUT_NOT_MODELLED.has(type))
      .map(([type, file]) => `${type} (${file})`);
    expect(unknown).toEqual([]);
  });

  test('the unmodelled list stays honest: each entry is unknown and still recorded', () => {
    const recorded = recordedEventTypes();
    for (const type of RECORDED_BUT_NOT_MODELLED) {
      expect(isKnownEventType(type), type).toBe(false);
      expect(recorded.has(type), type).toBe(true);
    }
  });

  test('library-made and vendor types are not known', () => {
    expect(isKnownEventType('rx.skipped_input')).toBe(false);
    expect(isKnownEventType('response.cancelled')).toBe(false);
    expect(isKnownEventType('')).toBe(false);
  });
});

describe('isEventType', () => {
  test('keeps exactly the events of the given types', () => {
    expect(samples.filter((e) => isEventType(e, 'response.output_text.delta'))).toEqual([textDelta]);
    expect(samples.filter((e) => isEventType(e, 'keepalive', 'error'))).toEqual([nestedError, keepalive]);
    expect(samples.filter((e) => isEventType(e, 'rx.skipped_input'))).toEqual([skipped]);
    expect(samples.filter((e) => isEventType(e, 'response.apply_patch_call_operation_diff.delta'))).toEqual([vendorEvent]);
    expect(samples.filter((e) => isEventType(e, 'response.shell_call_command.delta'))).toEqual([shellDelta]);
    expect(samples.filter((e) => isEventType(e))).toEqual([]);
  });

  test('narrows so the fields can be read', () => {
    const deltas = samples.flatMap((e) => (isEventType(e, 'response.output_text.delta') ? [e.delta] : []));
    expect(deltas).toEqual(['Hi']);
    const ids = samples.flatMap((e) => (isEventType(e, 'response.created') ? [e.response.id] : []));
    expect(ids).toEqual(['resp_1']);
  });
});

describe('isKnownEvent and isTerminalEvent', () => {
  test('isKnownEvent rejects library-made and unknown events', () => {
    expect(samples.filter(isKnownEvent)).toEqual([textDelta, created, nestedError, keepalive, shellDelta]);
  });

  test('isExtensionEvent keeps provider-prefixed types only', () => {
    expect(samples.filter(isExtensionEvent)).toEqual([extension]);
    expect(isExtensionEventType('acme:trace_event')).toBe(true);
    for (const type of [':x', 'x:', 'response.output_text.delta', '']) expect(isExtensionEventType(type), type).toBe(false);
  });

  test('isTerminalEvent is true for completed, incomplete, failed and error only', () => {
    const response = { id: 'resp_1', output: [] };
    const terminal: ResponseStreamEvent[] = [
      { type: 'response.completed', response },
      { type: 'response.incomplete', response },
      { type: 'response.failed', response },
      nestedError,
    ];
    for (const e of terminal) expect(isTerminalEvent(e), e.type).toBe(true);
    for (const e of [textDelta, created, keepalive, skipped, vendorEvent, extension, shellDelta]) expect(isTerminalEvent(e), e.type).toBe(false);
  });
});

describe('isOutputItemType', () => {
  test('matches on type, including unknown item types', () => {
    const message = { type: 'message', id: 'msg_1', role: 'assistant', content: [] } as const;
    const vendorItem = { type: 'x_search_call', id: 'xs_1' };
    expect(isOutputItemType(message, 'message')).toBe(true);
    expect(isOutputItemType(message, 'reasoning', 'function_call')).toBe(false);
    expect(isOutputItemType(vendorItem, 'x_search_call')).toBe(true);
  });
});
