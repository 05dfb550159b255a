// responseState() against its reference (views rebuilt from scratch after every event) on short
// scripted streams, each aimed at one of the rules its incremental update keeps: which item an
// `output_item.done` finished, the patched lists of reasoning and tool calls (an earlier item
// changing, one far from the end, one appearing before a later one, a call turning into another
// kind of item), and a new response dropping the previous one's views. The random streams of
// responseStateProperties.test.ts reach most of these by chance; these reach them every time.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/index.js';
import {
  itemAdded as added,
  argumentsDelta as args,
  completed,
  created,
  functionCall,
  message,
  numbered,
  partAdded as part,
  reasoningItem,
  summaryDelta,
  summaryPartAdded as summaryPart,
  textDelta,
} from '../operators/streamEvents.js';
import { type Wire, wellFormed } from '../support/randomStreams.js';
import { checkResponseState } from '../support/responseStateReference.js';

/** A call named `f` with call id `call_<id>`, still streaming. */
const call = (id: string, args = '') => functionCall(id, `call_${id}`, 'f', args, 'in_progress');
/** A reasoning item, with raw reasoning text as `reasoning_text` parts when `content` is given. */
const reasoning = (id: string, summary: string[] = [], content: string[] = []) => ({
  ...reasoningItem(id, summary),
  ...(content.length > 0 ? { content: content.map((text) => ({ type: 'reasoning_text', text })) } : {}),
});
/** An output_item.done that may lack its `output_index`, or carry something that is not an item. */
const done = (oi: number | undefined, item: unknown): ResponseStreamEvent =>
  ({ type: 'response.output_item.done', ...(oi === undefined ? {} : { output_index: oi }), item }) as ResponseStreamEvent;

/** Checks the stream against the reference, read as it runs and read afterwards in a shuffled order. */
function check(events: readonly ResponseStreamEvent[]) {
  const result = checkResponseState(events);
  const late = checkResponseState(events, 7);
  expect(late.compared).toBe(result.compared);
  expect(result.compared).toBe(events.length);
  return result.emitted.at(-1)!;
}

