import { lastValueFrom, map, Subject, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { fromEvents, reasoning, type ReasoningUpdate, type ResponseSnapshot, type ResponseStreamEvent, scanResponse } from '../../src/index.js';
import { isTerminalType } from '../support/fixtures.js';
import { listRecordings } from '../support/listRecordings.js';
import { responsesOf } from './responsesOf.js';
import { sourceProbe } from './sourceProbe.js';
import {
  completed,
  created,
  itemAdded,
  itemDone,
  message,
  numbered,
  partAdded,
  reasoningItem,
  summaryDelta,
  summaryPartAdded,
  summaryPartDone,
  textDelta,
  truncatedBy,
} from './streamEvents.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

// Every event gets its own objects, as parsed JSON does: the terminal response's items are
// equal to the finished ones, never the same objects.
const [c, R, S, d, e, Q, D, M, P, m, f] = numbered([
  created('resp_1'),
  itemAdded(0, reasoningItem('rs_1', [])),
  summaryPartAdded(0, 'rs_1', 0),
  summaryDelta(0, 'rs_1', 0, 'Think'),
  summaryDelta(0, 'rs_1', 0, 'ing'),
  summaryPartDone(0, 'rs_1', 0, 'Thinking'),
  itemDone(0, reasoningItem('rs_1', ['Thinking'], 'completed')),
  itemAdded(1, message('msg_1')),
  partAdded(1, 'msg_1'),
  textDelta(1, 'msg_1', 'Hi'),
  completed('resp_1', [reasoningItem('rs_1', ['Thinking'], 'completed'), message('msg_1', 'Hi')]),
]);
const values = { c, R, S, d, e, Q, D, M, P, m, f };

/** What a reasoning panel shows. */
const view = (u: ReasoningUpdate) => ({ item: u.outputIndex, summary: u.summary, text: u.text, done: u.done });
const update = (summary: string[], done = false, text = '') => ({ item: 0, summary, text, done });

const withSummaryDeltas = listRecordings()
  .map((r) => ({ name: r.name, events: r.validEvents as ResponseStreamEvent[] }))
  .filter((r) => r.events.some((e) => e.type === 'response.reasoning_summary_text.delta'));

const withReasoning = listRecordings()
  .map((r) => ({ name: r.name, events: r.validEvents as ResponseStreamEvent[] }))
  .filter((r) => r.events.some((e) => e.type === 'response.output_item.added' && (e as { item?: { type?: string } }).item?.type === 'reasoning'));

type SummaryDelta = { output_index: number; summary_index: number; delta: string };

describe('reasoning()', () => {
  it('emits an update in the frame of each change to a reasoning item, and none for other items', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-R-S-d-e-D-M-P-m-|', values);
      const expected = '    --1-2-3-4-5-------|';
      expectObservable(source.pipe(reasoning(), map(view))).toBe(expected, {
        1: update([]),
        2: update(['']),
        3: update(['Think']),
        4: update(['Thinking']),
        5: update(['Thinking'], true),
      });
    });
  });

  it('emits nothing for a summary_part.done that confirms the streamed text', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-R-S-d-e-Q-D-|', values);
      const expected = '    --1-2-3-4---5-|';
      expectObservable(source.pipe(reasoning(), map(view))).toBe(expected, {
        1: update([]),
        2: update(['']),
        3: update(['Think']),
        4: update(['Thinking']),
        5: update(['Thinking'], true),
      });
    });
  });

  it('reports a finished item once: a terminal response that repeats it unchanged emits nothing', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-R-S-d-e-D-M-P-m-f|', values);
      const expected = '    --1-2-3-4-5--------|';
      expectObservable(source.pipe(reasoning(), map(view))).toBe(expected, {
        1: update([]),
        2: update(['']),
        3: update(['Think']),
        4: update(['Thinking']),
        5: update(['Thinking'], true),
      });
    });
  });

  it('marks an item done at the terminal event when no output_item.done came, with the terminal summary', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const terminal = { ...completed('resp_1', [reasoningItem('rs_1', ['Thinking hard'], 'completed')]), sequence_number: 5 };
      const source = cold(' c-R-S-d-e-f|', { ...values, f: terminal });
      const expected = '    --1-2-3-4-5|';
      expectObservable(source.pipe(reasoning(), map(view))).toBe(expected, {
        1: update([]),
        2: update(['']),
        3: update(['Think']),
        4: update(['Thinking']),
        5: update(['Thinking hard'], true),
      });
    });
  });

  it('streams raw reasoning text as text', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const rawDelta = (delta: string, sequence_number: number): ResponseStreamEvent => ({
        type: 'response.reasoning_text.delta',
        output_index: 0,
        item_id: 'rs_1',
        content_index: 0,
        delta,
        sequence_number,
      });
      const contentAdded: ResponseStreamEvent = {
        type: 'response.content_part.added',
        output_index: 0,
        item_id: 'rs_1',
        content_index: 0,
        part: { type: 'reasoning_text', text: '' },
        sequence_number: 2,
      };
      const source = cold(' c-R-k-t-u|', { ...values, k: contentAdded, t: rawDelta('Let me ', 3), u: rawDelta('see', 4) });
      // The empty reasoning_text part changes nothing visible, so it gives no update.
      const expected = '    --1---3-4|';
      expectObservable(source.pipe(reasoning(), map(view))).toBe(expected, {
        1: update([]),
        3: update([], false, 'Let me '),
        4: update([], false, 'Let me see'),
      });
    });
  });

  it('passes on an error of the source', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const error = new Error('socket closed');
      const source = cold(' c-R-#', values, error);
      expectObservable(source.pipe(reasoning(), map(view))).toBe('--1-#', { 1: update([]) }, truncatedBy(error));
    });
  });

  describe('on the recordings with reasoning summary deltas', () => {
    it('is tested on at least one such recording', () => {
      expect(withSummaryDeltas.length).toBeGreaterThan(0);
    });

    it("ends each reasoning item with a done update whose summary is the terminal item's", async () => {
      for (const rec of withSummaryDeltas) {
        const updates = await lastValueFrom(fromEvents(rec.events).pipe(reasoning(), toArray()));
        const responses = responsesOf(rec.events);
        let items = 0;
        responses.forEach((events, responseIndex) => {
          const terminal = events.filter((ev) => isTerminalType(ev.type) && 'response' in ev).at(-1) as
            | { response: { output: { type: string; summary?: { text: string }[] }[] } }
            | undefined;
          terminal?.response.output.forEach((item, outputIndex) => {
            if (item.type !== 'reasoning') return;
            const last = updates.filter((u) => u.responseIndex === responseIndex && u.outputIndex === outputIndex).at(-1);
            const where = `${rec.name} response ${responseIndex} item ${outputIndex}`;
            expect(last?.done, where).toBe(true);
            expect(last?.summary, where).toEqual((item.summary ?? []).map((part) => part.text));
            items++;
          });
        });
        expect(items, rec.name).toBeGreaterThan(0);
      }
    });

    it('emits an update as each summary delta arrives, holding the text so far', () => {
      for (const rec of withSummaryDeltas) {
        const input = new Subject<ResponseStreamEvent>();
        const updates: ReasoningUpdate[] = [];
        input.pipe(reasoning()).subscribe((u) => updates.push(u));
        let responseIndex = -1;
        const streamed = new Map<string, string>();
        for (const event of rec.events) {
          if (event.type === 'response.created') responseIndex++;
          const before = updates.length;
          input.next(event);
          if (event.type !== 'response.reasoning_summary_text.delta') continue;
          const { output_index, summary_index, delta } = event as unknown as SummaryDelta;
          const key = `${responseIndex}/${output_index}/${summary_index}`;
          streamed.set(key, (streamed.get(key) ?? '') + delta);
          const mine = updates.slice(before).filter((u) => u.outputIndex === output_index);
          expect(mine, `${rec.name} ${key}`).toHaveLength(1);
          expect(mine[0]?.summary[summary_index], `${rec.name} ${key}`).toBe(streamed.get(key));
          expect(mine[0]?.done, `${rec.name} ${key}`).toBe(false);
        }
        input.complete();
      }
    });
  });

  describe('on every recording with reasoning items', () => {
    it('is tested on at least one such recording', () => {
      expect(withReasoning.length).toBeGreaterThan(0);
    });

    it('after every event, the latest update of each reasoning item shows its summary and text as the response holds them', () => {
      for (const rec of withReasoning) {
        const input = new Subject<ResponseStreamEvent>();
        const latest = new Map<string, ReasoningUpdate>();
        let snapshot: ResponseSnapshot | undefined;
        input.pipe(reasoning()).subscribe((u) => latest.set(`${u.responseIndex}/${u.outputIndex}`, u));
        input.pipe(scanResponse()).subscribe((s) => (snapshot = s));
        const stale: string[] = [];
        rec.events.forEach((event, n) => {
          input.next(event);
          snapshot?.output.forEach((item, i) => {
            if (item.type !== 'reasoning') return;
            const raw = item as { summary?: { text?: unknown }[]; content?: { text?: unknown }[] };
            const shown = latest.get(`${snapshot?.responseIndex}/${i}`);
            const summary = (raw.summary ?? []).map((p) => (typeof p?.text === 'string' ? p.text : ''));
            const text = (raw.content ?? []).map((p) => (typeof p?.text === 'string' ? p.text : '')).join('');
            if (shown === undefined || JSON.stringify(shown.summary) !== JSON.stringify(summary) || shown.text !== text) stale.push(`item ${i} after event ${n} (${event.type})`);
          });
        });
        input.complete();
        expect(stale, rec.name).toEqual([]);
      }
    });

    it('emits no update that merely repeats the previous one of the same item', () => {
      for (const rec of withReasoning) {
        const input = new Subject<ResponseStreamEvent>();
        let cause = '';
        const previous = new Map<string, string>();
        const repeats: { item: string; done: boolean; after: string }[] = [];
        input.pipe(reasoning()).subscribe((u) => {
          const key = `${u.responseIndex}/${u.outputIndex}`;
          const shown = JSON.stringify(u);
          if (previous.get(key) === shown) repeats.push({ item: key, done: u.done, after: cause });
          previous.set(key, shown);
        });
        for (const event of rec.events) {
          cause = event.type;
          input.next(event);
        }
        input.complete();
        expect(repeats, rec.name).toEqual([]);
      }
    });
  });

  it('unsubscribing from the result unsubscribes from the source at once, and nothing is emitted afterwards', () => {
    const probe = sourceProbe([c, R, S, d]);
    const seen: unknown[] = [];
    const subscription = probe.source.pipe(reasoning()).subscribe({
      next: (u) => seen.push(u.summary.join('')),
      complete: () => seen.push('complete'),
      error: () => seen.push('error'),
    });
    expect(seen).toEqual(['', '', 'Think']);
    subscription.unsubscribe();
    expect(probe.teardowns).toBe(1);
    probe.emit(e, D, f);
    probe.complete();
    expect(seen).toEqual(['', '', 'Think']);
  });

  it('subscribes to a cold source once per subscription', () => {
    const probe = sourceProbe([c, R, S, d, e, D, M, P, m, f]);
    const updates = probe.source.pipe(reasoning());
    updates.subscribe();
    expect(probe.subscriptions).toBe(1);
    updates.subscribe();
    expect(probe.subscriptions).toBe(2);
  });
});

