import { concat, NEVER, Observable, Subject, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  emptySnapshot,
  finalResponse,
  type FinalResponse,
  fromEvents,
  fromJSONL,
  idleResponseState,
  type ItemView,
  isResponseFailedError,
  isResponseStreamError,
  isStreamTruncatedError,
  isToolCallView,
  markStopped,
  responseState,
  type ResponseStreamEvent,
  type ResponseViewState,
  toItemView,
} from '../../src/index.js';
import { collectNotifications, type Notifications } from '../support/collectNotifications.js';
import { streamedCall } from '../support/streamedCall.js';
import { isTerminalType } from '../support/fixtures.js';
import { listRecordings, type Recording } from '../support/listRecordings.js';
import { deltaText } from '../support/deltaText.js';
import { sameView } from '../support/responseStateReference.js';

const recordings = listRecordings();
const eventsOf = (rec: Recording) => rec.validEvents as ResponseStreamEvent[];
const optionsFor = (rec: Recording) => (rec.invalidLines.length > 0 ? { invalidInput: 'skip' as const } : undefined);
const responseCount = (rec: Recording) => eventsOf(rec).filter((e) => e.type === 'response.created').length;

/** Recordings with one response and plenty of streamed text, to cut short. */
const withText = recordings.filter((r) => r.invalidLines.length === 0 && responseCount(r) === 1 && eventsOf(r).filter((e) => e.type === 'response.output_text.delta').length > 20);

const STATE_KEYS = Object.keys(idleResponseState()) as (keyof ResponseViewState)[];

/** The states of one run, which must never error and must complete. */
async function statesOf(source: Observable<ResponseStreamEvent>, label: string): Promise<ResponseViewState[]> {
  const result = await collectNotifications(source.pipe(responseState()));
  expect(result.errored, `${label}: ${String(result.error)}`).toBe(false);
  expect(result.completed, label).toBe(true);
  return result.values;
}

/** The status a UI should end on, from the last terminal event of the recording. */
function expectedStatus(rec: Recording): string {
  const last = eventsOf(rec).filter((e) => isTerminalType(e.type)).at(-1)?.type;
  if (last === 'response.completed') return 'completed';
  if (last === 'response.incomplete') return 'incomplete';
  return 'failed';
}

describe('responseState() on every recording', () => {
  for (const rec of recordings) {
    it(`${rec.name}: ends like finalResponse(), never errors, re-emits only on change`, async () => {
      const states = await statesOf(fromJSONL(rec.text, optionsFor(rec)), rec.name);
      const final: Notifications<FinalResponse> = await collectNotifications(fromJSONL(rec.text, optionsFor(rec)).pipe(finalResponse()));
      const last = states.at(-1)!;

      expect(states[0]).toBe(idleResponseState());
      expect(last.status).toBe(expectedStatus(rec));
      if (final.errored) {
        expect(last.status).toBe('failed');
        expect(last.error?.name).toBe((final.error as Error).name);
        expect(last.error?.code).toBe((final.error as { code: string }).code);
        const partial = (final.error as { snapshot?: { outputText: string } }).snapshot?.outputText ?? '';
        expect(last.text).toBe(partial);
      } else {
        const response = final.values.at(-1)!;
        expect(last.status).toBe(response.status);
        expect(last.text).toBe(response.output_text);
        expect(last.usage).toEqual(response.usage ?? undefined);
        expect(last.responseId).toBe(response.id);
        expect(last.responseIndex).toBe(final.values.length - 1);
        expect(last.items.map((v) => v.item)).toEqual(response.output);
        expect(last.items.every((v) => v.done)).toBe(true);
        expect(last.error).toBeUndefined();
      }

      for (let i = 1; i < states.length; i++) {
        const a = states[i - 1]!;
        const b = states[i]!;
        expect(Object.isFrozen(b)).toBe(true);
        // A plain object (what Redux's and Immer's checks and structuredClone accept), with the
        // documented fields and nothing else.
        expect(Object.getPrototypeOf(b)).toBe(Object.prototype);
        expect(Object.keys(b).sort()).toEqual([...STATE_KEYS].sort());
        // `items` is built when first read, yet copies, clones and JSON carry it like a field.
        expect({ ...b }.items).toBe(b.items);
        expect(structuredClone(b).items).toEqual(b.items);
        expect(JSON.parse(JSON.stringify(b)).items).toHaveLength(b.items.length);
        // A new object only when some part of it is new: never equal-but-different.
        expect(b).not.toBe(a);
        expect(STATE_KEYS.some((key) => a[key] !== b[key]), `${rec.name}: state ${i} changes nothing`).toBe(true);
        if (a.responseIndex !== b.responseIndex) continue;
        b.items.forEach((view, k) => {
          const old = a.items[k];
          if (old !== undefined && sameView(old, view)) expect(view, `${rec.name}: state ${i} item ${k}`).toBe(old);
          if (old !== undefined && view === old) expect(sameView(old, view)).toBe(true);
        });
        if (a.items === b.items) {
          expect(b.reasoning).toBe(a.reasoning);
          expect(b.toolCalls).toBe(a.toolCalls);
        }
        if (b.reasoning.length === a.reasoning.length && b.reasoning.every((r, k) => r === a.reasoning[k])) expect(b.reasoning).toBe(a.reasoning);
        if (b.toolCalls.length === a.toolCalls.length && b.toolCalls.every((t, k) => t === a.toolCalls[k])) expect(b.toolCalls).toBe(a.toolCalls);
        if (a.usage !== undefined && b.usage !== undefined) expect(b.usage).toBe(a.usage);
      }
    });
  }

  it('keeps most item views across states (the identity checks above are not vacuous)', async () => {
    let kept = 0;
    let rebuilt = 0;
    for (const rec of recordings) {
      const states = await statesOf(fromJSONL(rec.text, optionsFor(rec)), rec.name);
      for (let i = 1; i < states.length; i++) {
        const a = states[i - 1]!;
        const b = states[i]!;
        if (a.responseIndex !== b.responseIndex) continue;
        b.items.forEach((view, k) => (view === a.items[k] ? kept++ : rebuilt++));
      }
    }
    expect(kept).toBeGreaterThan(1000);
    expect(rebuilt).toBeGreaterThan(1000);
  });
});

