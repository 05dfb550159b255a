import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, emptySnapshot } from '../../src/index.js';
import { ResponseAccumulator } from '../../src/reduce/ResponseAccumulator.js';
import { type Loose, applyDeltaFast } from '../../src/reduce/applyDeltaFast.js';
import { applyEvent, applyEventInFull } from '../../src/reduce/applyEvent.js';
import { listRecordings } from '../support/listRecordings.js';
import { plain } from '../support/plain.js';

// applyEvent takes a short way for well-formed deltas. It must give exactly what the full
// reducer gives, event by event, on every recording (and on the gateway-like variants where
// it must step aside).

describe('the short way for deltas', () => {
  for (const rec of listRecordings()) {
    it(`gives the same snapshots as the full reducer on ${rec.name}`, () => {
      const variants: ResponseStreamEvent[][] = [
        rec.validEvents as ResponseStreamEvent[],
        // Without sequence numbers and output indices the short way must never apply.
        (rec.validEvents as Record<string, unknown>[]).map(({ sequence_number: _s, ...rest }) => rest as ResponseStreamEvent),
      ];
      for (const events of variants) {
        let fast = emptySnapshot();
        let full = emptySnapshot();
        for (const event of events) {
          fast = applyEvent(fast, event);
          full = applyEventInFull(full, event);
          expect(plain(fast)).toEqual(plain(full));
        }
      }
    });
  }
});

describe('the reducer stays pure with the short way', () => {
  // The short way keeps private copy sources in snapshots. Going back to an earlier snapshot
  // and applying events to it again (undo, branching, a retry) must give the same states as
  // the first time, and the same as the full reducer, whatever happened after it.
  for (const rec of listRecordings()) {
    it(`replays from earlier snapshots of ${rec.name} with the same results`, () => {
      const events = rec.validEvents as ResponseStreamEvent[];
      const states = [emptySnapshot()];
      for (const event of events) states.push(applyEvent(states.at(-1)!, event));
      for (const from of [Math.floor(events.length / 3), Math.floor(events.length / 2), events.length - 3].filter((i) => i > 0)) {
        let again = states[from]!;
        let full = states[from]!;
        for (let i = from; i < events.length; i++) {
          again = applyEvent(again, events[i]!);
          full = applyEventInFull(full, events[i]!);
          expect(plain(again)).toEqual(plain(states[i + 1]!));
          expect(plain(again)).toEqual(plain(full));
        }
        // A branch: the other events' deltas applied from the same point.
        const branch = events.slice(from).filter((e) => e.type.endsWith('.delta'));
        let b1 = states[from]!;
        let b2 = states[from]!;
        for (const e of branch) {
          b1 = applyEvent(b1, e);
          b2 = applyEventInFull(b2, e);
        }
        expect(plain(b1)).toEqual(plain(b2));
      }
    });
  }
});

// Streams built here around one item of each kind the short way knows, with deltas written just
// inside and just outside its checks. The full reducer is the reference: a delta the short way
// takes must give its snapshot, and one that needs judgement (a diagnostic, a created part, a
// mapped index) must be left to it.
type Fields = Record<string, unknown>;

interface Kind {
  readonly name: string;
  readonly deltaType: string;
  readonly item: Fields;
  /** The event's field naming the part, for part deltas. */
  readonly indexKey?: string;
}

