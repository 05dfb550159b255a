import { catchError, defer, endWith, first, lastValueFrom, map, mergeMap, type Observable, of, type Subscription, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { finalResponse, fromEvents, type ResponseStreamEvent, splitResponses } from '../../src/index.js';
import { isTerminalType } from '../support/fixtures.js';
import { listRecordings } from '../support/listRecordings.js';
import { sourceProbe } from './sourceProbe.js';
import { completed, created, inProgress, itemAdded, message, numbered, partAdded, textDelta } from './streamEvents.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const [c, i, a, d, f] = numbered([
  created('resp_1'),
  inProgress('resp_1'),
  itemAdded(0, message('msg_1')),
  textDelta(0, 'msg_1', 'Hi'),
  completed('resp_1', [message('msg_1', 'Hi')]),
]);
const [C, A, P, D, F] = numbered([
  created('resp_2'),
  itemAdded(0, message('msg_2')),
  partAdded(0, 'msg_2'),
  textDelta(0, 'msg_2', 'Bye'),
  completed('resp_2', [message('msg_2', 'Bye')]),
]);
const values = { c, i, a, d, f, C, A, P, D, F };

/** Each inner's events tagged with the inner's number, and a marker when the inner completes. */
const tagged = (inners: Observable<Observable<ResponseStreamEvent>>) =>
  inners.pipe(mergeMap((inner, n) => inner.pipe(map((event) => ({ n, event })), endWith({ n, event: 'complete' }))));

const multiResponse = listRecordings().filter((r) => r.validEvents.filter((e) => (e as ResponseStreamEvent).type === 'response.created').length > 1);

