// Streams whose every object carries `__proto__`, `constructor` and `prototype` keys (as JSON
// can), whose ids and indexes are such names, and whose event types are Object.prototype's
// method names. Nothing may reach Object.prototype, no object the library hands out may get a
// prototype from the data, and the data itself (those keys included) must come through intact.
import { type Observable, share } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type FinalResponse,
  type FunctionCall,
  type ResponseSnapshot,
  type ResponseStreamEvent,
  type ResponseViewState,
  finalResponse,
  fromJSONL,
  fromRecording,
  fromSSE,
  functionCalls,
  isResponseStreamError,
  isRxResponsesError,
  responseState,
  scanResponse,
} from '../../src/index.js';
import { Snapshot } from '../../src/reduce/Snapshot.js';
import { chunkedStream } from '../support/chunkedStream.js';
import { type Notifications, collectNotifications } from '../support/collectNotifications.js';
import { canonicalJSON } from './canonicalJSON.js';
import { failOnEscapedErrors, settleWithin } from './escapedErrors.js';
import type { WireEvent } from './responseEvents.js';
import { sseBody } from './sseBody.js';

const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

// What Object.prototype and friends look like before any stream is read.
const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Map.prototype] as const;
const namesBefore = PROTOTYPES.map((proto) => Object.getOwnPropertyNames(proto).sort());
const descriptorsBefore = PROTOTYPES.map((proto) => Object.getOwnPropertyDescriptors(proto));

/** The value a poisoned key holds: would show up as `polluted`, and breaks `String(x)` if it became a prototype. */
const payload = (): Record<string, unknown> => ({ polluted: 'yes', toString: 'not a function', valueOf: 'not a function' });

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A deep copy of `value` in which every object also has own `__proto__`, `constructor` and
 * `prototype` keys (as `JSON.parse` creates them from text), so the JSON text carries them too.
 */
function poison<T>(value: T): T {
  if (Array.isArray(value)) return value.map(poison) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) define(copy, key, poison(inner));
  define(copy, '__proto__', payload());
  define(copy, 'constructor', { prototype: payload() });
  define(copy, 'prototype', payload());
  return copy as T;
}

// ---------------------------------------------------------------------------------------------
// The streams

const ARGUMENTS = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"city":"Oslo"}';
const TEXT = 'Hello world again';