const KINDS: readonly Kind[] = [
  { name: 'output text', deltaType: 'response.output_text.delta', item: { id: 'msg_1', type: 'message', status: 'in_progress', role: 'assistant', content: [{ type: 'output_text', text: 'Hi', annotations: [] }] }, indexKey: 'content_index' },
  { name: 'refusal', deltaType: 'response.refusal.delta', item: { id: 'msg_1', type: 'message', status: 'in_progress', role: 'assistant', content: [{ type: 'refusal', refusal: 'No' }] }, indexKey: 'content_index' },
  { name: 'reasoning summary', deltaType: 'response.reasoning_summary_text.delta', item: { id: 'rs_1', type: 'reasoning', status: 'in_progress', summary: [{ type: 'summary_text', text: 'So' }], content: [] }, indexKey: 'summary_index' },
  { name: 'reasoning text', deltaType: 'response.reasoning_text.delta', item: { id: 'rs_1', type: 'reasoning', status: 'in_progress', summary: [], content: [{ type: 'reasoning_text', text: 'So' }] }, indexKey: 'content_index' },
  { name: 'reasoning text (Open Responses)', deltaType: 'response.reasoning.delta', item: { id: 'rs_1', type: 'reasoning', status: 'in_progress', summary: [], content: [{ type: 'reasoning_text', text: 'So' }] }, indexKey: 'content_index' },
  { name: 'function arguments', deltaType: 'response.function_call_arguments.delta', item: { id: 'fc_1', type: 'function_call', status: 'in_progress', call_id: 'call_1', name: 'f', arguments: '{' } },
  { name: 'custom tool input', deltaType: 'response.custom_tool_call_input.delta', item: { id: 'ct_1', type: 'custom_tool_call', status: 'in_progress', call_id: 'call_1', name: 'g', input: 'x' } },
  { name: 'MCP arguments', deltaType: 'response.mcp_call_arguments.delta', item: { id: 'mcp_1', type: 'mcp_call', status: 'in_progress', server_label: 's', name: 'h', arguments: '{' } },
  { name: 'interpreter code', deltaType: 'response.code_interpreter_call_code.delta', item: { id: 'ci_1', type: 'code_interpreter_call', status: 'in_progress', container_id: 'c', code: 'p', outputs: null } },
];

