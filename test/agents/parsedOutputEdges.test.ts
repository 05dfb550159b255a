// parsedOutput() on the streams its TSDoc promises to handle beyond one plain response: several
// responses (a tool loop), text parts that are not the structured output, deltas that disagree
// with the final text, refusals, every terminal event, schemas that answer later, and the
// errors it ends with. Expected values come from the TSDoc and the README's "Structured
// output"; the events are hand-made (test/operators/streamEvents.ts), not recordings.
import { Subject, from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { type ResponseStreamEvent, isOutputRefusalError, isOutputValidationError, parsedOutput } from '../../src/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { settle } from '../support/settle.js';
import { completed, created, functionCall, itemDone, refusalDelta, response, textDelta, textDone } from '../operators/streamEvents.js';

// Each test takes milliseconds; a loop that never ends (a mutant under Stryker) fails at once
// instead of holding the run until its timeout.
vi.setConfig({ testTimeout: 3000 });

const Point = z.object({ x: z.number(), y: z.number() });

/** A text delta of content part `part` of output item `index`. */
const delta = (index: number, text: string, part = 0): ResponseStreamEvent => ({ ...textDelta(index, `msg_${index}`, text), content_index: part }) as ResponseStreamEvent;
const done = (index: number, text: string, part = 0): ResponseStreamEvent => ({ ...textDone(index, `msg_${index}`, text), content_index: part }) as ResponseStreamEvent;
const pieces = (text: string, size = 3) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, i * size + size));
const deltas = (index: number, text: string) => pieces(text).map((p) => delta(index, p));

const finals = (updates: readonly { done: boolean }[]) => updates.filter((u) => u.done);
const collect = (events: readonly ResponseStreamEvent[], schema: Parameters<typeof parsedOutput>[0] = Point) => collectNotifications(from(events).pipe(parsedOutput(schema)));

/** A Standard Schema answering after `ms` (or when `gate` resolves), as `verdict` says. */
function laterSchema(verdict: (value: unknown) => { value: unknown } | { issues: { message: string }[] }, wait: () => Promise<void>) {
  return { '~standard': { version: 1 as const, vendor: 'test', validate: async (value: unknown) => (await wait(), verdict(value)), jsonSchema: { input: () => ({}), output: () => ({}) } } };
}

describe('parsedOutput over several responses', () => {
  it('gives each response with output text its own final update, and none to a response with only calls', async () => {
    const call = functionCall('fc_1', 'call_1', 'lookup', '{}');
    const events = [
      created('resp_1'),
      itemDone(0, call),
      completed('resp_1', [call]),
      created('resp_2'),
      ...deltas(0, '{"x":1,"y":2}'),
      completed('resp_2', []),
      created('resp_3'),
      ...deltas(0, '{"x":3,"y":4}'),
      completed('resp_3', []),
    ];
    const result = await collect(events);
    expect(result.completed).toBe(true);
    expect(finals(result.values)).toStrictEqual([
      { done: true, partial: { x: 1, y: 2 }, value: { x: 1, y: 2 }, text: '{"x":1,"y":2}' },
      { done: true, partial: { x: 3, y: 4 }, value: { x: 3, y: 4 }, text: '{"x":3,"y":4}' },
    ]);
  });

  it('starts afresh at a new response, dropping the text of one that never ended', async () => {
    const withId = (id: unknown) => ({ type: 'response.created', response: { id } }) as unknown as ResponseStreamEvent;
    const starts: [ResponseStreamEvent, ResponseStreamEvent][] = [
      [created('resp_1'), created('resp_2')],
      [created('resp_1'), { type: 'response.queued', response: response('resp_2', 'queued') } as ResponseStreamEvent],
      [created('resp_1'), { type: 'response.created', response: {} } as ResponseStreamEvent],
      [created('resp_1'), { type: 'response.created' } as ResponseStreamEvent],
      // Without a string id, a response cannot be told to be the same one.
      [withId(7), withId(7)],
      [{ type: 'response.created' } as ResponseStreamEvent, { type: 'response.created' } as ResponseStreamEvent],
    ];
    for (const [first, start] of starts) {
      const result = await collect([first, delta(0, '{"x":9,'), start, ...deltas(0, '{"x":1,"y":2}'), completed('resp_2', [])]);
      expect(result.completed).toBe(true);
      expect(finals(result.values)).toStrictEqual([{ done: true, partial: { x: 1, y: 2 }, value: { x: 1, y: 2 }, text: '{"x":1,"y":2}' }]);
    }
  });

  it('keeps the text so far when the same response is announced again', async () => {
    const result = await collect([created('resp_1'), delta(0, '{"x":1,'), created('resp_1'), delta(0, '"y":2}'), completed('resp_1', [])]);
    expect(finals(result.values)).toStrictEqual([{ done: true, partial: { x: 1, y: 2 }, value: { x: 1, y: 2 }, text: '{"x":1,"y":2}' }]);
  });

  it('forgets a refusal at a new response', async () => {
    const result = await collect([created('resp_1'), refusalDelta(0, 'msg_0', 'No.'), created('resp_2'), ...deltas(0, '{"x":1,"y":2}'), completed('resp_2', [])]);
    expect(result.completed).toBe(true);
    expect(finals(result.values)).toHaveLength(1);
  });
});

