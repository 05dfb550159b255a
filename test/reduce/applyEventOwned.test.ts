import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/events/ResponseStreamEvent.js';
import { OutputOwnership } from '../../src/reduce/OutputOwnership.js';
import type { ResponseSnapshot } from '../../src/reduce/ResponseSnapshot.js';
import { applyEvent, applyEventInPlace, applyEventKeyed } from '../../src/reduce/applyEvent.js';
import { emptySnapshot } from '../../src/reduce/emptySnapshot.js';
import { deepFreeze } from '../support/deepFreeze.js';

// applyEvent's two modes for consumers that own the output (in place, for responseState()) or
// hand out every snapshot (keyed, for scanResponse()) must give exactly the pure reducer's
// snapshots, and report every position whose item changed (or that the whole output was
// replaced). Hand-built streams through the reducer's less common paths: items replaced, parts
// created, ids renamed, terminal outputs, a second response, more items than the short way takes.
type Wire = Record<string, unknown>;
type Step = [type: string, fields?: Wire];
const numbered = (steps: Step[]): Wire[] => steps.map(([type, fields], i) => ({ type, sequence_number: i, ...fields }));

function shown(s: ResponseSnapshot): unknown {
  return {
    response: { ...s.response, output: [...s.response.output] },
    output: [...s.output],
    outputText: s.outputText,
    phase: s.phase,
    streamError: s.streamError,
    diagnostics: s.diagnostics,
    eventCount: s.eventCount,
    lastSequenceNumber: s.lastSequenceNumber,
    responseIndex: s.responseIndex,
    partialImages: s.partialImages,
    started: s.started,
    outputIndexMap: s.outputIndexMap,
  };
}

/** Replays `events` through the three modes, comparing each snapshot and the positions reported. */
function check(events: Wire[]): ResponseSnapshot {
  const owner = new OutputOwnership();
  const keys = new OutputOwnership();
  let pure = emptySnapshot();
  let inPlace = emptySnapshot();
  let keyed = emptySnapshot();
  for (const event of events) {
    const before = pure;
    const frozenBefore = JSON.stringify(shown(before));
    pure = deepFreeze(applyEvent(before, event as unknown as ResponseStreamEvent));
    inPlace = applyEventInPlace(inPlace, event as unknown as ResponseStreamEvent, owner);
    const keyedBefore = keyed;
    const keyedShown = JSON.stringify(shown(keyedBefore));
    keyed = applyEventKeyed(keyed, event as unknown as ResponseStreamEvent, keys);
    expect(shown(inPlace)).toEqual(shown(pure));
    expect(shown(keyed)).toEqual(shown(pure));
    // The keyed mode hands out every snapshot: it never writes into one it handed out.
    expect(JSON.stringify(shown(keyedBefore))).toBe(keyedShown);
    expect(JSON.stringify(shown(before))).toBe(frozenBefore);
    const changed = pure.output.flatMap((item, i) => (item !== before.output[i] ? [i] : []));
    const sameResponse = pure.responseIndex === before.responseIndex;
    if (sameResponse && !owner.replaced) expect(changed.filter((i) => !owner.written.includes(i))).toEqual([]);
    if (sameResponse && !keys.replaced) expect(changed.filter((i) => !keys.written.includes(i))).toEqual([]);
    if (!sameResponse) {
      expect(owner.replaced).toBe(true);
      expect(keys.replaced).toBe(true);
    }
    if (pure.output !== before.output && changed.length === 0 && pure.output.length === before.output.length && sameResponse) {
      expect(owner.replaced || owner.written.length > 0).toBe(true);
    }
  }
  return pure;
}

const created = (id = 'r'): Step => ['response.created', { response: { id, model: 'gpt', output: [] } }];
const added = (output_index: number | undefined, item: Wire): Step => ['response.output_item.added', { output_index, item }];
const message = (id: string | undefined, content: Wire[] = []): Wire => ({ type: 'message', id, role: 'assistant', status: 'in_progress', content });
const textPart = (text = ''): Wire => ({ type: 'output_text', text, annotations: [] });
const fn = (id: string | undefined, call_id: string, args = ''): Wire => ({ type: 'function_call', id, call_id, name: 'f', arguments: args, status: 'in_progress' });
const textDelta = (output_index: number | undefined, item_id: string | undefined, content_index: number | undefined, delta: string): Step => [
  'response.output_text.delta',
  { output_index, item_id, content_index, delta },
];