describe('reasoning() when the finished item equals what was streamed', () => {
  it('marks the item done at its output_item.done, not only at the end of the response', () => {
    const item = { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'opaque' };
    const events = [
      { type: 'response.created', sequence_number: 0, response: { id: 'r', output: [] } },
      { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item },
      // Encrypted reasoning without a summary: the finished item is identical to the added one.
      { type: 'response.output_item.done', sequence_number: 2, output_index: 0, item: { ...item } },
    ] as ResponseStreamEvent[];
    const seen: boolean[] = [];
    fromEvents(events).pipe(reasoning()).subscribe({ next: (u) => seen.push(u.done), error: () => {} });
    expect(seen).toEqual([false, true]);
  });
});

describe('reasoning() across responses, positions and odd items', () => {
  const updates = async (events: ResponseStreamEvent[]) => lastValueFrom(fromEvents(numbered(events)).pipe(reasoning(), toArray()));

  it("starts each response afresh: its items are not done, and an update equal to the previous response's is still sent", async () => {
    const thought = reasoningItem('rs_1', ['Plan'], 'completed');
    const seen = await updates([
      created('resp_1'),
      itemAdded(0, thought),
      itemDone(0, thought),
      completed('resp_1', [thought]),
      created('resp_2'),
      itemAdded(0, thought),
    ]);
    expect(seen).toEqual([
      { responseIndex: 0, outputIndex: 0, id: 'rs_1', summary: ['Plan'], text: '', done: false },
      { responseIndex: 0, outputIndex: 0, id: 'rs_1', summary: ['Plan'], text: '', done: true },
      { responseIndex: 1, outputIndex: 0, id: 'rs_1', summary: ['Plan'], text: '', done: false },
    ]);
  });

  it('keeps a reasoning item after another item not done while its summary streams', async () => {
    const seen = await updates([created('resp_1'), itemAdded(0, message('msg_1', 'Hi')), itemAdded(1, reasoningItem('rs_1', [])), summaryPartAdded(1, 'rs_1', 0), summaryDelta(1, 'rs_1', 0, 'Go')]);
    expect(seen.map((u) => [u.outputIndex, u.summary, u.done])).toEqual([
      [1, [], false],
      [1, [''], false],
      [1, ['Go'], false],
    ]);
  });

  it('marks a streaming reasoning item done when an error event ends the response', async () => {
    const seen = await updates([
      created('resp_1'),
      itemAdded(0, reasoningItem('rs_1', [])),
      summaryPartAdded(0, 'rs_1', 0),
      summaryDelta(0, 'rs_1', 0, 'Hm'),
      { type: 'error', code: 'server_error', message: 'The server had an error', param: null } as ResponseStreamEvent,
    ]);
    expect(seen.at(-1)).toEqual({ responseIndex: 0, outputIndex: 0, id: 'rs_1', summary: ['Hm'], text: '', done: true });
  });

  it('sends an update when only the id changes, and no id when the item has no string id', async () => {
    const first = reasoningItem('rs_1', ['Plan'], 'completed');
    const renamed = reasoningItem('rs_2', ['Plan'], 'completed');
    const seen = await updates([created('resp_1'), itemAdded(0, first), itemDone(0, first), completed('resp_1', [renamed])]);
    expect(seen.map((u) => [u.id, u.done])).toEqual([
      ['rs_1', false],
      ['rs_1', true],
      ['rs_2', true],
    ]);
    const numeric = { ...first, id: 7 };
    const unnamed = await updates([created('resp_1'), itemAdded(0, numeric)]);
    expect(unnamed.map((u) => u.id)).toEqual([undefined]);
  });

  it('joins raw reasoning parts with nothing between them, and reads a part without text (or a null part) as empty', async () => {
    const item = {
      type: 'reasoning',
      id: 'rs_1',
      summary: [{ type: 'summary_text' }, { type: 'summary_text', text: 'B' }, null],
      content: [
        { type: 'reasoning_text', text: 'one ' },
        { type: 'reasoning_text', text: 3 },
        { type: 'reasoning_text', text: 'two' },
      ],
    };
    const seen = await updates([created('resp_1'), itemAdded(0, item)]);
    expect(seen.map((u) => [u.summary, u.text])).toEqual([[['', 'B', ''], 'one two']]);
  });
});