const message = { id: '__proto__', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: TEXT, annotations: [{ type: 'url_citation', url: 'https://example.com', start_index: 0, end_index: 5 }, { type: 'url_citation', url: 'https://example.org', start_index: 6, end_index: 11 }] }] };
const reasoningItem = { id: 'constructor', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Think' }] };
const call = { id: 'prototype', type: 'function_call', call_id: 'toString', name: 'lookup', arguments: ARGUMENTS, status: 'completed' };
const image = { id: 'hasOwnProperty', type: 'image_generation_call', status: 'completed', result: 'AAAA' };

function lifecycle(type: string, seq: number, status: string, output: unknown[]): WireEvent {
  return { type, sequence_number: seq, response: { id: 'resp_poison', object: 'response', model: 'gpt-test', status, output, metadata: { note: 'x' }, usage: status === 'completed' ? { input_tokens: 1, output_tokens: 2, total_tokens: 3 } : null } };
}

/** Every kind of payload, ids and indexes named after prototype keys, ending in `response.completed`. */
function completedStream(): WireEvent[] {
  const m = { item_id: '__proto__', output_index: 0 };
  const r = { item_id: 'constructor', output_index: 1 };
  return poison<WireEvent[]>([
    lifecycle('response.created', 0, 'in_progress', []),
    lifecycle('response.in_progress', 1, 'in_progress', []),
    { type: 'response.output_item.added', sequence_number: 2, output_index: 0, item: { id: '__proto__', type: 'message', status: 'in_progress', role: 'assistant', content: [] } },
    { type: 'response.content_part.added', sequence_number: 3, ...m, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } },
    { type: 'response.output_text.delta', sequence_number: 4, ...m, content_index: 0, delta: 'Hello' },
    { type: 'response.output_text.delta', sequence_number: 5, ...m, content_index: '__proto__', delta: ' world' },
    { type: 'response.output_text.delta', sequence_number: 6, item_id: '__proto__', output_index: '0', content_index: 'constructor', delta: ' again' },
    { type: 'response.output_text.annotation.added', sequence_number: 7, ...m, content_index: 0, annotation_index: 0, annotation: message.content[0]?.annotations[0] },
    { type: 'response.output_text.annotation.added', sequence_number: 8, ...m, content_index: 0, annotation_index: '__proto__', annotation: message.content[0]?.annotations[1] },
    { type: 'response.output_text.done', sequence_number: 9, ...m, content_index: 0, text: TEXT },
    { type: 'response.content_part.done', sequence_number: 10, ...m, content_index: 0, part: message.content[0] },
    { type: 'response.output_item.done', sequence_number: 11, output_index: 0, item: message },
    { type: 'response.output_item.added', sequence_number: 12, output_index: 1, item: { id: 'constructor', type: 'reasoning', summary: [] } },
    { type: 'response.reasoning_summary_part.added', sequence_number: 13, ...r, summary_index: 'constructor', part: { type: 'summary_text', text: '' } },
    { type: 'response.reasoning_summary_text.delta', sequence_number: 14, ...r, summary_index: '__proto__', delta: 'Think' },
    { type: 'response.reasoning_summary_text.done', sequence_number: 15, ...r, summary_index: 0, text: 'Think' },
    { type: 'response.reasoning_summary_part.done', sequence_number: 16, ...r, summary_index: 0, part: reasoningItem.summary[0] },
    { type: 'response.output_item.done', sequence_number: 17, output_index: 1, item: reasoningItem },
    { type: 'response.output_item.added', sequence_number: 18, output_index: 2, item: { ...call, arguments: '', status: 'in_progress' } },
    { type: 'response.function_call_arguments.delta', sequence_number: 19, item_id: 'prototype', output_index: 2, delta: ARGUMENTS.slice(0, 30) },
    { type: 'response.function_call_arguments.delta', sequence_number: 20, item_id: 'prototype', output_index: '__proto__', delta: ARGUMENTS.slice(30) },
    { type: 'response.function_call_arguments.done', sequence_number: 21, item_id: 'prototype', output_index: 2, arguments: ARGUMENTS },
    { type: 'response.output_item.done', sequence_number: 22, output_index: 2, item: call },
    { type: 'response.output_item.added', sequence_number: 23, output_index: 3, item: { ...image, status: 'in_progress', result: null } },
    { type: 'response.image_generation_call.partial_image', sequence_number: 24, item_id: 'hasOwnProperty', output_index: 3, partial_image_index: '__proto__', partial_image_b64: 'AAAA' },
    { type: 'response.output_item.done', sequence_number: 25, output_index: 3, item: image },
    ...['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'].map((type, i) => ({ type, sequence_number: 26 + i })),
    { type: 'keepalive', sequence_number: 32 },
    lifecycle('response.completed', 33, 'completed', [message, reasoningItem, call, image]),
  ]);
}

/**
 * A response that streams some text (well-formed deltas, then one addressed by a string index),
 * meets an `error` event and then `response.failed` with an empty output, all poisoned.
 */
function failedStream(): WireEvent[] {
  const at = { item_id: 'constructor', output_index: 0, content_index: 0 };
  return poison<WireEvent[]>([
    lifecycle('response.created', 0, 'in_progress', []),
    { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { id: 'constructor', type: 'message', status: 'in_progress', role: 'assistant', content: [] } },
    { type: 'response.content_part.added', sequence_number: 2, ...at, part: { type: 'output_text', text: '', annotations: [] } },
    { type: 'response.output_text.delta', sequence_number: 3, ...at, delta: 'H' },
    { type: 'response.output_text.delta', sequence_number: 4, ...at, delta: 'i' },
    { type: 'response.output_item.added', sequence_number: 5, output_index: '__proto__', item: { id: 'prototype', type: 'reasoning', summary: [] } },
    { type: 'error', sequence_number: 6, code: '__proto__', message: 'boom', param: 'constructor', error: { code: '__proto__', message: 'boom', param: 'prototype' } },
    { ...lifecycle('response.failed', 7, 'failed', []), response: { id: 'resp_poison', object: 'response', status: 'failed', output: [], error: { code: 'constructor', message: 'failed' } } },
  ]);
}

// ---------------------------------------------------------------------------------------------
// Checks

/**
 * Every object reachable from `root` whose prototype is not one a JSON value or this library's
 * own types can have, as `path: prototype` lines. Walks own enumerable keys only.
 */