describe('responseState() on scripted streams, against views rebuilt from scratch', () => {
  it('joins a reasoning summary of several parts with a blank line, and shows the reasoning text of one without a summary', () => {
    const events = [
      created('resp_1'),
      added(0, reasoning('rs_1')),
      summaryPart(0, 'rs_1', 0),
      summaryDelta(0, 'rs_1', 0, 'First'),
      summaryPart(0, 'rs_1', 1),
      summaryDelta(0, 'rs_1', 1, 'Second'),
      done(0, reasoning('rs_1', ['First', 'Second'])),
      added(1, reasoning('rs_2', [], ['thinking aloud'])),
      done(1, reasoning('rs_2', [], ['thinking aloud'])),
    ];
    for (const stream of [events, numbered(events)]) {
      // Streamed: the list is patched event by event.
      expect(check(stream).reasoning).toEqual(['First\n\nSecond', 'thinking aloud']);
      // The terminal response brings new objects for every item: the list is rebuilt.
      const last = check([...stream, completed('resp_1', [reasoning('rs_1', ['First', 'Second.']), reasoning('rs_2', [], ['thinking aloud.'])])]);
      expect(last.status).toBe('completed');
      expect(last.reasoning).toEqual(['First\n\nSecond.', 'thinking aloud.']);
    }
  });

  it('updates the right reasoning entry when an earlier reasoning item changes after later ones appeared', () => {
    const events = [
      created('resp_1'),
      added(0, reasoning('rs_1')),
      summaryPart(0, 'rs_1', 0),
      added(1, message('msg_1')),
      added(2, reasoning('rs_2')),
      summaryPart(2, 'rs_2', 0),
      summaryDelta(2, 'rs_2', 0, 'late'),
      summaryDelta(0, 'rs_1', 0, 'early'),
      summaryDelta(0, 'rs_1', 0, ' more'),
      summaryDelta(2, 'rs_2', 0, ' too'),
    ];
    const last = check(events);
    expect(last.reasoning).toEqual(['early more', 'late too']);
  });

  it('puts a reasoning entry in its place when an earlier item turns into reasoning', () => {
    const events = [created('resp_1'), added(0, message('msg_0')), added(1, reasoning('rs_1')), summaryPart(1, 'rs_1', 0), summaryDelta(1, 'rs_1', 0, 'second'), done(0, reasoning('msg_0', ['first']))];
    expect(check(events).reasoning).toEqual(['first', 'second']);
  });

  it('rebuilds the reasoning list when the changed item is far from the end', () => {
    const events = [created('resp_1'), added(0, reasoning('rs_1')), summaryPart(0, 'rs_1', 0)];
    for (let i = 1; i <= 20; i++) events.push(added(i, message(`msg_${i}`)));
    events.push(added(21, reasoning('rs_2')), summaryPart(21, 'rs_2', 0), summaryDelta(0, 'rs_1', 0, 'far'), summaryDelta(21, 'rs_2', 0, 'near'));
    const last = check(events);
    expect(last.reasoning).toEqual(['far', 'near']);
  });

  it('keeps tool calls in order when an early call changes among many, and when a call is replaced or appended', () => {
    const events = [created('resp_1')];
    for (let i = 0; i < 20; i++) events.push(added(i, call(`fc_${i}`)));
    events.push(
      args(0, 'fc_0', '{"far":'), // more than 16 calls after it
      args(18, 'fc_18', '{"near":'),
      args(19, 'fc_19', '1}'),
      done(1, call('fc_1', '{}')),
      added(20, message('msg_20')),
      added(21, call('fc_21')),
      args(21, 'fc_21', '{'),
    );
    const last = check(events);
    expect(last.toolCalls.map((v) => v.outputIndex)).toEqual([...Array(20).keys(), 21]);
    const first = last.toolCalls[0]!;
    expect(first.kind === 'function_call' && first.arguments).toBe('{"far":');
  });

  it('puts a call in its place when an earlier item turns into a call', () => {
    const events = [created('resp_1'), added(0, message('msg_0')), added(1, call('fc_1')), args(1, 'fc_1', '{'), done(0, call('msg_0', '{}'))];
    const last = check(events);
    expect(last.toolCalls.map((v) => [v.outputIndex, v.id])).toEqual([
      [0, 'msg_0'],
      [1, 'fc_1'],
    ]);
  });

  it('drops a call from the tool calls when its position now holds another kind of item', () => {
    const events = [created('resp_1'), added(0, message('msg_0')), added(1, call('fc_1')), args(1, 'fc_1', '{'), done(1, message('fc_1', 'not a call after all'))];
    const last = check(events);
    expect(last.toolCalls).toEqual([]);
  });

  it('finds the item an output_item.done finished by its id when its output_index points elsewhere', () => {
    const events = [
      created('resp_1'),
      added(0, message('msg_0')),
      added(1, call('fc_1')),
      added(2, message('msg_2')),
      // The index names the first message, the id the call: the call is the one done.
      done(0, call('fc_1', '{}')),
      // No index at all: found by id.
      done(undefined, message('msg_2', 'two')),
    ];
    const last = check(events);
    expect(last.items.map((v) => v.done)).toEqual([false, true, true]);
  });

  it('ignores an output_item.done without an item; one for an item found nowhere adds it, done, and leaves the others streaming', () => {
    const events = [created('resp_1'), added(0, message('msg_0')), done(0, null), done(5, { type: 'message', role: 'assistant', content: [] }), textDelta(0, 'msg_0', 'x')];
    const last = check(events);
    expect(last.items.map((v) => [v.kind, v.id, v.done])).toEqual([
      ['message', 'msg_0', false],
      ['message', undefined, true],
    ]);
  });

  it('marks an item done when its output_item.done repeats what output_item.added carried (the reducer keeps its object)', () => {
    const events = [created('resp_1'), added(0, message('msg_0')), added(1, call('fc_1')), done(1, call('fc_1')), done(0, message('msg_0'))];
    for (const stream of [events, numbered(events)]) {
      // The stream has no terminal event: its last state is the failed one, with every item done.
      const streaming = checkResponseState(stream).emitted.filter((s) => s.status === 'streaming');
      expect(streaming.at(-2)?.items.map((v) => v.done)).toEqual([false, true]);
      expect(streaming.at(-1)?.items.map((v) => v.done)).toEqual([true, true]);
    }
    check(events);
  });

  it('marks nothing done for an output_item.done whose item is not an object', () => {
    const events = [created('resp_1'), added(0, message('msg_0')), done(0, 'msg_0'), done(0, 42)];
    expect(check(events).items.map((v) => v.done)).toEqual([false]);
  });

  it('follows output indices that skip numbers to the positions of their items', () => {
    const events = [
      created('resp_1'),
      added(3, message('msg_3')),
      added(7, call('fc_7')),
      added(9, reasoning('rs_9')),
      args(7, 'fc_7', '{}'),
      done(7, call('fc_7')),
      done(3, message('msg_3', 'x')),
      // Same type at the index, another id: the one the id names is done.
      done(9, reasoning('rs_other')),
    ];
    check(events);
    check(numbered(events));
  });

  it('finds the item by id when the index holds another item of the same type', () => {
    const events = [created('resp_1'), added(0, call('fc_0')), added(1, call('fc_1')), done(0, call('fc_1', '{}')), done(1, call('fc_0', '{}'))];
    check(events);
  });

  it('keeps a view for every streamed item when the terminal response lists fewer items', () => {
    for (const kept of [[message('msg_0', 'a')], [call('fc_1', '{}')], []]) {
      const events = [created('resp_1'), added(0, message('msg_0')), part(0, 'msg_0'), textDelta(0, 'msg_0', 'a'), added(1, call('fc_1')), added(2, reasoning('rs_2')), completed('resp_1', kept)];
      const last = check(events);
      expect(last.status).toBe('completed');
      expect(last.items).toHaveLength(3);
    }
  });

  it('shows a state for an event that only added a diagnostic', () => {
    const events = [created('resp_1'), added(0, message('msg_0')), textDelta(5, 'msg_nowhere', 'lost'), { type: 'response.output_text.delta', delta: 'no place' }];
    const last = check(events);
    expect(last.diagnostics.length).toBeGreaterThan(0);
  });

  it('does not carry a view into the next response when the same event objects come again', () => {
    const first = [created('resp_1'), added(0, call('fc_a')), done(0, call('fc_a', '{}')), completed('resp_1', [call('fc_a', '{}')])];
    // The second response repeats the first one's added event, the very same object.
    const last = check([...first, created('resp_2'), first[1]!]);
    expect(last.responseIndex).toBe(1);
    expect(last.items.map((v) => v.done)).toEqual([false]);
  });

  it('starts the views again for a second response, and shows its calls and reasoning only', () => {
    const first = [created('resp_1'), added(0, call('fc_a', '{}')), done(0, call('fc_a', '{}')), completed('resp_1', [call('fc_a', '{}')])];
    const second = [created('resp_2'), added(0, reasoning('rs_b')), summaryPart(0, 'rs_b', 0), summaryDelta(0, 'rs_b', 0, 'again'), added(1, message('msg_b')), part(1, 'msg_b'), textDelta(1, 'msg_b', 'hi')];
    const last = check([...first, ...second]);
    expect(last.responseIndex).toBe(1);
    expect(last.toolCalls).toEqual([]);
    expect(last.reasoning).toEqual(['again']);
    expect(last.text).toBe('hi');
  });

  // Streams the property tests shrank to when a shortcut of responseState() was broken on purpose
  // (mutation testing; `caught` names the change). They run here too, quick and every time.
  const counterexamples = JSON.parse(readFileSync(new URL('./responseStateCounterexamples.json', import.meta.url), 'utf8')) as {
    caught: string[];
    prefix: number;
    events: Wire[];
  }[];
  it.each(counterexamples.map((c, i) => [i, c] as const))('gives the reference states on shrunk random stream %i', (_i, c) => {
    const events = [...(c.prefix > 0 ? wellFormed(c.prefix) : []), ...c.events];
    expect(checkResponseState(events).compared).toBeGreaterThan(c.prefix * 6);
    expect(checkResponseState(events, 11).compared).toBeGreaterThan(c.prefix * 6);
  });
});