describe('parsedOutput: which text is the output', () => {
  it('reads the first text part only: another part or another item is not the JSON', async () => {
    const result = await collect([created('r'), delta(0, '{"x":1,'), delta(0, 'junk', 1), delta(1, 'more junk'), delta(0, '"y":2}'), done(0, '{"x":1,"y":2}', 1), done(1, 'other'), completed('r', [])]);
    expect(finals(result.values)).toStrictEqual([{ done: true, partial: { x: 1, y: 2 }, value: { x: 1, y: 2 }, text: '{"x":1,"y":2}' }]);
  });

  it('tells parts apart by item_id when there is no output_index, and takes content_index 0 when it is missing', async () => {
    const bare = (e: ResponseStreamEvent, itemId: string) => {
      const { output_index: _o, content_index: _c, ...rest } = e as Record<string, unknown>;
      return { ...rest, item_id: itemId } as ResponseStreamEvent;
    };
    const result = await collect([created('r'), bare(delta(0, '{"x":1,'), 'a'), bare(delta(0, 'junk'), 'b'), bare(delta(0, '"y":2}'), 'a'), bare(done(0, 'other junk'), 'b'), bare(done(0, '{"x":1,"y":2}'), 'a'), completed('r', [])]);
    expect(finals(result.values)).toStrictEqual([{ done: true, partial: { x: 1, y: 2 }, value: { x: 1, y: 2 }, text: '{"x":1,"y":2}' }]);
    const mixed = await collect([created('r'), delta(0, '{"x":1,'), { ...delta(0, '"y":2}'), content_index: undefined } as ResponseStreamEvent, completed('r', [])]);
    expect(finals(mixed.values)).toStrictEqual([{ done: true, partial: { x: 1, y: 2 }, value: { x: 1, y: 2 }, text: '{"x":1,"y":2}' }]);
  });

  it('gives a partial update when the value changed, not for a delta that changes nothing', async () => {
    const result = await collect([created('r'), delta(0, '{"x":1,'), delta(0, '  '), delta(0, '\n'), delta(0, '"y":2}'), completed('r', [])]);
    const partials = result.values.filter((u) => !u.done).map((u) => JSON.stringify(u.partial));
    expect(partials).toStrictEqual([...new Set(partials)]);
    expect(partials.at(-1)).toBe('{"x":1,"y":2}');
  });

  it('skips deltas and final texts that carry no text', async () => {
    const result = await collect([created('r'), { ...delta(0, ''), delta: 5 } as ResponseStreamEvent, ...deltas(0, '{"x":1,"y":2}'), { ...done(0, ''), text: null } as ResponseStreamEvent, completed('r', [])]);
    expect(finals(result.values)).toStrictEqual([{ done: true, partial: { x: 1, y: 2 }, value: { x: 1, y: 2 }, text: '{"x":1,"y":2}' }]);
  });

  it('lets the final text win over deltas that disagree with it', async () => {
    const result = await collect([created('r'), ...deltas(0, '{"x":1,"y":1}'), done(0, '{"x":5,"y":6}'), completed('r', [])]);
    expect(finals(result.values)).toStrictEqual([{ done: true, partial: { x: 5, y: 6 }, value: { x: 5, y: 6 }, text: '{"x":5,"y":6}' }]);
  });

  it('lets the final text win in a message after other output, and in events without content_index', async () => {
    // A reasoning model's message is output item 1, after the reasoning item.
    const later = await collect([created('r'), ...deltas(1, '{"x":1,"y":1}'), done(1, '{"x":5,"y":6}'), completed('r', [])]);
    expect(finals(later.values)).toStrictEqual([{ done: true, partial: { x: 5, y: 6 }, value: { x: 5, y: 6 }, text: '{"x":5,"y":6}' }]);
    const noIndex = (e: ResponseStreamEvent) => {
      const { content_index: _c, ...rest } = e as Record<string, unknown>;
      return rest as ResponseStreamEvent;
    };
    const bare = await collect([created('r'), ...deltas(0, '{"x":1,"y":1}').map(noIndex), noIndex(done(0, '{"x":5,"y":6}')), completed('r', [])]);
    expect(finals(bare.values)).toStrictEqual([{ done: true, partial: { x: 5, y: 6 }, value: { x: 5, y: 6 }, text: '{"x":5,"y":6}' }]);
  });

  it('lets valid final text win over deltas that were not JSON, emitting no partial after they broke', async () => {
    const result = await collect([created('r'), delta(0, '{"x":1,'), delta(0, '}}'), delta(0, '{"y":'), done(0, '{"x":1,"y":2}'), completed('r', [])]);
    expect(result.completed).toBe(true);
    expect(result.values.filter((u) => !u.done).every((u) => JSON.stringify(u.partial) === '{}' || JSON.stringify(u.partial) === '{"x":1}')).toBe(true);
    expect(finals(result.values)).toStrictEqual([{ done: true, partial: { x: 1, y: 2 }, value: { x: 1, y: 2 }, text: '{"x":1,"y":2}' }]);
  });

  it('parses broken deltas as their text when no final text comes, and says the text is not JSON', async () => {
    const result = await collect([created('r'), delta(0, '{"x":1,'), delta(0, '}}'), completed('r', [])]);
    expect(isOutputValidationError(result.error)).toBe(true);
    const error = result.error as { text: string; issues: { message: string }[]; partial: unknown; cause: unknown };
    expect(error.text).toBe('{"x":1,}}');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.message).toMatch(/^Not JSON: /);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(error.issues[0]?.message).toBe(`Not JSON: ${(error.cause as Error).message}`);
  });

  it('says a text cut short is not JSON, with the last partial value', async () => {
    const result = await collect([created('r'), delta(0, '{"x":1,'), delta(0, '"y":'), completed('r', [])]);
    expect(isOutputValidationError(result.error)).toBe(true);
    const error = result.error as { text: string; issues: { message: string }[]; partial: unknown; cause: { message: string } };
    expect(error).toMatchObject({ text: '{"x":1,"y":', partial: { x: 1 } });
    expect(error.issues).toStrictEqual([{ message: `Not JSON: ${error.cause.message}` }]);
  });

  it('takes a final text alone, with no deltas before it', async () => {
    const result = await collect([created('r'), done(0, '{"x":1,"y":2}'), completed('r', [])]);
    expect(result.values).toStrictEqual([{ done: true, partial: { x: 1, y: 2 }, value: { x: 1, y: 2 }, text: '{"x":1,"y":2}' }]);
  });

  it('gives nothing for a response without text, and completes', async () => {
    const result = await collect([created('r'), completed('r', [])]);
    expect(result).toMatchObject({ values: [], completed: true });
  });
});

