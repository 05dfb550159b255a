// Every index a server sends (output_index, content_index, summary_index, annotation_index,
// command_index, partial_image_index) is untrusted: none may make the reducer allocate, copy or
// loop beyond the size of what was actually sent, none may reach an object as a property key,
// and none that is not a usable index may be accepted without a diagnostic. Checked on
// hand-built streams for the known attacks, then as a property over the recordings with one
// event's indices replaced by hostile values, through applyEvent (with and without its short
// way for deltas) and through the in-place accumulator finalResponse() uses.
import fc from 'fast-check';
import { from, lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, applyEvent, emptySnapshot, finalResponse, isKnownEventType } from '../../src/index.js';
import { ResponseAccumulator } from '../../src/reduce/ResponseAccumulator.js';
import { applyEventInFull } from '../../src/reduce/applyEvent.js';
import { deepFreeze } from '../support/deepFreeze.js';
import { listRecordings } from '../support/listRecordings.js';

type Wire = Record<string, unknown> & { type: string };

const INDEX_KEYS = ['output_index', 'content_index', 'summary_index', 'annotation_index', 'command_index', 'partial_image_index'] as const;

/** Values no index may be taken as, or that are far past the end of anything sent. */
const HOSTILE: readonly unknown[] = [
  2 ** 53, 2 ** 53 - 1, 2 ** 53 + 2, 4294967294, 4294967295, 5000000, 2 ** 31,
  -1, -5000000, 0.5, 1.5, -0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY,
  '0', '1', '__proto__', 'constructor', 'length', 'toString', null, true, {}, [], [0],
];

const isIndex = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The longest array anywhere in a value, and every object's prototype is a plain one. */
function walk(value: unknown): { longest: number; foreignPrototypes: number } {
  let longest = 0;
  let foreignPrototypes = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      longest = Math.max(longest, v.length);
      if (Object.getPrototypeOf(v) !== Array.prototype) foreignPrototypes++;
      for (const entry of v) stack.push(entry);
    } else if (v instanceof Map) {
      for (const entry of v.values()) stack.push(entry);
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) foreignPrototypes++;
      for (const key of Object.keys(v)) stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return { longest, foreignPrototypes };
}

/** What the snapshot of a response may hold after `events` events totalling `bytes` bytes of JSON, whose longest array had `wireLongest` entries. */
function expectBounded(s: ResponseSnapshot, events: number, bytes: number, wireLongest: number, what: string): void {
  const { longest, foreignPrototypes } = walk({ response: s.response, output: s.output, images: s.partialImages });
  // An event may explain itself in a few diagnostics, never in a number the wire chose.
  expect(s.diagnostics.length, `${what}: diagnostics`).toBeLessThanOrEqual(4 * events);
  expect(longest, `${what}: an array longer than the events seen (${events}) plus the longest array they carried (${wireLongest})`).toBeLessThanOrEqual(events + wireLongest);
  expect(foreignPrototypes, `${what}: an object got a prototype from the wire`).toBe(0);
  const json = JSON.stringify(s); // throws on an array of 2^32 - 1 slots
  // Diagnostics quote at most a short piece of the event; everything else is what was sent.
  expect(json.length, `${what}: the snapshot outgrew what was sent`).toBeLessThanOrEqual(3 * bytes + 600 * events);
}

// ---------------------------------------------------------------------------------------------

let seq = 0;
const ev = (type: string, fields: Record<string, unknown> = {}): Wire => ({ type, sequence_number: seq++, ...fields });
const created = (): Wire => ev('response.created', { response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'm', output: [] } });
const textPart = () => ({ type: 'output_text', text: '', annotations: [] });