describe('responseState() status', () => {
  it('emits idle at once on subscribe, before any event', () => {
    const values: ResponseViewState[] = [];
    const subscription = NEVER.pipe(responseState()).subscribe((s) => values.push(s));
    expect(values).toEqual([idleResponseState()]);
    expect(values[0]!.status).toBe('idle');
    subscription.unsubscribe();
  });

  it('goes idle → streaming → completed, text growing as deltas arrive', async () => {
    const rec = withText[0]!;
    const states = await statesOf(fromEvents(eventsOf(rec)), rec.name);
    const statuses = states.map((s) => s.status).filter((s, i, all) => s !== all[i - 1]);
    expect(statuses).toEqual(['idle', 'streaming', 'completed']);
    const streaming = states.filter((s) => s.status === 'streaming');
    expect(new Set(streaming.map((s) => s.text)).size).toBeGreaterThan(20);
    expect(states.at(-1)!.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('shows incomplete with its reason', async () => {
    const rec = recordings.find((r) => expectedStatus(r) === 'incomplete')!;
    const last = (await statesOf(fromJSONL(rec.text), rec.name)).at(-1)!;
    const terminal = eventsOf(rec).find((e) => e.type === 'response.incomplete') as { response: { incomplete_details: { reason: string } } };
    expect(last.status).toBe('incomplete');
    expect(last.incompleteReason).toBe(terminal.response.incomplete_details.reason);
  });

  it('shows the latest response of a stream that carries several', async () => {
    const rec = recordings.find((r) => responseCount(r) > 2)!;
    const states = await statesOf(fromJSONL(rec.text), rec.name);
    const indexes = [...new Set(states.map((s) => s.responseIndex))];
    expect(indexes).toEqual([...Array(responseCount(rec)).keys()]);
    // Each new response starts with its own items, not the previous response's.
    const firstOfLast = states.find((s) => s.responseIndex === responseCount(rec) - 1)!;
    expect(firstOfLast.items.length).toBeLessThanOrEqual(1);
    expect(firstOfLast.usage).toBeUndefined();
  });
});

describe('responseState() failures', () => {
  it('keeps the partial text and items of a stream cut short, as a StreamTruncatedError', async () => {
    for (const rec of withText) {
      const partial = eventsOf(rec).slice(0, Math.floor(eventsOf(rec).length * 0.6));
      const states = await statesOf(fromEvents(partial), rec.name);
      const last = states.at(-1)!;
      expect(last.status, rec.name).toBe('failed');
      expect(isStreamTruncatedError(last.error)).toBe(true);
      expect(last.text.length).toBeGreaterThan(0);
      if (!last.diagnostics.some((d) => d.code === 'done_mismatch')) expect(last.text, rec.name).toBe(deltaText(partial));
      expect(last.items.length).toBeGreaterThan(0);
      expect(last.diagnostics.map((d) => d.code)).toContain('missing_terminal');
      // The failed state keeps the views of the last streaming state.
      const before = states.at(-2)!;
      expect(last.items).toBe(before.items);
    }
  });

  it('shows an error event as failed at once (ResponseStreamError), keeping the partial text', async () => {
    const rec = withText[0]!;
    const all = eventsOf(rec);
    const partial = all.slice(0, all.findIndex((e) => e.type === 'response.output_text.delta') + 5);
    const errorEvent = { type: 'error', sequence_number: 999, error: { type: 'server_error', code: 'server_error', message: 'boom', param: null } } as ResponseStreamEvent;
    const source = new Subject<ResponseStreamEvent>();
    const values: ResponseViewState[] = [];
    let completed = false;
    source.pipe(responseState()).subscribe({ next: (s) => values.push(s), complete: () => (completed = true) });
    partial.forEach((e) => source.next(e));
    source.next(errorEvent);
    const last = values.at(-1)!;
    expect(last.status).toBe('failed');
    expect(isResponseStreamError(last.error)).toBe(true);
    expect(last.error?.code).toBe('server_error');
    expect(last.text).toBe(deltaText(partial));
    // Terminal: completed and unsubscribed although the source never completes.
    expect(completed).toBe(true);
    expect(source.observed).toBe(false);
  });

  it('ends at an error event even when a response.failed follows it, with the error finalResponse() raises', async () => {
    const rec = recordings.find((r) => eventsOf(r).some((e) => e.type === 'error') && eventsOf(r).some((e) => e.type === 'response.failed'))!;
    const states = await statesOf(fromJSONL(rec.text), rec.name);
    const last = states.at(-1)!;
    expect(last.status).toBe('failed');
    expect(isResponseStreamError(last.error)).toBe(true);
    const expected = await collectNotifications(fromJSONL(rec.text).pipe(finalResponse()));
    expect(last.error?.code).toBe((expected.error as { code: string }).code);
    expect(last.error?.message).toBe((expected.error as Error).message);
  });

  it('turns a source error into failed (never an error), keeping the text, with the same error class as finalResponse()', async () => {
    const rec = withText[1] ?? withText[0]!;
    const partial = eventsOf(rec).slice(0, Math.floor(eventsOf(rec).length / 2));
    const broken = () => concat(fromEvents(partial), throwError(() => new TypeError('terminated')));
    const last = (await statesOf(broken(), rec.name)).at(-1)!;
    const expected = await collectNotifications(broken().pipe(finalResponse()));
    expect(last.status).toBe('failed');
    expect(last.error?.name).toBe((expected.error as Error).name);
    expect((last.error as { cause?: unknown }).cause).toBeInstanceOf(TypeError);
    expect(last.text).toBe((expected.error as { snapshot: { outputText: string } }).snapshot.outputText);
    expect(last.text.length).toBeGreaterThan(0);
  });

  it('fails the previous response when a new one starts before its terminal event', async () => {
    const rec = recordings.find((r) => responseCount(r) > 1 && r.invalidLines.length === 0)!;
    const events = eventsOf(rec);
    const firstTerminal = events.findIndex((e) => isTerminalType(e.type));
    const spliced = [...events.slice(0, firstTerminal), ...events.slice(firstTerminal + 1)];
    const states = await statesOf(fromEvents(spliced), rec.name);
    const last = states.at(-1)!;
    const expected = await collectNotifications(fromEvents(spliced).pipe(finalResponse()));
    expect(last.status).toBe('failed');
    expect(last.responseIndex).toBe(0);
    expect(last.error?.name).toBe((expected.error as Error).name);
  });

  it('fails an empty stream like finalResponse() does', async () => {
    const states = await statesOf(fromEvents([]), 'empty');
    expect(states.map((s) => s.status)).toEqual(['idle', 'failed']);
    expect(isStreamTruncatedError(states[1]!.error)).toBe(true);
  });
});

describe('responseState() item views', () => {
  it('parses function call arguments once the call is done, not while they stream', async () => {
    const recs = recordings.filter((r) => eventsOf(r).some((e) => e.type === 'response.function_call_arguments.delta'));
    expect(recs.length).toBeGreaterThan(0);
    for (const rec of recs) {
      const states = await statesOf(fromJSONL(rec.text, optionsFor(rec)), rec.name);
      const calls = states.flatMap((s) => s.toolCalls).filter((v) => v.kind === 'function_call');
      expect(calls.some((v) => !v.done && v.parsedArguments === undefined && v.arguments !== ''), rec.name).toBe(true);
      for (const call of calls.filter((v) => v.done && v.parseError === undefined)) {
        expect(call.parsedArguments).toEqual(JSON.parse(call.arguments === '' ? '{}' : call.arguments));
      }
      const last = states.at(-1)!;
      if (last.status === 'completed' && responseCount(rec) <= 1) {
        const final = last.toolCalls.filter((v) => v.kind === 'function_call');
        expect(final.length, rec.name).toBeGreaterThan(0);
        expect(final.every((v) => v.kind === 'function_call' && v.name !== '' && v.call_id !== '')).toBe(true);
      }
    }
  });

  it('shows the latest partial image of an image generation, then its result', async () => {
    const recs = recordings.filter((r) => eventsOf(r).some((e) => e.type === 'response.image_generation_call.partial_image'));
    expect(recs.length).toBeGreaterThan(0);
    for (const rec of recs) {
      const states = await statesOf(fromJSONL(rec.text), rec.name);
      const views = states.flatMap((s) => s.items).filter((v) => v.kind === 'image_generation_call');
      const partials = eventsOf(rec).filter((e) => e.type === 'response.image_generation_call.partial_image') as unknown as { partial_image_b64: string }[];
      const shown = new Set(views.map((v) => (v.kind === 'image_generation_call' ? v.partialImage?.b64 : undefined)).filter((b) => b !== undefined));
      expect(shown).toEqual(new Set(partials.map((p) => p.partial_image_b64)));
      const last = states.at(-1)!.items.find((v) => v.kind === 'image_generation_call');
      expect(last?.kind === 'image_generation_call' && last.result !== undefined).toBe(true);
    }
  });

  it('joins reasoning summaries per reasoning item, and lists tool calls apart from messages', async () => {
    const rec = recordings.find((r) => eventsOf(r).some((e) => e.type === 'response.reasoning_summary_text.delta') && responseCount(r) === 1)!;
    const last = (await statesOf(fromJSONL(rec.text), rec.name)).at(-1)!;
    const reasoningViews = last.items.filter((v) => v.kind === 'reasoning');
    expect(last.reasoning.length).toBe(reasoningViews.length);
    expect(last.reasoning.some((r) => r.length > 0)).toBe(true);
    reasoningViews.forEach((v, i) => v.kind === 'reasoning' && v.summary.length > 0 && expect(last.reasoning[i]).toBe(v.summary.join('\n\n')));
    expect(last.toolCalls).toEqual(last.items.filter((v) => (v as ItemView).kind !== 'message' && v.kind !== 'reasoning' && (v.kind !== 'other' || v.type.endsWith('_call'))));
  });
});

describe('stopping', () => {
  function probe() {
    const subject = new Subject<ResponseStreamEvent>();
    let teardowns = 0;
    const source = new Observable<ResponseStreamEvent>((subscriber) => {
      const inner = subject.subscribe(subscriber);
      return () => {
        teardowns++;
        inner.unsubscribe();
      };
    });
    return { subject, source, teardowns: () => teardowns };
  }

  it('stop notifier: unsubscribes upstream, emits the last state as stopped, completes', () => {
    const rec = withText[0]!;
    const { subject, source, teardowns } = probe();
    const stop = new Subject<void>();
    const values: ResponseViewState[] = [];
    let completed = false;
    source.pipe(responseState({ stop })).subscribe({ next: (s) => values.push(s), complete: () => (completed = true) });
    eventsOf(rec).slice(0, 30).forEach((e) => subject.next(e));
    const before = values.at(-1)!;
    expect(before.status).toBe('streaming');
    stop.next();
    expect(teardowns()).toBe(1);
    expect(completed).toBe(true);
    const last = values.at(-1)!;
    expect(last.status).toBe('stopped');
    expect(last.text).toBe(before.text);
    expect(last.items).toBe(before.items);
  });

  it('markStopped() marks only idle or streaming states', () => {
    const streaming = Object.freeze({ ...idleResponseState(), status: 'streaming' as const, text: 'Hel' });
    const stopped = markStopped(streaming);
    expect(stopped.status).toBe('stopped');
    expect(stopped.text).toBe('Hel');
    expect(stopped.items).toBe(streaming.items);
    expect(Object.isFrozen(stopped)).toBe(true);
    const done = Object.freeze({ ...idleResponseState(), status: 'completed' as const });
    expect(markStopped(done)).toBe(done);
    expect(markStopped(idleResponseState()).status).toBe('stopped');
  });
});

describe('responseState() after every single event', () => {
  // The state is updated incrementally (only views whose item changed are rebuilt, derived
  // lists only when a view of their kind changed). After each event it must still show exactly
  // the reducer's output at that point, with every view and list as a fresh build would be.
  const reasoningTextOf = (view: ItemView): string | undefined => {
    if (view.kind !== 'reasoning') return undefined;
    const summary = view.summary.join('\n\n');
    return summary !== '' ? summary : view.text;
  };
  for (const rec of recordings) {
    it(`${rec.name}: items, views, reasoning and tool calls match the snapshot after each event`, () => {
      const events = eventsOf(rec);
      const input = new Subject<ResponseStreamEvent>();
      let latest = idleResponseState();
      let ended = false;
      input.pipe(responseState()).subscribe({ next: (s) => (latest = s), complete: () => (ended = true) });
      let snapshot = emptySnapshot();
      let checked = 0;
      for (const event of events) {
        snapshot = applyEvent(snapshot, event);
        input.next(event);
        if (ended || latest.status === 'failed' || latest.responseIndex !== snapshot.responseIndex) break;
        const label = `${rec.name}: after event ${snapshot.eventCount} (${event.type})`;
        expect(latest.text, label).toBe(snapshot.outputText);
        expect(latest.items.length, label).toBe(snapshot.output.length);
        latest.items.forEach((view, i) => {
          // Our reducer run makes its own objects: equal content, not the same identity.
          expect(view.item, `${label}: item ${i}`).toEqual(snapshot.output[i]);
          const partialImage = snapshot.partialImages.get(i);
          const fresh = [true, false].map((done) => toItemView(snapshot.output[i]!, i, { done, partialImage }));
          if (snapshot.phase !== 'streaming') expect(view, `${label}: view ${i}`).toEqual(fresh[0]);
          else expect(fresh.some((f) => JSON.stringify(f) === JSON.stringify(view)), `${label}: view ${i} is stale`).toBe(true);
        });
        expect(latest.toolCalls, label).toEqual(latest.items.filter(isToolCallView));
        latest.toolCalls.forEach((view, k) => expect(view).toBe(latest.items.filter(isToolCallView)[k]));
        expect(latest.reasoning, label).toEqual(latest.items.map(reasoningTextOf).filter((t) => t !== undefined));
        checked++;
      }
      input.complete();
      expect(checked).toBeGreaterThan(0);
    });
  }
});

describe('responseState() and the tool loop', () => {
  // Tool-loop events as runTools() emits them, around a call whose item the terminal response
  // replaces (a gateway that re-serialises the arguments): the view is rebuilt from the new item.
  const call = streamedCall('call_1', 'add', ['{"a":1,', '"b":2}'], [
    { type: 'rx.tool_call.started', turn: 1, call_id: 'call_1', name: 'add', arguments: { a: 1, b: 2 } },
    { type: 'rx.tool_call.result', turn: 1, call_id: 'call_1', name: 'add', result: 3, output: '3' },
  ] as ResponseStreamEvent[]);
  const terminal = call.events.at(-1) as { response: { output: unknown[] } };
  const events = [...call.events.slice(0, -1), { ...terminal, response: { ...terminal.response, output: [{ ...call.final, arguments: '{"a": 1, "b": 2}' }] } } as ResponseStreamEvent];

  it("keeps a call's run on its view when the view is rebuilt from a new item", async () => {
    const states = await statesOf(fromEvents(events), 'tool loop');
    const last = states.at(-1) as ResponseViewState;
    const view = last.items[0];
    expect(last.status).toBe('completed');
    expect(view?.kind === 'function_call' && view.arguments).toBe('{"a": 1, "b": 2}');
    expect(view?.kind === 'function_call' && view.tool).toMatchObject({ status: 'done', result: 3, output: '3' });
    expect(last.toolCalls[0]).toBe(view);
  });

  it('shows no run on calls without tool-loop events, and emits nothing for rx.turn.ended', async () => {
    const plain = events.filter((e) => !e.type.startsWith('rx.'));
    const states = await statesOf(fromEvents([...plain, { type: 'rx.turn.ended', turn: 1, response_id: 'resp_1', function_calls: 1 } as ResponseStreamEvent]), 'plain');
    const view = states.at(-1)?.items[0];
    expect(view?.kind === 'function_call' && view.tool).toBeUndefined();
    // The rx.turn.ended at the end changed nothing visible: no state after the completed one.
    expect(states.filter((s) => s.status === 'completed')).toHaveLength(1);
    expect(states.at(-1)?.status).toBe('completed');
  });
});
