// Property tests of the reducer's short ways for deltas, on recordings perturbed around runs of
// deltas: applyEvent's short way (applyDeltaFast, with its own path for output_text deltas) and
// the in-place absorption of ResponseAccumulator (with its check that a delta continues the run
// being grown). Each perturbation puts an event just past one of their checks (another item id,
// an index off by one, a repeated or skipped sequence_number, an empty delta, an interruption
// in a run, ...). Whatever the short ways accept or decline, the snapshots must be exactly those
// of the full reducer, and nothing handed out may be written into afterwards.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, emptySnapshot } from '../../src/index.js';
import { ResponseAccumulator } from '../../src/reduce/ResponseAccumulator.js';
import { applyDeltaFast } from '../../src/reduce/applyDeltaFast.js';
import { applyEvent, applyEventInFull, applyEventKeyed } from '../../src/reduce/applyEvent.js';
import { OutputOwnership } from '../../src/reduce/OutputOwnership.js';
import { deepFreeze } from '../support/deepFreeze.js';
import { listRecordings } from '../support/listRecordings.js';

const SEED = 42;
const RUNS = 500;

type Wire = Readonly<Record<string, unknown>> & { readonly type: string };

const isDelta = (event: Wire): boolean => event.type.endsWith('.delta');

/** Every delta type the short ways know, plus the delta types the recordings hold (added below). */
const DELTA_TYPES = new Set<string>([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.reasoning_summary_text.delta',
  'response.reasoning_text.delta',
  'response.reasoning.delta',
  'response.function_call_arguments.delta',
  'response.custom_tool_call_input.delta',
  'response.mcp_call_arguments.delta',
  'response.code_interpreter_call_code.delta',
  'response.audio.delta',
]);

/** A recording with deltas, and what the generator picks from. */
interface Source {
  readonly name: string;
  readonly events: readonly Wire[];
  /** Positions of delta events. */
  readonly deltas: readonly number[];
  /** Positions of deltas with a delta of the same type on both sides: the middle of a run. */
  readonly midRun: readonly number[];
  readonly itemIds: readonly string[];
  /** Non-delta events to copy in between deltas (`response.in_progress` first, when there is one). */
  readonly fillers: readonly Wire[];
  readonly others: readonly Wire[];
}

const sources: Source[] = listRecordings().flatMap((rec): Source[] => {
  const events = (rec.validEvents as Wire[]).map((event) => deepFreeze(structuredClone(event)));
  const deltas: number[] = [];
  const midRun: number[] = [];
  const itemIds = new Set<string>();
  events.forEach((event, i) => {
    if (typeof event.item_id === 'string') itemIds.add(event.item_id);
    if (!isDelta(event)) return;
    DELTA_TYPES.add(event.type);
    deltas.push(i);
    if (events[i - 1]?.type === event.type && events[i + 1]?.type === event.type) midRun.push(i);
  });
  if (deltas.length === 0) return [];
  const others = events.filter((event) => !isDelta(event));
  const inProgress = others.filter((event) => event.type === 'response.in_progress');
  return [{ name: rec.name, events, deltas, midRun, itemIds: [...itemIds], fillers: inProgress.length > 0 ? inProgress : others, others }];
});
const deltaTypes = [...DELTA_TYPES].sort();

const KINDS = ['itemId', 'outputIndex', 'partIndex', 'sequence', 'delta', 'type', 'duplicate', 'keepalive', 'unrelated', 'swap'] as const;
type Kind = (typeof KINDS)[number];

interface Mutation {
  /** Position in the recording of the event it applies to. */
  readonly at: number;
  readonly kind: Kind;
  /** Chooses among the variants of the kind. */
  readonly pick: number;
}

interface Scenario {
  readonly source: number;
  /** The recording's name, for a readable counterexample. */
  readonly recording: string;
  /** The window of the recording the mutations fall in: [lo, hi). */
  readonly lo: number;
  readonly hi: number;
  readonly mutations: readonly Mutation[];
  /** How many events past the window to keep (the rest is cut), unless `toEnd`. */
  readonly tail: number;
  readonly toEnd: boolean;
  /** Offsets from `lo` where the accumulator's state is read mid-run. */
  readonly probes: readonly number[];
}

const SPAN = 8;

const scenarios: fc.Arbitrary<Scenario> = fc.integer({ min: 0, max: sources.length - 1 }).chain((s) => {
  const src = sources[s] as Source;
  const anyDelta = fc.constantFrom(...src.deltas);
  const center = src.midRun.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...src.midRun) }, { weight: 1, arbitrary: anyDelta }) : anyDelta;
  return center.chain((c) => {
    const lo = Math.max(0, c - SPAN);
    const hi = Math.min(src.events.length, c + SPAN + 1);
    const deltasInWindow = src.deltas.filter((i) => i >= lo && i < hi);
    // Mostly deltas (the window is centred on one, so there is at least one), now and then anything.
    const at = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...deltasInWindow) }, { weight: 1, arbitrary: fc.integer({ min: lo, max: hi - 1 }) });
    const mutation = fc.record({ at, kind: fc.constantFrom(...KINDS), pick: fc.nat({ max: 1000 }) });
    return fc.record({
      source: fc.constant(s),
      recording: fc.constant(src.name),
      lo: fc.constant(lo),
      hi: fc.constant(hi),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 5 }),
      tail: fc.integer({ min: 0, max: 40 }),
      toEnd: fc.boolean(),
      probes: fc.uniqueArray(fc.integer({ min: 0, max: 2 * SPAN + 40 }), { maxLength: 4 }),
    });
  });
});