describe('applyEvent in place and keyed', () => {
  it('give the pure snapshots through replaced, renamed and created items and parts', () => {
    const s = check(
      numbered([
        created(),
        added(0, message('m', [textPart('a')])),
        textDelta(0, 'm', 0, 'b'),
        added(0, message('m', [textPart('c')])),
        added(0, fn('f', 'c1')),
        added(3, message('m2')),
        textDelta(3, 'm2', 2, 'x'),
        textDelta(undefined, 'm3', undefined, 'y'),
        ['response.function_call_arguments.delta', { output_index: 0, item_id: 'f9', delta: '{' }],
        ['response.function_call_arguments.done', { output_index: 0, item_id: 'f9', arguments: '{}' }],
        ['response.output_item.done', { output_index: 0, item: { ...fn('f9', 'c1', '{}'), status: 'completed' } }],
        ['response.output_item.done', { output_index: 7, item: { ...message('m2', [textPart('x')]), status: 'completed' } }],
        ['response.output_item.done', { output_index: 9, item: { ...message('new', [textPart('z')]), status: 'completed' } }],
        added(undefined, fn('g', 'c1')),
        ['response.in_progress', { response: { id: 'r', output: [message('m0'), message('m1'), message('m2'), message('x3'), message('x4'), message('late', [textPart('L')])] } }],
        ['response.content_part.added', { output_index: 1, item_id: 'm2', content_index: 1, part: textPart('p') }],
        ['response.output_text.annotation.added', { output_index: 1, item_id: 'm2', content_index: 0, annotation_index: 0, annotation: { type: 'url_citation', url: 'u' } }],
        ['response.output_text.done', { output_index: 1, item_id: 'm2', content_index: 0, text: 'xx', logprobs: [{ token: 'x' }] }],
      ]),
    );
    expect(s.output.length).toBeGreaterThan(4);
  });

  it('give the pure snapshots when a terminal event replaces the output and a new response starts', () => {
    check(
      numbered([
        created('a'),
        added(0, message('m', [textPart('draft')])),
        textDelta(0, 'm', 0, '!'),
        ['response.completed', { response: { id: 'a', model: 'gpt', status: 'completed', output: [{ ...message('m', [textPart('final')]), status: 'completed' }] } }],
        created('b'),
        added(0, message('n', [textPart('')])),
        textDelta(0, 'n', 0, 'next'),
        created('c'),
        added(0, fn('f', 'c')),
        ['response.failed', { response: { id: 'c', model: 'gpt', status: 'failed', output: [] } }],
      ]),
    );
  });

  it('give the pure snapshots with more items than the short way for deltas takes', () => {
    const steps: Step[] = [created()];
    for (let i = 0; i < 40; i++) steps.push(added(i, message(`m${i}`, [textPart('')])));
    for (let i = 0; i < 40; i += 3) steps.push(textDelta(i, `m${i}`, 0, `t${i}`));
    steps.push(textDelta(39, 'm39', 0, 'end'));
    steps.push(['response.output_item.done', { output_index: 5, item: { ...message('m5', [textPart('five')]), status: 'completed' } }]);
    steps.push(added(40, message('m5', [textPart('dup')])));
    steps.push(added(41, fn('f', 'c')));
    steps.push(added(42, fn('g', 'c')));
    steps.push(['response.output_item.done', { output_index: 42, item: { ...fn('g', 'c2'), status: 'completed' } }]);
    const s = check(numbered(steps));
    expect(s.diagnostics.map((d) => d.code)).toEqual(['duplicate_item_id', 'duplicate_call_id', 'call_id_changed']);
  });

  it('give the pure snapshots for tool progress, shell events and events the reducer ignores', () => {
    check(
      numbered([
        created(),
        added(0, { type: 'code_interpreter_call', id: 'ci', status: 'in_progress', code: null }),
        ['response.code_interpreter_call_code.delta', { output_index: 0, item_id: 'ci', delta: 'p' }],
        ['response.code_interpreter_call.interpreting', { output_index: 0, item_id: 'ci' }],
        ['response.image_generation_call.partial_image', { output_index: 1, item_id: 'ig', partial_image_b64: 'A', partial_image_index: 0 }],
        added(2, { type: 'shell_call', id: 'sh', call_id: 'c', action: { commands: [] } }),
        ['response.shell_call_command.added', { output_index: 2, command_index: 0, command: 'ls' }],
        added(3, { type: 'shell_call_output', id: 'so', call_id: 'c', output: [] }),
        ['response.shell_call_output_content.delta', { output_index: 3, item_id: 'so', command_index: 0, delta: { stdout: 'x' } }],
        ['rx.tool_call.started', { call_id: 'c' }],
        ['keepalive'],
        ['response.vendor_thing'],
        ['error', { message: 'stop' }],
        ['response.output_text.delta', { output_index: 0, content_index: 0, delta: 'late' }],
      ]),
    );
  });
});