/** A message with one text part, one annotation at `annotationIndex`, and a text delta after it. */
function annotatedStream(annotationIndex: unknown): Wire[] {
  seq = 0;
  const citation = { type: 'url_citation', url: 'https://example.com', title: 'Example', start_index: 0, end_index: 2 };
  const finished = { type: 'message', id: 'm', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi there', annotations: [citation] }] };
  return [
    created(),
    ev('response.output_item.added', { output_index: 0, item: { type: 'message', id: 'm', role: 'assistant', status: 'in_progress', content: [] } }),
    ev('response.content_part.added', { output_index: 0, content_index: 0, item_id: 'm', part: textPart() }),
    ev('response.output_text.delta', { output_index: 0, content_index: 0, item_id: 'm', delta: 'Hi' }),
    ev('response.output_text.annotation.added', { output_index: 0, content_index: 0, item_id: 'm', annotation_index: annotationIndex, annotation: citation }),
    ev('response.output_text.delta', { output_index: 0, content_index: 0, item_id: 'm', delta: ' there' }),
    ev('response.output_text.delta', { output_index: 0, content_index: 0, item_id: 'm', delta: '' }),
    ev('response.completed', { response: { id: 'resp_1', object: 'response', status: 'completed', model: 'm', output: [finished] } }),
  ];
}

function reduce(events: readonly Wire[]): ResponseSnapshot[] {
  const out: ResponseSnapshot[] = [];
  let s = emptySnapshot();
  for (const e of events) out.push((s = applyEvent(s, deepFreeze(e) as ResponseStreamEvent)));
  return out;
}

function accumulate(events: readonly Wire[]): ResponseSnapshot {
  const accumulator = new ResponseAccumulator();
  for (const e of events) accumulator.apply(e as ResponseStreamEvent);
  return accumulator.current();
}

const annotationsOf = (s: ResponseSnapshot): unknown[] => ((s.output[0] as unknown as { content: { annotations: unknown[] }[] }).content[0]?.annotations ?? []);
const codesAt = (steps: ResponseSnapshot[], i: number): string[] => (steps[i] as ResponseSnapshot).diagnostics.slice((steps[i - 1] as ResponseSnapshot).diagnostics.length).map((d) => d.code);

describe('an annotation_index far past the end', () => {
  for (const index of [5000000, 4294967294]) {
    it(`annotation_index ${index} appends at the next slot with a diagnostic, and the stream goes on`, async () => {
      const events = annotatedStream(index);
      const steps = reduce(events);
      const afterAnnotation = steps[4] as ResponseSnapshot;
      expect(annotationsOf(afterAnnotation)).toHaveLength(1);
      expect(codesAt(steps, 4)).toEqual(['index_out_of_range']);
      expect(JSON.stringify(afterAnnotation.response).length).toBeLessThan(2000);
      // The next delta still lands, and the final state is the server's.
      expect((steps[5] as ResponseSnapshot).outputText).toBe('Hi there');
      const final = steps.at(-1) as ResponseSnapshot;
      expectBounded(final, events.length, JSON.stringify(events).length, 1, `annotation_index ${index}`);
      // The accumulator behind finalResponse() reaches exactly the same state.
      expect(JSON.stringify(accumulate(events))).toBe(JSON.stringify(final));
      const response = await lastValueFrom(from(events as ResponseStreamEvent[]).pipe(finalResponse()));
      expect(response.output).toEqual(final.response.output);
      expect(annotationsOf(afterAnnotation)[0]).toEqual(events[4]?.annotation);
    });
  }

  it('an index naming a slot that exists replaces it; an equal one changes nothing', () => {
    const events = annotatedStream(0);
    const again = { ...(events[4] as Wire), sequence_number: 100 };
    const other = { ...(events[4] as Wire), sequence_number: 101, annotation: { type: 'file_path', file_id: 'f', index: 1 } };
    let s = reduce(events.slice(0, 5)).at(-1) as ResponseSnapshot;
    const same = applyEvent(s, again as ResponseStreamEvent);
    expect(annotationsOf(same)).toBe(annotationsOf(s));
    s = applyEvent(same, other as ResponseStreamEvent);
    expect(annotationsOf(s)).toEqual([other.annotation]);
    expect(s.diagnostics.map((d) => d.code)).toContain('output_index_conflict');
  });
});

describe('indices that are not indices', () => {
  const invalid: readonly unknown[] = [-1, 1.5, Number.NaN, '0', '__proto__', 'constructor', null, true, {}, 2 ** 53];
  for (const value of invalid) {
    it(`${typeof value === 'object' && value !== null ? JSON.stringify(value) : typeof value === 'string' ? JSON.stringify(value) : String(value)} as annotation_index, content_index or output_index: diagnosed, never a key`, () => {
      for (const key of ['annotation_index', 'content_index', 'output_index'] as const) {
        const events = annotatedStream(0);
        events[4] = { ...(events[4] as Wire), [key]: value };
        const steps = reduce(events);
        expect(codesAt(steps, 4), key).toContain('invalid_index');
        const s = steps[4] as ResponseSnapshot;
        // The annotation still reached the one text part (found by the other keys), and no
        // array or object grew a property from the value.
        expect(annotationsOf(s), key).toEqual([events[4]?.annotation]);
        expectBounded(s, 5, JSON.stringify(events).length, 1, key);
        expect(Object.keys(annotationsOf(s))).toEqual(['0']);
      }
    });
  }

  it('a content_index past the end of a message appends one part, not a hole', () => {
    seq = 0;
    const events = [
      created(),
      ev('response.output_item.added', { output_index: 0, item: { type: 'message', id: 'm', role: 'assistant', status: 'in_progress', content: [] } }),
      ev('response.content_part.added', { output_index: 0, content_index: 4294967294, item_id: 'm', part: textPart() }),
      ev('response.output_text.delta', { output_index: 0, content_index: 2 ** 53 - 1, item_id: 'm', delta: 'x' }),
      ev('response.reasoning_summary_part.added', { output_index: 5000000, item_id: 'r', summary_index: 5000000, part: { type: 'summary_text', text: '' } }),
    ];
    const steps = reduce(events);
    const s = steps.at(-1) as ResponseSnapshot;
    expect(codesAt(steps, 2)).toEqual(['index_out_of_range']);
    expect(codesAt(steps, 3)).toEqual(['index_out_of_range']);
    expect((s.output[0] as unknown as { content: unknown[] }).content).toHaveLength(2);
    expect(s.output).toHaveLength(2);
    expect((s.output[1] as unknown as { summary: unknown[] }).summary).toHaveLength(1);
    expect(s.outputText).toBe('x');
    expectBounded(s, events.length, JSON.stringify(events).length, 0, 'content_index past the end');
  });
});

// ---------------------------------------------------------------------------------------------
// The property

const SEED = 20260811;
const RUNS = 250;
const MAX_EVENTS = 150;

const sources = listRecordings()
  .map((rec) => ({ name: rec.name, events: (rec.validEvents as Wire[]).map((e) => deepFreeze(structuredClone(e))) }))
  .filter((src) => src.events.some((e) => INDEX_KEYS.some((key) => key in e)));

interface Case {
  readonly source: number;
  readonly length: number;
  readonly at: number;
  /** Which of the event's index keys get a hostile value (bit i: the i-th key present). */
  readonly mask: number;
  readonly values: readonly unknown[];
  readonly withTerminal: boolean;
}

const cases: fc.Arbitrary<Case> = fc.integer({ min: 0, max: sources.length - 1 }).chain((source) => {
  const events = (sources[source] as (typeof sources)[number]).events;
  const withIndex = events.flatMap((e, i) => (INDEX_KEYS.some((key) => key in e) ? [i] : []));
  return fc.constantFrom(...withIndex).chain((at) =>
    fc.record({
      source: fc.constant(source),
      length: fc.integer({ min: at + 1, max: Math.max(at + 1, Math.min(events.length, at + MAX_EVENTS)) }),
      at: fc.constant(at),
      mask: fc.integer({ min: 1, max: 63 }),
      values: fc.array(fc.constantFrom(...HOSTILE), { minLength: INDEX_KEYS.length, maxLength: INDEX_KEYS.length }),
      withTerminal: fc.boolean(),
    }),
  );
});

function build(c: Case): { events: Wire[]; at: number; replaced: Map<string, unknown> } {
  const src = sources[c.source] as (typeof sources)[number];
  // A prefix of the recording: a valid stream up to where it is cut.
  const events = src.events.slice(0, c.length);
  const at = c.at;
  const original = events[at] as Wire;
  const present = INDEX_KEYS.filter((key) => key in original);
  const replaced = new Map<string, unknown>();
  present.forEach((key, i) => {
    if (c.mask & (1 << i) || present.length === 1) replaced.set(key, c.values[i]);
  });
  if (replaced.size === 0) replaced.set(present[0] as string, c.values[0]);
  events[at] = deepFreeze({ ...original, ...Object.fromEntries(replaced) });
  const last = src.events.at(-1) as Wire;
  if (c.withTerminal && c.length < src.events.length) events.push(last);
  return { events, at, replaced };
}

describe('any hostile index in any stream', () => {
  it('costs no more than the event it came in, never becomes a key, is diagnosed, and both reducer paths agree', () => {
    let invalidSeen = 0;
    let outOfRangeSeen = 0;
    fc.assert(
      fc.property(cases, (c) => {
        const { events, at, replaced } = build(c);
        const name = (sources[c.source] as (typeof sources)[number]).name;
        let s = emptySnapshot();
        let full = emptySnapshot();
        const accumulator = new ResponseAccumulator();
        let bytes = 0;
        let wireLongest = 0;
        events.forEach((event, i) => {
          bytes += JSON.stringify(event).length;
          wireLongest = Math.max(wireLongest, walk(event).longest);
          const before = s;
          s = applyEvent(s, event as ResponseStreamEvent);
          full = applyEventInFull(full, event as ResponseStreamEvent);
          accumulator.apply(event as ResponseStreamEvent);
          if (i !== at && i !== at + 1 && i !== events.length - 1) return;
          const what = `${name}, event ${i} (hostile ${JSON.stringify([...replaced])} at ${at})`;
          expectBounded(s, i + 1, bytes, wireLongest, what);
          expect(JSON.stringify(full), `applyEventInFull vs applyEvent: ${what}`).toBe(JSON.stringify(s));
          expect(JSON.stringify(accumulator.current()), `accumulator vs applyEvent: ${what}`).toBe(JSON.stringify(s));
          if (i !== at || !isKnownEventType(event.type) || s.responseIndex !== before.responseIndex) return;
          // Never a silent accept: a value that is no index, or one past the end of anything,
          // leaves a diagnostic on the event that carried it.
          const invalid = [...replaced.values()].some((v) => !isIndex(v));
          const outOfRange = [...replaced].some(([key, v]) => isIndex(v) && key !== 'partial_image_index');
          if (invalid) invalidSeen++;
          if (outOfRange) outOfRangeSeen++;
          if (invalid || outOfRange) expect(s.diagnostics.length, `no diagnostic for ${what}`).toBeGreaterThan(before.diagnostics.length);
          if (invalid) expect(s.diagnostics.slice(before.diagnostics.length).map((d) => d.code), what).toEqual(expect.arrayContaining([expect.stringMatching(/invalid_index|item_type_mismatch|event_after_terminal/)]));
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Both kinds of hostile value reached events the reducer reads.
    expect(invalidSeen).toBeGreaterThan(20);
    expect(outOfRangeSeen).toBeGreaterThan(20);
  });
});