/** Applies the mutations (at descending positions, so an insertion never shifts a later one's target). */
function perturb(src: Source, scenario: Scenario): { events: Wire[]; touched: Set<Wire> } {
  const n = src.events.length;
  const cut = scenario.toEnd && n - scenario.hi <= 200 ? n : Math.min(n, scenario.hi + scenario.tail);
  const events: Wire[] = src.events.slice(0, cut);
  const touched = new Set<Wire>();
  const mark = (event: Wire): Wire => {
    deepFreeze(event);
    touched.add(event);
    return event;
  };
  const ordered = scenario.mutations.map((m, i) => ({ m, i })).sort((a, b) => b.m.at - a.m.at || a.i - b.i);
  for (const { m } of ordered) {
    const original = events[m.at];
    if (original === undefined) continue;
    const e: Record<string, unknown> = { ...original };
    const variant = (count: number) => m.pick % count;
    switch (m.kind) {
      case 'itemId': {
        const ids = src.itemIds.filter((id) => id !== original.item_id);
        const v = variant(ids.length + 1);
        e.item_id = v < ids.length ? ids[v] : `fc_new_item_${m.pick}`;
        break;
      }
      case 'outputIndex': {
        const oi = typeof original.output_index === 'number' ? original.output_index : 0;
        e.output_index = [oi + 1, oi - 1, 1000 + oi][variant(3)];
        break;
      }
      case 'partIndex': {
        const key = 'summary_index' in original ? 'summary_index' : 'content_index';
        const k = typeof original[key] === 'number' ? original[key] : 0;
        const v = variant(3);
        if (v === 2) delete e[key];
        else e[key] = v === 0 ? k + 1 : k - 1;
        break;
      }
      case 'sequence': {
        const seq = original.sequence_number;
        const v = variant(4);
        if (v === 2) {
          delete e.sequence_number;
        } else if (typeof seq === 'number') {
          const previous = events[m.at - 1]?.sequence_number;
          e.sequence_number = v === 0 ? (typeof previous === 'number' ? previous : seq - 1) : v === 1 ? seq + 1 : String(seq);
        }
        break;
      }
      case 'delta': {
        const v = variant(3);
        if (v === 2) delete e.delta;
        else e.delta = v === 0 ? '' : m.pick;
        break;
      }
      case 'type': {
        const others = deltaTypes.filter((type) => type !== original.type);
        e.type = others[variant(others.length)];
        break;
      }
      case 'duplicate':
        events.splice(m.at + 1, 0, mark({ ...original }));
        continue;
      case 'keepalive':
        events.splice(m.at, 0, mark({ type: 'keepalive' }));
        continue;
      case 'unrelated': {
        // Mostly a lifecycle event (response.in_progress), now and then any other non-delta event.
        const pool = m.pick % 4 === 3 ? src.others : src.fillers;
        events.splice(m.at, 0, mark({ ...(pool[Math.floor(m.pick / 4) % pool.length] as Wire) }));
        continue;
      }
      case 'swap': {
        const next = events[m.at + 1];
        if (next === undefined) continue;
        events[m.at] = next;
        events[m.at + 1] = original;
        touched.add(next);
        touched.add(original);
        continue;
      }
    }
    events[m.at] = mark(e as Wire);
  }
  return { events, touched };
}

/** What tells the story when a property fails: the events around the failing one. */
function around(events: readonly Wire[], i: number): string {
  return events
    .slice(Math.max(0, i - 3), i + 1)
    .map((event, j) => `  [${Math.max(0, i - 3) + j}] ${JSON.stringify(event).slice(0, 300)}`)
    .join('\n');
}

/**
 * Exact comparison of two snapshots in their plain (JSON) form. Equal JSON text settles it;
 * otherwise the parsed forms are compared (key order aside), which also gives a readable diff.
 */
function expectSameState(actual: ResponseSnapshot, expectedJSON: string, what: string): void {
  const actualJSON = JSON.stringify(actual);
  if (actualJSON !== expectedJSON) expect(JSON.parse(actualJSON), what).toEqual(JSON.parse(expectedJSON));
}