describe('parsedOutput: how it ends', () => {
  it('shares the finished parts of the last partial with the final value', async () => {
    const Trip = z.object({ from: z.object({ city: z.string() }), stops: z.array(z.object({ city: z.string() })) });
    const text = '{"from":{"city":"Paris"},"stops":[{"city":"Lyon"},{"city":"Nice"}]}';
    // The final text repeats the deltas: the parser's value is kept.
    const result = await collect([created('r'), ...pieces(text, 2).map((p) => delta(0, p)), done(0, text), completed('r', [])], Trip);
    const partials = result.values.filter((u) => !u.done).map((u) => u.partial as { from?: object; stops?: object[] });
    const last = partials.at(-1);
    const final = finals(result.values)[0] as unknown as { partial: { from: object; stops: object[] }; value: unknown };
    expect(final.value).toStrictEqual(JSON.parse(text));
    expect(last?.from).toStrictEqual({ city: 'Paris' });
    expect(final.partial.from).toBe(last?.from);
    expect(final.partial.stops[0]).toBe(last?.stops?.[0]);
  });

  it.each([
    ['response.completed', completed('r', [])],
    ['response.incomplete', { type: 'response.incomplete', response: response('r', 'incomplete') }],
    ['response.failed', { type: 'response.failed', response: response('r', 'failed') }],
    ['error', { type: 'error', code: 'x', message: 'y' }],
  ])('settles the value at %s', async (_type, terminal) => {
    const subject = new Subject<ResponseStreamEvent>();
    const seen: { done: boolean }[] = [];
    subject.pipe(parsedOutput(Point)).subscribe((u) => seen.push(u));
    for (const e of [created('r'), ...deltas(0, '{"x":1,"y":2}')]) subject.next(e);
    expect(finals(seen)).toHaveLength(0);
    subject.next(terminal as unknown as ResponseStreamEvent);
    expect(finals(seen)).toStrictEqual([{ done: true, partial: { x: 1, y: 2 }, value: { x: 1, y: 2 }, text: '{"x":1,"y":2}' }]);
  });

  it('settles the value when the stream completes without a terminal event', async () => {
    const result = await collect([created('r'), ...deltas(0, '{"x":1,"y":2}')]);
    expect(result.completed).toBe(true);
    expect(finals(result.values)).toStrictEqual([{ done: true, partial: { x: 1, y: 2 }, value: { x: 1, y: 2 }, text: '{"x":1,"y":2}' }]);
  });

  it('passes the source error on after the partials', async () => {
    const failure = new Error('cut');
    const subject = new Subject<ResponseStreamEvent>();
    const pending = collectNotifications(subject.pipe(parsedOutput(Point)));
    subject.next(created('r'));
    subject.next(delta(0, '{"x":1,'));
    subject.error(failure);
    const result = await pending;
    expect(result.error).toBe(failure);
    expect(result.values.every((u) => !u.done)).toBe(true);
  });

  it("gives the schema's transformed value, and the parsed JSON as partial", async () => {
    const Shout = z.object({ word: z.string().transform((w) => w.toUpperCase()) });
    const result = await collect([created('r'), ...deltas(0, '{"word":"hi"}'), completed('r', [])], Shout);
    expect(finals(result.values)).toStrictEqual([{ done: true, partial: { word: 'hi' }, value: { word: 'HI' }, text: '{"word":"hi"}' }]);
  });

  it('gives the parsed value as partial of the validation error', async () => {
    const result = await collect([created('r'), ...deltas(0, '{"x":"one","y":2}'), completed('r', [])]);
    expect(isOutputValidationError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ text: '{"x":"one","y":2}', partial: { x: 'one', y: 2 }, issues: [{ path: ['x'] }] });
  });
});