describe('where an output_item.done left its item (OutputOwnership.finished)', () => {
  const itemDone = (output_index: unknown, item: unknown): Step => ['response.output_item.done', { output_index, item }];
  /** The finished position each mode reports after every event of `steps`, checked against the pure reducer. */
  function finishedAfter(steps: Step[]): { inPlace: (number | undefined)[]; keyed: (number | undefined)[]; last: ResponseSnapshot } {
    const owner = new OutputOwnership();
    const keys = new OutputOwnership();
    let inPlace = emptySnapshot();
    let keyed = emptySnapshot();
    const reported = { inPlace: [] as (number | undefined)[], keyed: [] as (number | undefined)[] };
    for (const event of numbered(steps) as unknown as ResponseStreamEvent[]) {
      inPlace = applyEventInPlace(inPlace, event, owner);
      keyed = applyEventKeyed(keyed, event, keys);
      reported.inPlace.push(owner.finished);
      reported.keyed.push(keys.finished);
    }
    check(numbered(steps));
    return { ...reported, last: inPlace };
  }

  it('is the position of the finished item, also when the reducer kept the streamed object', () => {
    const streamed = message('m1', [textPart('Hi')]);
    const { inPlace, keyed, last } = finishedAfter([created(), added(0, message('m0')), added(1, streamed), itemDone(1, { ...streamed }), itemDone(0, message('m0', [textPart('A')]))]);
    expect(inPlace).toEqual([undefined, undefined, undefined, 1, 0]);
    expect(keyed).toEqual(inPlace);
    // The equal item kept the streamed object: the position was not among those written.
    expect(last.output[1]).toBe(streamed);
  });

  it('follows the id when the output_index names an item of another type or is not an index', () => {
    const steps = (index: unknown): Step[] => [created(), added(0, fn('f0', 'c0')), added(1, message('m1')), itemDone(index, message('m1', [textPart('done')]))];
    expect(finishedAfter(steps(0)).inPlace.at(-1)).toBe(1);
    expect(finishedAfter(steps('0')).inPlace.at(-1)).toBe(1);
    expect(finishedAfter(steps(7)).inPlace.at(-1)).toBe(1);
    expect(finishedAfter(steps(undefined)).inPlace.at(-1)).toBe(1);
  });

  it('is where an item never added was placed, and is cleared by the next event', () => {
    const { inPlace, last } = finishedAfter([created(), added(0, message('m0')), itemDone(4, message('mx', [textPart('late')])), textDelta(0, 'm0', 0, 'x')]);
    expect(inPlace).toEqual([undefined, undefined, 1, undefined]);
    expect(last.output[1]).toMatchObject({ id: 'mx' });
  });

  it('is undefined for an output_item.done without an item, and for an item added', () => {
    expect(finishedAfter([created(), added(0, message('m0')), itemDone(0, null), itemDone(0, 'm0')]).inPlace).toEqual([undefined, undefined, undefined, undefined]);
  });
});