/** What the runs reached, so a test can tell the perturbations hit both sides of the short ways' checks. */
interface Reach {
  /** Perturbed events applyEvent still took the short way for, and those it declined. */
  perturbedShort: number;
  perturbedDeclined: number;
  /** Deltas after a perturbation that took the short way again. */
  shortAfterPerturbation: number;
  /** Deltas after a perturbation the accumulator absorbed, and absorbed deltas that continued a run. */
  absorbedAfterPerturbation: number;
  continuedRuns: number;
}

const noReach = (): Reach => ({ perturbedShort: 0, perturbedDeclined: 0, shortAfterPerturbation: 0, absorbedAfterPerturbation: 0, continuedRuns: 0 });

function replay(scenario: Scenario, withAccumulator: boolean, reached: Reach): void {
  const src = sources[scenario.source] as Source;
  const { events, touched } = perturb(src, scenario);
  // The unperturbed start is covered event by event by applyDeltaFast.test.ts: checked from just before the window.
  const from = Math.max(0, scenario.lo - 2);
  const probes = new Set(scenario.probes.map((offset) => scenario.lo + offset));
  let reference = emptySnapshot();
  let full = emptySnapshot();
  let keyed = emptySnapshot();
  const keys = new OutputOwnership();
  const accumulator = new ResponseAccumulator();
  let afterPerturbation = false;
  let previousAbsorbed = false;
  events.forEach((event, i) => {
    const ev = event as unknown as ResponseStreamEvent;
    const short = applyDeltaFast(reference, event) !== undefined;
    reference = deepFreeze(applyEvent(reference, ev));
    full = deepFreeze(applyEventInFull(full, ev));
    // scanResponse()'s reducer: it hands out every snapshot (frozen here, so a write throws).
    keyed = deepFreeze(applyEventKeyed(keyed, ev, keys));
    const step = withAccumulator ? accumulator.apply(ev) : undefined;
    // A settled snapshot is handed out (emitted, or carried by an error): frozen, so a later
    // write into it throws. One still streaming is valid only until the next event.
    if (step !== undefined) {
      if (step.prev.phase !== 'streaming') deepFreeze(step.prev);
      if (step.next.phase !== 'streaming') deepFreeze(step.next);
    }
    if (touched.has(event)) {
      if (short) reached.perturbedShort++;
      else reached.perturbedDeclined++;
      afterPerturbation = true;
    } else if (afterPerturbation && short) {
      reached.shortAfterPerturbation++;
    }
    if (i < from) {
      previousAbsorbed = withAccumulator && step === undefined;
      return;
    }
    const what = `${src.name}, event ${i} of the perturbed stream:\n${around(events, i)}`;
    const expected = JSON.stringify(reference);
    expectSameState(full, expected, `applyEvent vs applyEventInFull at ${what}`);
    expectSameState(keyed, expected, `applyEvent vs applyEventKeyed at ${what}`);
    if (!withAccumulator) return;
    if (step === undefined) {
      // Absorbed in place: exactly the deltas applyEvent takes the short way for.
      expect(short, `accumulator absorbed a delta applyEvent did not take the short way for, at ${what}`).toBe(true);
      if (afterPerturbation) reached.absorbedAfterPerturbation++;
      if (previousAbsorbed) reached.continuedRuns++;
    } else {
      expect(short, `accumulator declined a delta applyEvent took the short way for, at ${what}`).toBe(false);
      expectSameState(step.next, expected, `accumulator step.next vs applyEvent at ${what}`);
    }
    previousAbsorbed = step === undefined;
    if (probes.has(i)) {
      // Read mid-run, then go on: what was handed out must stay intact (it is frozen now).
      expectSameState(deepFreeze(accumulator.current()), expected, `accumulator current() mid-run vs applyEvent at ${what}`);
      previousAbsorbed = false;
    }
  });
  if (withAccumulator) expectSameState(deepFreeze(accumulator.current()), JSON.stringify(reference), `accumulator current() at the end of ${src.name} (${events.length} events)`);
}

describe('reducing perturbed streams', () => {
  it('the short way for deltas agrees with the full reducer on perturbed streams, without writing into events or snapshots', () => {
    const reached = noReach();
    fc.assert(
      fc.property(scenarios, (scenario) => replay(scenario, false, reached)),
      { seed: SEED, numRuns: RUNS },
    );
    // A generator that never reached the short way would let the property pass without testing it.
    expect(reached.perturbedDeclined).toBeGreaterThan(0);
    expect(reached.perturbedShort).toBeGreaterThan(0);
    expect(reached.shortAfterPerturbation).toBeGreaterThan(0);
  });

  it('finalResponse() accumulation hands out exactly the snapshots applyEvent gives on perturbed streams, and never changes a settled or current() one afterwards', () => {
    const reached = noReach();
    fc.assert(
      fc.property(scenarios, (scenario) => replay(scenario, true, reached)),
      { seed: SEED + 1, numRuns: RUNS },
    );
    // Runs of deltas were absorbed in place after perturbations, and grown by the continuation check.
    expect(reached.absorbedAfterPerturbation).toBeGreaterThan(0);
    expect(reached.continuedRuns).toBeGreaterThan(0);
  });
});