describe('parsedOutput: refusals', () => {
  it('ends with the refusal as its final text says, ignoring output text after it', async () => {
    const refusalDone = { type: 'response.refusal.done', output_index: 0, item_id: 'msg_0', content_index: 0, refusal: 'I cannot help.' } as ResponseStreamEvent;
    const result = await collect([created('r'), refusalDelta(0, 'msg_0', 'I can'), refusalDelta(0, 'msg_0', 'not'), refusalDone, ...deltas(0, '{"x":1,"y":2}'), done(0, '{"x":1,"y":2}'), completed('r', [])]);
    expect(isOutputRefusalError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ refusal: 'I cannot help.' });
    expect(result.values).toStrictEqual([]);
  });

  it('joins refusal deltas, skipping those without text, and ends with it when the stream completes', async () => {
    const result = await collect([created('r'), refusalDelta(0, 'msg_0', 'No'), { ...refusalDelta(0, 'msg_0', ''), delta: 1 } as ResponseStreamEvent, refusalDelta(0, 'msg_0', ' way.'), { type: 'response.refusal.done', refusal: 7 } as unknown as ResponseStreamEvent]);
    expect(isOutputRefusalError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ refusal: 'No way.' });
  });

  it('ends with the refusal even after JSON started streaming', async () => {
    const result = await collect([created('r'), delta(0, '{"x":1,'), refusalDelta(0, 'msg_0', 'Stop.'), completed('r', [])]);
    expect(isOutputRefusalError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ refusal: 'Stop.' });
  });
});