function foreignPrototypes(root: unknown, seen = new Set<object>()): string[] {
  const found: string[] = [];
  const stack: Array<[unknown, string]> = [[root, '$']];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    const proto = Object.getPrototypeOf(value) as object | null;
    if (value instanceof Snapshot) {
      if (proto !== Snapshot.prototype) found.push(`${path}: a snapshot with a foreign prototype`);
      const s = value as ResponseSnapshot;
      stack.push([s.response, `${path}.response`], [s.output, `${path}.output`], [s.diagnostics, `${path}.diagnostics`], [s.partialImages, `${path}.partialImages`], [s.streamError, `${path}.streamError`]);
      continue;
    }
    if (isRxResponsesError(value)) {
      const error = value as { snapshot?: unknown; response?: unknown };
      stack.push([error.snapshot, `${path}.snapshot`], [error.response, `${path}.response`]);
      continue;
    }
    if (value instanceof SyntaxError) continue;
    if (value instanceof Map) {
      if (proto !== Map.prototype) found.push(`${path}: a Map with a foreign prototype`);
      for (const [key, inner] of value) stack.push([inner, `${path}.get(${String(key)})`]);
      continue;
    }
    if (Array.isArray(value)) {
      if (proto !== Array.prototype) found.push(`${path}: an array with a foreign prototype`);
      value.forEach((inner, i) => stack.push([inner, `${path}[${i}]`]));
      continue;
    }
    if (proto !== Object.prototype && proto !== null) found.push(`${path}: prototype ${canonicalJSON(proto)}`);
    for (const key of Object.keys(value)) stack.push([(value as Record<string, unknown>)[key], `${path}.${key}`]);
  }
  return found;
}

/** Items and parts that lost a key the server sent (the poisoned keys included). */
function lostKeys(snapshot: ResponseSnapshot, where: string): string[] {
  const lost: string[] = [];
  const check = (value: unknown, path: string) => {
    if (value === null || typeof value !== 'object') return;
    for (const key of DANGEROUS_KEYS) if (!Object.hasOwn(value, key)) lost.push(`${where} ${path} has no own ${key}`);
  };
  snapshot.output.forEach((item, i) => {
    check(item, `output[${i}]`);
    for (const key of ['content', 'summary'] as const) {
      const parts = (item as Record<string, unknown>)[key];
      if (Array.isArray(parts)) parts.forEach((part, k) => check(part, `output[${i}].${key}[${k}]`));
    }
  });
  return lost;
}

function expectPrototypesUntouched(): void {
  PROTOTYPES.forEach((proto, i) => {
    expect(Object.getOwnPropertyNames(proto).sort()).toEqual(namesBefore[i]);
    const before = descriptorsBefore[i] as Record<string, PropertyDescriptor>;
    const changed = Object.entries(Object.getOwnPropertyDescriptors(proto)).filter(([key, now]) => {
      const was = before[key];
      return was === undefined || !Object.is(was.value, now.value) || was.get !== now.get || was.set !== now.set || was.writable !== now.writable;
    });
    expect(changed.map(([key]) => key)).toEqual([]);
  });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.create(Object.prototype).toString()).toBe('[object Object]');
}

interface Seen {
  snapshots: Notifications<ResponseSnapshot>;
  finals: Notifications<FinalResponse>;
  states: Notifications<ResponseViewState>;
  calls: Notifications<FunctionCall>;
}

async function observe(source: Observable<ResponseStreamEvent>): Promise<Seen> {
  const shared = source.pipe(share());
  const [snapshots, finals, states, calls] = await settleWithin(
    Promise.all([
      collectNotifications(shared.pipe(scanResponse())),
      collectNotifications(shared.pipe(finalResponse())),
      collectNotifications(shared.pipe(responseState())),
      collectNotifications(shared.pipe(functionCalls())),
    ]),
    10_000,
    'the poisoned stream',
  );
  return { snapshots, finals, states, calls };
}

const sources: Array<[string, (events: WireEvent[]) => Observable<ResponseStreamEvent>]> = [
  ['fromSSE', (events) => fromSSE(chunkedStream(new TextEncoder().encode(sseBody(events)), 97))],
  ['fromJSONL', (events) => fromJSONL(events.map((e) => JSON.stringify(e)).join('\n'))],
  ['fromRecording (SSE text)', (events) => fromRecording(sseBody(events))],
];

failOnEscapedErrors(expectPrototypesUntouched);
afterAll(() => {
  expectPrototypesUntouched();
});