describe('splitResponses()', () => {
  it('emits a new inner at each response.created with a new id, in that frame', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-i-a-d-f-C-A-P-D-F|', values);
      const expected = '    0---------1--------|';
      expectObservable(source.pipe(splitResponses(), map((_, n) => n))).toBe(expected, { 0: 0, 1: 1 });
    });
  });

  it('completes the previous inner in the frame the next response starts, before that response begins', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-i-a-d-f-C---A-P-D-F---|', values);
      const expected = '    c-i-a-d-f-(XC)A-P-D-F---(Y|)';
      const v = {
        c: { n: 0, event: c },
        i: { n: 0, event: i },
        a: { n: 0, event: a },
        d: { n: 0, event: d },
        f: { n: 0, event: f },
        X: { n: 0, event: 'complete' },
        C: { n: 1, event: C },
        A: { n: 1, event: A },
        P: { n: 1, event: P },
        D: { n: 1, event: D },
        F: { n: 1, event: F },
        Y: { n: 1, event: 'complete' },
      };
      expectObservable(tagged(source.pipe(splitResponses()))).toBe(expected, v);
    });
  });

  it('starts no new inner for lifecycle events of the same response', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const again = { ...c, sequence_number: 5 };
      const source = cold(' c-i-a-r-d-f|', { ...values, r: again });
      expectObservable(source.pipe(splitResponses(), map((_, n) => n))).toBe('0----------|', { 0: 0 });
    });
  });

  it('replays a response to a subscriber that comes after the stream completed', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const inners: Observable<ResponseStreamEvent>[] = [];
      cold(' c-i-a-d-f-C-A-P-D-F|', values).pipe(splitResponses()).subscribe((inner) => inners.push(inner));
      expectObservable(defer(() => inners[0]!), '30ms ^').toBe('30ms (ciadf|)', values);
      expectObservable(defer(() => inners[1]!), '30ms ^').toBe('30ms (CAPDF|)', values);
    });
  });

  it('errors the current inner, and the outer, when the source errors', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const error = new Error('socket closed');
      const source = cold(' c-i-a-d-f-C---A-#', values, error);
      const expected = '    c-i-a-d-f-(XC)A-(E#)';
      const inners = source.pipe(
        splitResponses(),
        mergeMap((inner, n) =>
          inner.pipe(
            map((event) => ({ n, event })),
            endWith({ n, event: 'complete' }),
            catchError((err: unknown) => of({ n, event: err })),
          ),
        ),
      );
      const v = {
        c: { n: 0, event: c },
        i: { n: 0, event: i },
        a: { n: 0, event: a },
        d: { n: 0, event: d },
        f: { n: 0, event: f },
        X: { n: 0, event: 'complete' },
        C: { n: 1, event: C },
        A: { n: 1, event: A },
        E: { n: 1, event: error },
      };
      expectObservable(inners).toBe(expected, v, error);
    });
  });

  describe('on the recordings with several responses', () => {
    it('is tested on at least one such recording', () => {
      expect(multiResponse.length).toBeGreaterThan(0);
    });

    it("gives one inner per response.created, each holding that response's events, whose final response has that response's terminal id", async () => {
      for (const rec of multiResponse) {
        const events = rec.validEvents as ResponseStreamEvent[];
        const inners = await lastValueFrom(fromEvents(events).pipe(splitResponses(), toArray()));
        const createdCount = events.filter((e) => e.type === 'response.created').length;
        expect(inners, rec.name).toHaveLength(createdCount);
        const perInner = await Promise.all(inners.map((inner) => lastValueFrom(inner.pipe(toArray()))));
        expect(perInner.flat(), rec.name).toEqual(events);
        for (const innerEvents of perInner) {
          expect(innerEvents[0]?.type, rec.name).toBe('response.created');
          expect(innerEvents.filter((e) => e.type === 'response.created'), rec.name).toHaveLength(1);
        }
        const terminalIds = events.filter((e) => isTerminalType(e.type)).map((e) => (e as { response?: { id?: string } }).response?.id);
        const finalIds = await Promise.all(inners.map((inner) => lastValueFrom(inner.pipe(finalResponse())).then((r) => r.id)));
        expect(finalIds, rec.name).toEqual(terminalIds);
      }
    });
  });

  it('unsubscribing from the result unsubscribes from the source at once, and nothing is emitted afterwards', () => {
    const probe = sourceProbe([c, i, a]);
    const seen: unknown[] = [];
    const subscription = probe.source.pipe(splitResponses()).subscribe({
      next: () => seen.push('inner'),
      complete: () => seen.push('complete'),
      error: () => seen.push('error'),
    });
    expect(seen).toEqual(['inner']);
    subscription.unsubscribe();
    expect(probe.teardowns).toBe(1);
    probe.emit(d, f, C, A);
    probe.complete();
    expect(seen).toEqual(['inner']);
  });

  it('unsubscribes from the source once the outer and every inner subscribed to are unsubscribed', () => {
    const probe = sourceProbe([c, i, a]);
    const seen: unknown[] = [];
    const inners: Subscription[] = [];
    const outer = probe.source.pipe(splitResponses()).subscribe((inner) => {
      inners.push(inner.subscribe({ next: (event) => seen.push(event.type), complete: () => seen.push('inner complete'), error: () => seen.push('inner error') }));
    });
    const before = ['response.created', 'response.in_progress', 'response.output_item.added'];
    expect(seen).toEqual(before);
    outer.unsubscribe();
    inners.forEach((inner) => inner.unsubscribe());
    expect(probe.teardowns).toBe(1);
    probe.emit(d, f, C, A);
    probe.complete();
    expect(seen).toEqual(before);
  });

  it('never leaves a subscribed response hanging when the outer is unsubscribed: it goes on to its end, or ends at once', () => {
    // `first()` is how a user takes "the first response"; it unsubscribes from the outer.
    const probe = sourceProbe([c, i, a]);
    const seen: string[] = [];
    probe.source.pipe(splitResponses(), first(), mergeMap((inner) => inner.pipe(finalResponse()))).subscribe({
      next: (response) => seen.push(response.id),
      complete: () => seen.push('complete'),
      error: (err: { name?: string }) => seen.push(`error ${err.name}`),
    });
    probe.emit(d, f, C, A);
    probe.complete();
    expect(seen.some((s) => s === 'complete' || s.startsWith('error')), 'the first response ended').toBe(true);
  });

  it('subscribes to a cold source once per subscription, however many inners are subscribed', () => {
    const probe = sourceProbe([c, i, a, d, f, C, A, P, D, F]);
    const responses = probe.source.pipe(splitResponses());
    responses.subscribe((inner) => {
      inner.subscribe();
      inner.pipe(finalResponse()).subscribe({ error: () => {} });
    });
    probe.complete();
    expect(probe.subscriptions).toBe(1);
    responses.subscribe();
    expect(probe.subscriptions).toBe(2);
  });
});
