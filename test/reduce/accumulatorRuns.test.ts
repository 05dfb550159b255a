// ResponseAccumulator on crafted streams around its runs of deltas: a run broken by a delta
// that differs from it in one field (sequence number, delta, item, output index, part index,
// type), runs of item deltas, two runs interleaved, a field that starts out missing, and the
// wire form a run's payloads are read in. Whatever it absorbs or declines, the states it hands
// out must be exactly those of the full reducer (applyEventInFull), it must absorb exactly the
// deltas applyEvent takes the short way for, and read from the text exactly the payloads after
// the second of each run.
import { describe, expect, it } from 'vitest';
import { type ResponseStreamEvent, emptySnapshot } from '../../src/index.js';
import { ResponseAccumulator } from '../../src/reduce/ResponseAccumulator.js';
import { applyDeltaFast } from '../../src/reduce/applyDeltaFast.js';
import { applyEventInFull } from '../../src/reduce/applyEvent.js';
import { deepFreeze } from '../support/deepFreeze.js';
import { plain } from '../support/plain.js';

type Wire = Record<string, unknown> & { type: string };


const TEXT = 'response.output_text.delta';
const ARGS = 'response.function_call_arguments.delta';

/** A stream built event by event, numbered from 0. */
class Stream {
  readonly events: Wire[] = [];
  seq = 0;

  constructor() {
    this.push({ type: 'response.created', response: { id: 'resp_1', object: 'response', status: 'in_progress', output: [] } });
  }

  push(event: Record<string, unknown> & { type: string }, seq = this.seq): this {
    this.events.push({ ...event, sequence_number: seq });
    this.seq = seq + 1;
    return this;
  }

