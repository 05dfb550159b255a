// A reference for responseState(): every view rebuilt from scratch out of the pure reducer's
// snapshot after each event. `checkResponseState` runs a stream through responseState() and
// compares every state with it (items, text, status, derived lists), checks that unchanged
// views and lists keep their identity and that no state already emitted changes afterwards.
// Used by the property tests (random streams) and by scripted streams aimed at each rule.
import { Subject } from 'rxjs';
import { expect } from 'vitest';
import {
  type ItemView,
  type ResponseSnapshot,
  type ResponseStreamEvent,
  type ResponseViewState,
  applyEvent,
  emptySnapshot,
  isToolCallView,
  responseState,
  toItemView,
} from '../../src/index.js';
import type { Wire } from './randomStreams.js';

// ---------------------------------------------------------------------------------------------
// The reference: every view rebuilt from the pure reducer's snapshot, as responseState() did
// before it worked in place (the item an output_item.done finished: the event's own object if
// the output holds it, else the item at its output_index if of the same type, else by id).

function referenceDone(s: ResponseSnapshot, event: Wire, doneAt: Set<number>): void {
  const item = event.item as { type?: unknown; id?: unknown } | undefined;
  if (typeof item !== 'object' || item === null) return;
  let index = s.output.indexOf(item as never);
  if (index < 0 && typeof event.output_index === 'number') {
    const position = s.outputIndexMap === undefined ? event.output_index : s.outputIndexMap.get(event.output_index);
    if (position !== undefined && s.output[position]?.type === item.type) index = position;
  }
  if (index < 0 && typeof item.id === 'string' && item.id !== '') {
    for (let i = s.output.length - 1; i >= 0; i--) {
      if (s.output[i]?.id === item.id) {
        index = i;
        break;
      }
    }
  }
  if (index >= 0) doneAt.add(index);
}

function referenceViews(s: ResponseSnapshot, doneAt: ReadonlySet<number>): ItemView[] {
  return s.output.map((item, i) =>
    toItemView(item, i, { done: s.phase !== 'streaming' || doneAt.has(i), partialImage: item.type === 'image_generation_call' ? s.partialImages.get(i) : undefined }),
  );
}

function reasoningOf(views: readonly ItemView[]): string[] {
  return views.flatMap((v) => (v.kind === 'reasoning' ? [v.summary.join('\n\n') || v.text] : []));
}

/** A plain copy of everything a state shows, to tell later whether it changed. */
function fingerprint(state: ResponseViewState): string {
  return JSON.stringify(state, (_key, value: unknown) => (value instanceof Error ? { name: value.name, message: value.message } : value));
}

function showing(state: ResponseViewState): Record<string, unknown> {
  return { status: state.status, text: state.text, responseIndex: state.responseIndex, items: state.items, reasoning: state.reasoning, toolCalls: state.toolCalls, diagnostics: state.diagnostics };
}

/** Whether view `b` shows what `a` shows: the same item object, done-ness and partial image. */
export function sameView(a: ItemView, b: ItemView): boolean {
  return a.item === b.item && a.done === b.done && (a.kind !== 'image_generation_call' || (b.kind === 'image_generation_call' && a.partialImage === b.partialImage));
}

/** What a state should show, from the reference. */
interface Expected {
  readonly state: ResponseViewState;
  readonly shown: Record<string, unknown>;
}

/** The same order for the same seed: a shuffle driven by a small linear congruential generator. */
function shuffled(count: number, seed: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  let x = seed >>> 0 || 1;
  for (let i = count - 1; i > 0; i--) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const j = x % (i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

/**
 * Runs the events one at a time and checks every state against the reference. With `lateSeed`,
 * no state is looked at while the stream runs (`items` is built when first read): they are
 * all read afterwards, in an order shuffled by the seed, as a UI that renders now and then, or
 * a debugger stepping back through states, would read them.
 */
export function checkResponseState(events: readonly (Wire | ResponseStreamEvent)[], lateSeed?: number): { states: number; compared: number; emitted: readonly ResponseViewState[] } {
  const source = new Subject<ResponseStreamEvent>();
  const emitted: ResponseViewState[] = [];
  const expected: Expected[] = [];
  const late = lateSeed !== undefined;
  let done = false;
  source.pipe(responseState()).subscribe({ next: (s) => emitted.push(s), complete: () => (done = true) });
  const prints = late ? [] : emitted.map(fingerprint);
  let snapshot = emptySnapshot();
  let doneAt = new Set<number>();
  let compared = 0;
  for (const event of events as readonly Wire[]) {
    if (done) break;
    const before = emitted.length;
    source.next(event as ResponseStreamEvent);
    const prev = snapshot;
    snapshot = applyEvent(prev, event as ResponseStreamEvent);
    if (snapshot.responseIndex !== prev.responseIndex) doneAt = new Set();
    if (event.type === 'response.output_item.done') referenceDone(snapshot, event, doneAt);
    if (!late) for (let i = before; i < emitted.length; i++) prints.push(fingerprint(emitted[i] as ResponseViewState));
    const state = emitted.at(-1) as ResponseViewState;
    if (done && snapshot.responseIndex !== prev.responseIndex) break; // failed on the previous response
    const views = referenceViews(snapshot, doneAt);
    const status = snapshot.phase === 'streaming' ? (snapshot.started ? 'streaming' : 'idle') : snapshot.phase === 'error' ? 'failed' : snapshot.phase;
    const shown = {
      status,
      text: snapshot.outputText,
      responseIndex: snapshot.responseIndex,
      items: views,
      reasoning: reasoningOf(views),
      toolCalls: views.filter(isToolCallView),
      diagnostics: snapshot.diagnostics,
    };
    if (late) {
      expected.push({ state, shown });
      continue;
    }
    // One comparison per event (the views hold the items, so this compares them too).
    expect(showing(state)).toEqual(shown);
    compared++;
  }
  if (!done) source.complete();
  if (late) {
    for (const k of shuffled(expected.length, lateSeed)) {
      const { state, shown } = expected[k] as Expected;
      expect(showing(state)).toEqual(shown);
      // Built once: every read gives the same list.
      expect(state.items).toBe(state.items);
      compared++;
    }
  }
  for (let i = prints.length; i < emitted.length; i++) prints.push(fingerprint(emitted[i] as ResponseViewState));
  // Identity: an unchanged view, and a list whose entries are all unchanged, is the same object.
  for (let i = 1; i < emitted.length; i++) {
    const a = emitted[i - 1] as ResponseViewState;
    const b = emitted[i] as ResponseViewState;
    expect(Object.isFrozen(b)).toBe(true);
    expect(b).not.toBe(a);
    if (a.responseIndex !== b.responseIndex) continue;
    const kept = b.items.map((view, k) => a.items[k] !== undefined && view === a.items[k]);
    const same = b.items.map((view, k) => a.items[k] !== undefined && sameView(a.items[k] as ItemView, view));
    expect(kept).toEqual(same);
    if (a.items.length === b.items.length && b.items.every((v, k) => v === a.items[k])) expect(b.items).toBe(a.items);
    if (b.toolCalls.length === a.toolCalls.length && b.toolCalls.every((t, k) => t === a.toolCalls[k])) expect(b.toolCalls).toBe(a.toolCalls);
    if (b.reasoning.length === a.reasoning.length && b.reasoning.every((r, k) => r === a.reasoning[k])) expect(b.reasoning).toBe(a.reasoning);
  }
  // Nothing emitted changed afterwards.
  expect(emitted.map(fingerprint)).toEqual(prints);
  return { states: emitted.length, compared, emitted };
}