/** The events that open a response holding `items`, numbered from 0. */
function opening(items: readonly Fields[], outputIndex = (i: number) => i): Fields[] {
  return [
    { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', object: 'response', status: 'in_progress', output: [] } },
    ...items.map((item, i) => ({ type: 'response.output_item.added', sequence_number: i + 1, output_index: outputIndex(i), item })),
  ];
}

/** A well-formed delta for the item `kind` holds at `outputIndex`, with sequence number `seq`. */
function deltaOf(kind: Kind, seq: number, outputIndex: number, delta = 'more'): Fields {
  return { type: kind.deltaType, sequence_number: seq, item_id: kind.item.id, output_index: outputIndex, ...(kind.indexKey === undefined ? {} : { [kind.indexKey]: 0 }), delta };
}

const reduceWith = (reduce: (s: ResponseSnapshot, e: ResponseStreamEvent) => ResponseSnapshot, events: readonly Fields[], from = emptySnapshot()): ResponseSnapshot =>
  events.reduce((s, e) => reduce(s, e as unknown as ResponseStreamEvent), from);

/**
 * Applies `event` after `before` both ways, and through the accumulator behind finalResponse():
 * all must give the full reducer's snapshot. Returns whether the short way took it.
 */
function shortWayTakes(before: readonly Fields[], event: Fields): boolean {
  const prev = reduceWith(applyEvent, before);
  const expected = plain(applyEventInFull(reduceWith(applyEventInFull, before), event as unknown as ResponseStreamEvent));
  const taken = applyDeltaFast(prev, event as Loose);
  expect(plain(applyEvent(prev, event as unknown as ResponseStreamEvent)), JSON.stringify(event)).toEqual(expected);
  if (taken !== undefined) expect(plain(taken)).toEqual(expected);
  const accumulator = new ResponseAccumulator();
  for (const e of before) accumulator.apply(e as unknown as ResponseStreamEvent);
  // It absorbs in place exactly the deltas the short way takes.
  expect(accumulator.apply(event as unknown as ResponseStreamEvent) === undefined, `accumulator: ${JSON.stringify(event)}`).toBe(taken !== undefined);
  expect(plain(accumulator.current()), `accumulator: ${JSON.stringify(event)}`).toEqual(expected);
  return taken !== undefined;
}

describe('the short way on crafted streams', () => {
  it.each(KINDS.map((kind) => [kind.name, kind] as const))('takes a run of %s deltas, giving the full reducer’s snapshots', (_, kind) => {
    const events = opening([kind.item]);
    for (const [i, text] of ['a', 'b\n', 'c"'].entries()) {
      const delta = deltaOf(kind, events.length, 0, text);
      expect(shortWayTakes(events, delta), `delta ${i}`).toBe(true);
      events.push(delta);
    }
    // Growing from the snapshots the short way made, the run ends as the full reducer's.
    expect(plain(reduceWith(applyEvent, events))).toEqual(plain(reduceWith(applyEventInFull, events)));
  });

  /** Deltas just outside the short way's checks, each a change to a well-formed one. */
  const offCases = (kind: Kind): [string, (delta: Fields) => Fields][] => {
    const other = KINDS.find((k) => k.item.type !== kind.item.type) as Kind;
    const cases: [string, (delta: Fields) => Fields][] = [
      ['no sequence_number', ({ sequence_number: _, ...rest }) => rest],
      ['a sequence_number that is text', (d) => ({ ...d, sequence_number: String(d.sequence_number) })],
      ['a repeated sequence_number', (d) => ({ ...d, sequence_number: (d.sequence_number as number) - 1 })],
      ['a skipped sequence_number', (d) => ({ ...d, sequence_number: (d.sequence_number as number) + 1 })],
      ['an empty delta', (d) => ({ ...d, delta: '' })],
      ['a delta that is not text', (d) => ({ ...d, delta: 5 })],
      ['no delta', ({ delta: _, ...rest }) => rest],
      ['a delta type it does not know', (d) => ({ ...d, type: 'response.audio.transcript.delta' })],
      ['another kind’s delta type', (d) => ({ ...d, type: other.deltaType, ...(other.indexKey === undefined ? {} : { [other.indexKey]: 0 }) })],
      ['no output_index', ({ output_index: _, ...rest }) => rest],
      ['an output_index that is text', (d) => ({ ...d, output_index: '0' })],
      ['an output_index past the items', (d) => ({ ...d, output_index: 1 })],
      ['another item id', (d) => ({ ...d, item_id: 'other_1' })],
      ['no item id', ({ item_id: _, ...rest }) => rest],
    ];
    if (kind.indexKey !== undefined) {
      const key = kind.indexKey;
      cases.push(
        [`no ${key}`, ({ [key]: _, ...rest }) => rest],
        [`a ${key} that is text`, (d) => ({ ...d, [key]: '0' })],
        [`a ${key} past the parts`, (d) => ({ ...d, [key]: 1 })],
      );
    }
    return cases;
  };

  it.each(KINDS.map((kind) => [kind.name, kind] as const))('leaves %s deltas that need judgement to the full reducer', (_, kind) => {
    const events = opening([kind.item]);
    const delta = deltaOf(kind, events.length, 0);
    expect(shortWayTakes(events, delta)).toBe(true);
    for (const [what, change] of offCases(kind)) expect(shortWayTakes(events, change(delta)), what).toBe(false);
  });

  const byName = (name: string): Kind => KINDS.find((k) => k.name === name) as Kind;
  const withParts = (kind: Kind, parts: unknown): Fields => ({ ...kind.item, [kind.indexKey === 'summary_index' ? 'summary' : 'content']: parts });

  it.each(KINDS.filter((kind) => kind.indexKey !== undefined).map((kind) => [kind.name, kind] as const))('leaves %s deltas for a missing, empty or odd part to the full reducer', (_, kind) => {
    const part = (kind.item[kind.indexKey === 'summary_index' ? 'summary' : 'content'] as Fields[])[0] as Fields;
    const field = kind.deltaType === 'response.refusal.delta' ? 'refusal' : 'text';
    const partsOf = (k: Kind) => k.item[k.indexKey === 'summary_index' ? 'summary' : 'content'] as Fields[];
    const sibling = KINDS.find((k) => k.item.type === kind.item.type && partsOf(k)[0]?.type !== part.type);
    const items: [string, Fields][] = [
      ['no parts', withParts(kind, undefined)],
      ['parts that are not a list', withParts(kind, 'parts')],
      ['a null part', withParts(kind, [null])],
      // Only an event built in code (not parsed JSON) can hold one.
      ['an undefined part', withParts(kind, [undefined])],
      ['a part without its text', withParts(kind, [{ type: part.type }])],
      ['a part whose text is null', withParts(kind, [{ ...part, [field]: null }])],
      ['a part of another type', withParts(kind, [{ ...part, type: 'input_text' }])],
    ];
    for (const [what, item] of items) {
      const events = opening([item]);
      expect(shortWayTakes(events, deltaOf(kind, events.length, 0)), what).toBe(false);
    }
    if (sibling !== undefined) {
      // An item of the same type whose part is of another type (text where a refusal is expected, ...).
      const events = opening([sibling.item]);
      expect(shortWayTakes(events, deltaOf(kind, events.length, 0)), `on ${sibling.name}`).toBe(false);
    }
  });

  it.each(KINDS.filter((kind) => kind.indexKey === undefined).map((kind) => [kind.name, kind] as const))('grows %s from nothing when the item has none yet', (_, kind) => {
    const field = Object.keys(kind.item).at(-1) === 'outputs' ? 'code' : (Object.keys(kind.item).at(-1) as string);
    for (const value of [null, undefined]) {
      const events = opening([{ ...kind.item, [field]: value }]);
      expect(shortWayTakes(events, deltaOf(kind, events.length, 0)), String(value)).toBe(true);
    }
    const events = opening([{ ...kind.item, [field]: 5 }]);
    expect(shortWayTakes(events, deltaOf(kind, events.length, 0)), 'a number').toBe(false);
  });

  it('leaves deltas for an item of another type to the full reducer, even one holding such a part or field', () => {
    for (const kind of KINDS) {
      const other = KINDS[(KINDS.indexOf(kind) + 3) % KINDS.length] as Kind;
      const type = other.item.type === kind.item.type ? 'web_search_call' : other.item.type;
      const events = opening([{ ...kind.item, type }]);
      expect(shortWayTakes(events, deltaOf(kind, events.length, 0)), `${kind.name} on ${String(type)}`).toBe(false);
    }
  });

  it('leaves deltas for an item whose id is not text to the full reducer', () => {
    for (const kind of KINDS) {
      const events = opening([{ ...kind.item, id: 5 }]);
      expect(shortWayTakes(events, { ...deltaOf(kind, events.length, 0), item_id: 5 }), kind.name).toBe(false);
    }
  });

  it('leaves deltas after the response ended to the full reducer', () => {
    for (const kind of KINDS) {
      const events = [...opening([kind.item]), { type: 'response.completed', sequence_number: 2, response: { id: 'resp_1', object: 'response', status: 'completed', output: [kind.item] } }];
      expect(shortWayTakes(events, deltaOf(kind, events.length, 0)), kind.name).toBe(false);
    }
  });

  it('leaves deltas to the full reducer once the server skipped an output_index', () => {
    for (const kind of KINDS) {
      // The item was added at output_index 1 and sits at position 0: neither index is the short way's.
      const events = opening([kind.item], (i) => i + 1);
      for (const oi of [0, 1]) expect(shortWayTakes(events, deltaOf(kind, events.length, oi)), `${kind.name} at ${oi}`).toBe(false);
    }
  });

  it('leaves deltas to a snapshot that has not started to the full reducer', () => {
    for (const kind of KINDS) {
      const s = reduceWith(applyEventInFull, opening([kind.item]));
      // A snapshot built by hand, as applyEvent accepts: the response has not started.
      const prev: ResponseSnapshot = { response: s.response, output: s.output, outputText: s.outputText, phase: s.phase, streamError: undefined, diagnostics: [], eventCount: s.eventCount, lastSequenceNumber: s.lastSequenceNumber, responseIndex: 0, partialImages: new Map(), started: false, outputIndexMap: undefined };
      const delta = deltaOf(kind, 2, 0) as unknown as ResponseStreamEvent;
      expect(applyDeltaFast(prev, delta as unknown as Loose), kind.name).toBeUndefined();
      const next = applyEvent(prev, delta);
      expect(plain(next)).toEqual(plain(applyEventInFull(prev, delta)));
      expect(next.diagnostics.map((d) => d.code)).toContain('missing_created');
      // Started the same way, it takes the short way.
      expect(applyDeltaFast({ ...prev, started: true }, delta as unknown as Loose), kind.name).toBeDefined();
    }
  });

  it.each(KINDS.filter((kind) => kind.indexKey !== undefined && kind.deltaType !== 'response.output_text.delta').map((kind) => [kind.name, kind] as const))(
    'takes %s deltas for an item before the last one and a part before the last one',
    (_, kind) => {
      const key = kind.indexKey === 'summary_index' ? 'summary' : 'content';
      const part = (kind.item[key] as Fields[])[0] as Fields;
      // Neither the running text's last item nor its last part: only output text cares.
      const events = opening([withParts(kind, [part, { ...part }]), byName('function arguments').item]);
      expect(shortWayTakes(events, deltaOf(kind, events.length, 0)), 'first part').toBe(true);
      expect(shortWayTakes(events, { ...deltaOf(kind, events.length, 0), [kind.indexKey as string]: 1 }), 'second part').toBe(true);
    },
  );

  it('leaves a text delta for a hole in a hand-built output to the full reducer', () => {
    const s = reduceWith(applyEventInFull, opening([]));
    // A sparse array, as a hand-built snapshot may hold: position 0 is a hole.
    const output = new Array<ResponseSnapshot['output'][number]>(1);
    const prev: ResponseSnapshot = { response: s.response, output, outputText: '', phase: s.phase, streamError: undefined, diagnostics: [], eventCount: s.eventCount, lastSequenceNumber: s.lastSequenceNumber, responseIndex: 0, partialImages: new Map(), started: true, outputIndexMap: undefined };
    const delta = deltaOf(byName('output text'), 1, 0) as unknown as ResponseStreamEvent;
    expect(applyDeltaFast(prev, delta as unknown as Loose)).toBeUndefined();
    const next = applyEvent(prev, delta);
    expect(plain(next)).toEqual(plain(applyEventInFull(prev, delta)));
    expect(next.outputText).toBe('more');
  });

  it('keeps the running text of earlier messages and of earlier text parts', () => {
    const text = byName('output text');
    const first = { ...text.item, id: 'msg_0', content: [{ type: 'output_text', text: 'First. ', annotations: [] }] };
    // A later message: the running text holds both.
    let events = opening([first, text.item]);
    expect(shortWayTakes(events, deltaOf(text, events.length, 1, ' and more'))).toBe(true);
    // Only the last text part of the last item extends the running text on the short way.
    events = opening([text.item, byName('function arguments').item]);
    expect(shortWayTakes(events, deltaOf(text, events.length, 0)), 'not the last item').toBe(false);
    events = opening([withParts(text, [{ type: 'output_text', text: 'A', annotations: [] }, { type: 'output_text', text: 'B', annotations: [] }])]);
    expect(shortWayTakes(events, deltaOf(text, events.length, 0)), 'not the last part').toBe(false);
    expect(shortWayTakes(events, { ...deltaOf(text, events.length, 0), content_index: 1 }), 'the last part').toBe(true);
    events = opening([withParts(text, [{ type: 'refusal', refusal: 'No' }, { type: 'output_text', text: 'B', annotations: [] }])]);
    expect(shortWayTakes(events, { ...deltaOf(text, events.length, 0), content_index: 1 }), 'after a refusal').toBe(true);
  });
});