  message(id: string, outputIndex: number, parts: readonly { type: string; field: string }[]): this {
    this.push({ type: 'response.output_item.added', output_index: outputIndex, item: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
    parts.forEach((p, k) => this.push({ type: 'response.content_part.added', item_id: id, output_index: outputIndex, content_index: k, part: { type: p.type, [p.field]: '', ...(p.type === 'output_text' ? { annotations: [] } : {}) } }));
    return this;
  }

  call(id: string, outputIndex: number, args?: string | null): this {
    const item: Record<string, unknown> = { id, type: 'function_call', status: 'in_progress', call_id: `call_${id}`, name: 'lookup' };
    if (args !== undefined) item.arguments = args;
    return this.push({ type: 'response.output_item.added', output_index: outputIndex, item });
  }

  /** A text delta (or another part delta) for part `k` of message `id`. */
  text(id: string, outputIndex: number, k: number, delta: unknown, extra: Record<string, unknown> = {}, seq = this.seq): this {
    return this.push({ type: TEXT, item_id: id, output_index: outputIndex, content_index: k, delta, ...extra }, seq);
  }

  args(id: string, outputIndex: number, delta: unknown, seq = this.seq): this {
    return this.push({ type: ARGS, item_id: id, output_index: outputIndex, delta }, seq);
  }
}

/** A message msg_1 with one text part and a run of three text deltas. */
const textRun = () => new Stream().message('msg_1', 0, [{ type: 'output_text', field: 'text' }]).text('msg_1', 0, 0, 'One').text('msg_1', 0, 0, ' two').text('msg_1', 0, 0, ' three');

/** A function call fc_1 with a run of three argument deltas. */
const argsRun = () => new Stream().call('fc_1', 0, '').args('fc_1', 0, '{"q":').args('fc_1', 0, '"rx').args('fc_1', 0, 'js"');

/** Replays events through apply(): every state handed out and the end state must be the full reducer's. */
function replayEvents(events: readonly Wire[]) {
  const accumulator = new ResponseAccumulator();
  let reference = emptySnapshot();
  const absorbed: number[] = [];
  const shortWay: number[] = [];
  events.forEach((e, i) => {
    const event = deepFreeze(structuredClone(e)) as unknown as ResponseStreamEvent;
    if (applyDeltaFast(reference, event as never) !== undefined) shortWay.push(i);
    reference = applyEventInFull(reference, event);
    const step = accumulator.apply(event);
    if (step === undefined) absorbed.push(i);
    else expect(plain(step.next), `state after event ${i}`).toEqual(plain(reference));
  });
  expect(plain(deepFreeze(accumulator.current()))).toEqual(plain(reference));
  expect(absorbed).toEqual(shortWay);
  return { absorbed, reference };
}

/**
 * Replays payloads the way a source does: absorbPayload() first, and only when it declines, the
 * parsed event to apply(). The end state must be the full reducer's on the parsed events.
 */
function replayPayloads(payloads: readonly string[]) {
  const accumulator = new ResponseAccumulator();
  let reference = emptySnapshot();
  const read: number[] = [];
  const absorbed: number[] = [];
  const shortWay: number[] = [];
  payloads.forEach((payload, i) => {
    const event = JSON.parse(payload) as ResponseStreamEvent;
    if (applyDeltaFast(reference, event as never) !== undefined) shortWay.push(i);
    reference = applyEventInFull(reference, event);
    if (accumulator.absorbPayload(payload)) {
      read.push(i);
      absorbed.push(i);
    } else if (accumulator.apply(deepFreeze(event)) === undefined) absorbed.push(i);
  });
  expect(plain(accumulator.current())).toEqual(plain(reference));
  expect(absorbed).toEqual(shortWay);
  return { read, reference };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('ResponseAccumulator runs of deltas', () => {
  // Each case: a run, then a delta that differs from the run in one field, then the run goes on.
  const breaks: Record<string, () => Stream> = {
    'a skipped sequence number': () => textRun().text('msg_1', 0, 0, ' four', {}, textRun().seq + 1).text('msg_1', 0, 0, ' five'),
    'a repeated sequence number': () => textRun().text('msg_1', 0, 0, ' again', {}, textRun().seq - 1).text('msg_1', 0, 0, ' four'),
    'a sequence number one back': () => textRun().text('msg_1', 0, 0, ' back', {}, textRun().seq - 2).text('msg_1', 0, 0, ' four'),
    'an empty delta': () => textRun().text('msg_1', 0, 0, '').text('msg_1', 0, 0, ' four'),
    'a delta that is a number': () => textRun().text('msg_1', 0, 0, 4).text('msg_1', 0, 0, ' five'),
    'a delta for another item id': () => textRun().text('msg_other', 0, 0, ' elsewhere').text('msg_1', 0, 0, ' four'),
    'a delta for another output index': () => textRun().text('msg_1', 1, 0, ' elsewhere').text('msg_1', 0, 0, ' four'),
    'a refusal delta on the text part': () =>
      textRun()
        .push({ type: 'response.refusal.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: ' no' })
        .text('msg_1', 0, 0, ' four'),
    'a delta for the part before': () =>
      new Stream()
        .message('msg_1', 0, [
          { type: 'output_text', field: 'text' },
          { type: 'output_text', field: 'text' },
        ])
        .text('msg_1', 0, 1, 'One')
        .text('msg_1', 0, 1, ' two')
        .text('msg_1', 0, 0, ' first')
        .text('msg_1', 0, 1, ' three'),
    'a skipped sequence number in a run of item deltas': () => argsRun().args('fc_1', 0, '}', argsRun().seq + 1).args('fc_1', 0, ' '),
    'an empty delta in a run of item deltas': () => argsRun().args('fc_1', 0, '').args('fc_1', 0, '}'),
    'a delta for another item id in a run of item deltas': () => argsRun().args('fc_2', 0, '}').args('fc_1', 0, '}'),
  };

  it.each(Object.keys(breaks))('gives the full reducer’s states when a run is broken by %s', (name) => {
    replayEvents(breaks[name]!().events);
  });

  it.each(Object.keys(breaks))('gives the full reducer’s end state from payloads when a run is broken by %s', (name) => {
    replayPayloads(breaks[name]!().events.map((e) => JSON.stringify(e)));
  });

  it('absorbs the deltas of two interleaved runs (two calls taking turns) without a state read in between', () => {
    const s = new Stream().call('fc_1', 0, '').call('fc_2', 1, '');
    for (let i = 0; i < 4; i++) s.args('fc_1', 0, `a${i}`).args('fc_2', 1, `b${i}`);
    const { absorbed } = replayEvents(s.events);
    expect(absorbed).toEqual(range(3, 11));
  });

  it.each([
    ['missing', undefined],
    ['null', null],
  ] as const)('grows a call whose arguments start out %s from nothing', (_name, args) => {
    const s = new Stream().call('fc_1', 0, args).args('fc_1', 0, '{"q":').args('fc_1', 0, '1}');
    const { reference } = replayEvents(s.events);
    expect((reference.output[0] as { arguments?: unknown }).arguments).toBe('{"q":1}');
    replayPayloads(s.events.map((e) => JSON.stringify(e)));
  });

  it('takes a reasoning delta under its other name as the same run', () => {
    const s = new Stream().push({ type: 'response.output_item.added', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: '' }] } });
    const first = s.seq;
    for (const type of ['response.reasoning_text.delta', 'response.reasoning.delta']) {
      for (const d of ['a', 'b', 'c', 'd']) s.push({ type, item_id: 'rs_1', output_index: 0, content_index: 0, delta: `${type.length}${d}` });
    }
    const { absorbed } = replayEvents(s.events);
    expect(absorbed).toEqual(range(first, first + 8));
    // Read from the text: from the third delta of each name on (the wire form differs in the type).
    const { read } = replayPayloads(s.events.map((e) => JSON.stringify(e)));
    expect(read).toEqual([first + 2, first + 3, first + 6, first + 7]);
  });

  it.each([
    ['text', () => textRun().text('msg_1', 0, 0, ' four').text('msg_1', 0, 0, ' five').text('msg_1', 0, 0, ' six')],
    ['item', () => argsRun().args('fc_1', 0, '}').args('fc_1', 0, ' ').args('fc_1', 0, '\n')],
  ] as const)('reads every %s delta of a run from its payload after the first two, which it parses', (_kind, make) => {
    const s = make();
    const firstDelta = s.events.findIndex((e) => e.type.endsWith('.delta'));
    const { read } = replayPayloads(s.events.map((e) => JSON.stringify(e)));
    expect(read).toEqual(range(firstDelta + 2, s.events.length));
  });

  it('reads a payload with an empty delta as the event it is, not as part of the run', () => {
    const s = textRun().text('msg_1', 0, 0, ' four').text('msg_1', 0, 0, '').text('msg_1', 0, 0, ' five');
    const { read } = replayPayloads(s.events.map((e) => JSON.stringify(e)));
    // The empty one (and the one after it, which starts the run again) are parsed.
    expect(read).toEqual([5, 6]);
  });

  // A payload handed in with an event it does not belong to must teach nothing: the payloads
  // after it, written like it, are still applied exactly as their events would be.
  const strangers: Record<string, (e: Wire) => string> = {
    'not JSON': () => '{"type":',
    'null': () => 'null',
    'a number': () => '5',
    'another type': (e) => JSON.stringify({ ...e, type: 'response.refusal.delta' }),
    'another item id': (e) => JSON.stringify({ ...e, item_id: 'msg_other' }),
    'another output index': (e) => JSON.stringify({ ...e, output_index: 1 }),
    'another part index': (e) => JSON.stringify({ ...e, content_index: 1 }),
  };

  it.each(Object.keys(strangers))('learns nothing from a payload that does not match its event (%s)', (name) => {
    const base = textRun().events;
    const [created, added, part, d1, d2] = base as [Wire, Wire, Wire, Wire, Wire];
    const stranger = strangers[name]!(d2);
    const accumulator = new ResponseAccumulator();
    const applied: Wire[] = [];
    const feed = (payload: string, event: Wire) => {
      if (accumulator.absorbPayload(payload)) return;
      applied.push(event);
      accumulator.apply(deepFreeze(structuredClone(event)) as unknown as ResponseStreamEvent);
    };
    for (const e of [created, added, part, d1]) feed(JSON.stringify(e), e);
    feed(stranger, d2);
    // Payloads written like the stranger (when it is an object), numbered on from the run.
    const parsed = stranger.startsWith('{"type":"') ? (JSON.parse(stranger) as Wire) : undefined;
    const like = parsed ?? { ...d2, item_id: 'msg_other' };
    for (const [i, delta] of [' x', ' y', ' z'].entries()) {
      const next = { ...like, sequence_number: d2.sequence_number as number + 1 + i, delta };
      feed(JSON.stringify(next), next);
    }
    let reference = emptySnapshot();
    for (const e of applied) reference = applyEventInFull(reference, e as unknown as ResponseStreamEvent);
    expect(applied.length).toBe(8);
    expect(plain(accumulator.current())).toEqual(plain(reference));
  });
});