describe('parsedOutput with a schema that answers later', () => {
  it('keeps the final updates in the order of the responses and completes after the last', async () => {
    let slow!: () => void;
    const gate = new Promise<void>((resolve) => (slow = resolve));
    let calls = 0;
    // The first response waits for the gate; the second is answered at once.
    const schema = laterSchema((value) => ({ value }), () => (++calls === 1 ? gate : Promise.resolve()));
    const subject = new Subject<ResponseStreamEvent>();
    const seen: unknown[] = [];
    let completedAt = -1;
    subject.pipe(parsedOutput(schema)).subscribe({ next: (u) => u.done && seen.push(u.value), complete: () => (completedAt = seen.length) });
    for (const e of [created('r1'), ...deltas(0, '{"n":1}'), completed('r1', []), created('r2'), ...deltas(0, '{"n":2}'), completed('r2', [])]) subject.next(e);
    subject.complete();
    await settle();
    expect(seen).toStrictEqual([]);
    expect(completedAt).toBe(-1);
    slow();
    await settle();
    expect(seen).toStrictEqual([{ n: 1 }, { n: 2 }]);
    expect(completedAt).toBe(2);
  });

  it('waits for a pending answer before a synchronous one', async () => {
    let slow!: () => void;
    const gate = new Promise<void>((resolve) => (slow = resolve));
    let calls = 0;
    const answer = (value: unknown) => ({ value });
    const schema = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: (value: unknown) => (++calls === 1 ? gate.then(() => answer(value)) : answer(value)),
        jsonSchema: { input: () => ({}), output: () => ({}) },
      },
    };
    const subject = new Subject<ResponseStreamEvent>();
    const seen: unknown[] = [];
    subject.pipe(parsedOutput(schema)).subscribe((u) => u.done && seen.push(u.value));
    for (const e of [created('r1'), ...deltas(0, '{"n":1}'), completed('r1', []), created('r2'), ...deltas(0, '{"n":2}'), completed('r2', [])]) subject.next(e);
    expect(seen).toStrictEqual([]);
    slow();
    await settle();
    expect(seen).toStrictEqual([{ n: 1 }, { n: 2 }]);
  });

  it('does not complete when an answer comes while the stream is still open', async () => {
    const schema = laterSchema((value) => ({ value }), () => Promise.resolve());
    const subject = new Subject<ResponseStreamEvent>();
    const seen: unknown[] = [];
    subject.pipe(parsedOutput(schema)).subscribe({ next: (u) => u.done && seen.push(u.value), complete: () => seen.push('complete') });
    for (const e of [created('r1'), ...deltas(0, '{"n":1}'), completed('r1', [])]) subject.next(e);
    await settle();
    expect(seen).toStrictEqual([{ n: 1 }]);
    for (const e of [created('r2'), ...deltas(0, '{"n":2}'), completed('r2', [])]) subject.next(e);
    await settle();
    expect(seen).toStrictEqual([{ n: 1 }, { n: 2 }]);
    subject.complete();
    expect(seen).toStrictEqual([{ n: 1 }, { n: 2 }, 'complete']);
  });

  it('errors with the issues it answers', async () => {
    const schema = laterSchema(() => ({ issues: [{ message: 'not today' }] }), () => Promise.resolve());
    const result = await collect([created('r'), ...deltas(0, '{"n":1}'), completed('r', [])], schema);
    expect(isOutputValidationError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ text: '{"n":1}', issues: [{ message: 'not today' }], partial: { n: 1 } });
  });

  it('emits nothing once unsubscribed', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const schema = laterSchema((value) => ({ value }), () => gate);
    const seen: unknown[] = [];
    const subject = new Subject<ResponseStreamEvent>();
    const subscription = subject.pipe(parsedOutput(schema)).subscribe({ next: (u) => seen.push(u), error: (e: unknown) => seen.push(e), complete: () => seen.push('complete') });
    for (const e of [created('r'), done(0, '{"n":1}'), completed('r', [])]) subject.next(e);
    subscription.unsubscribe();
    open();
    await settle();
    expect(seen).toStrictEqual([]);
  });

  it('completes at once when nothing is pending', async () => {
    const updates = await lastValueFrom(from([created('r'), completed('r', [])]).pipe(parsedOutput(laterSchema((value) => ({ value }), () => Promise.resolve())), toArray()));
    expect(updates).toStrictEqual([]);
  });
});