describe('prototype pollution', () => {
  it('the poisoned streams really carry the keys as JSON text', () => {
    const text = completedStream().map((e) => JSON.stringify(e)).join('\n');
    expect(text.split('"__proto__":{"polluted":"yes"').length - 1).toBeGreaterThan(60);
    expect(text.split('"constructor":{"prototype":{"polluted":"yes"').length - 1).toBeGreaterThan(60);
    const parsed = JSON.parse(text.split('\n')[2] as string) as Record<string, unknown>;
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  for (const [name, from] of sources) {
    describe(name, () => {
      it('a completed response: nothing polluted, every snapshot, state and call clean, the data intact', async () => {
        const events = completedStream();
        const seen = await observe(from(events));

        expect(seen.snapshots.completed).toBe(true);
        const snapshots = seen.snapshots.values;
        expect(snapshots).toHaveLength(events.length);
        const walked = new Set<object>();
        expect(snapshots.flatMap((s, i) => foreignPrototypes(s, walked).map((p) => `snapshot ${i} ${p}`))).toEqual([]);
        expect(snapshots.flatMap((s, i) => lostKeys(s, `snapshot ${i} (after ${events[i]?.type})`))).toEqual([]);

        const last = snapshots[snapshots.length - 1] as ResponseSnapshot;
        expect(last.phase).toBe('completed');
        expect(last.outputText).toBe(TEXT);
        expect(canonicalJSON(last.response.output)).toBe(canonicalJSON((events[events.length - 1]?.response as { output: unknown }).output));
        expect(last.partialImages.get(3)).toEqual({ b64: 'AAAA', index: 0 });
        expect(last.diagnostics.filter((d) => d.code === 'unknown_event_type').map((d) => d.eventType)).toEqual(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']);

        expect(seen.finals.error).toBeUndefined();
        expect(seen.finals.values).toHaveLength(1);
        const final = seen.finals.values[0] as FinalResponse;
        expect(final.output_text).toBe(TEXT);
        expect(foreignPrototypes(final)).toEqual([]);
        expect(Object.hasOwn(final, '__proto__') && Object.hasOwn(final.output[0] as object, '__proto__')).toBe(true);
        expect(canonicalJSON(final.metadata)).toBe(canonicalJSON(poison({ note: 'x' })));

        expect(seen.calls.values).toHaveLength(1);
        const fc = seen.calls.values[0] as FunctionCall;
        expect(fc.arguments).toBe(ARGUMENTS);
        expect(fc.parseError).toBeUndefined();
        expect(Object.getPrototypeOf(fc.parsedArguments)).toBe(Object.prototype);
        expect(Object.hasOwn(fc.parsedArguments as object, '__proto__')).toBe(true);
        expect((fc.parsedArguments as { city?: string }).city).toBe('Oslo');
        expect(foreignPrototypes(seen.calls.values)).toEqual([]);

        expect(seen.states.completed).toBe(true);
        const state = seen.states.values[seen.states.values.length - 1] as ResponseViewState;
        expect(state.status).toBe('completed');
        expect(state.text).toBe(TEXT);
        expect(state.reasoning).toEqual(['Think']);
        expect(state.toolCalls.map((t) => t.id)).toEqual(['prototype', 'hasOwnProperty']);
        expect(foreignPrototypes(seen.states.values)).toEqual([]);
      });

      it('a failed response: the errors and their snapshots are clean, with the server\'s codes', async () => {
        const events = failedStream();
        const seen = await observe(from(events));
        expect(foreignPrototypes(seen.snapshots.values)).toEqual([]);
        expect(seen.snapshots.values.at(-1)?.phase).toBe('failed');

        // The error event is terminal: finalResponse() errors there, with the nested error's code.
        expect(isResponseStreamError(seen.finals.error)).toBe(true);
        const error = seen.finals.error as { code: string; payload: unknown; snapshot?: ResponseSnapshot };
        expect(error.code).toBe('__proto__');
        expect(error.snapshot?.outputText).toBe('Hi');
        expect(foreignPrototypes(error.payload)).toEqual([]);
        expect(foreignPrototypes(error.snapshot)).toEqual([]);
        expect(lostKeys(error.snapshot as ResponseSnapshot, 'the error\'s snapshot')).toEqual([]);
        expect(seen.snapshots.values.flatMap((s, i) => lostKeys(s, `snapshot ${i}`))).toEqual([]);

        const state = seen.states.values.at(-1) as ResponseViewState;
        expect(state.status).toBe('failed');
        expect(state.text).toBe('Hi');
        expect(foreignPrototypes(seen.states.values)).toEqual([]);
        expect(seen.calls.values).toEqual([]);
      });
    });
  }
});
