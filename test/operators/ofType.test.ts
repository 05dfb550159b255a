import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ofType,
  type ResponseCompletedEvent,
  type ResponseRefusalDeltaEvent,
  type ResponseStreamEvent,
  type ResponseTextDeltaEvent,
  type UnknownEvent,
} from '../../src/index.js';
import { sourceProbe } from './sourceProbe.js';
import { completed, created, itemAdded, keepalive, message, numbered, partAdded, refusalDelta, textDelta } from './streamEvents.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const [c, a, p, d, r, k, e, u, f] = numbered([
  created('resp_1'),
  itemAdded(0, message('msg_1')),
  partAdded(0, 'msg_1'),
  textDelta(0, 'msg_1', 'Hi'),
  refusalDelta(0, 'msg_1', 'No'),
  keepalive(),
  textDelta(0, 'msg_1', ' there'),
  { type: 'response.vendor_thing.delta', delta: 'x' },
  completed('resp_1', [message('msg_1', 'Hi there')]),
]);
const values = { c, a, p, d, r, k, e, u, f };

describe('ofType()', () => {
  it('keeps only events of the one type asked for, in the frame they arrived', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-p-d-r-k-e-u-f|', values);
      const expected = '    ------d-----e----|';
      expectObservable(source.pipe(ofType('response.output_text.delta'))).toBe(expected, values);
    });
  });

  it('keeps events of any of several types, in stream order', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-p-(dr)-k-e-u-f|', values);
      const expected = '    ------(dr)---e---f|';
      const kept = source.pipe(ofType('response.completed', 'response.refusal.delta', 'response.output_text.delta'));
      expectObservable(kept).toBe(expected, values);
    });
  });

  it('passes on the error and the completion of the source', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const error = new Error('socket closed');
      const source = cold(' c-d-#', values, error);
      const expected = '    --d-#';
      expectObservable(source.pipe(ofType('response.output_text.delta'))).toBe(expected, values, error);
    });
  });

  it('keeps events of a type the library does not model', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-u-d|', values);
      const expected = '    --u--|';
      expectObservable(source.pipe(ofType('response.vendor_thing.delta'))).toBe(expected, values);
    });
  });

  it('narrows the element type to the events asked for', () => {
    const source: Observable<ResponseStreamEvent> = sourceProbe().source;
    expectTypeOf(source.pipe(ofType('response.output_text.delta'))).toEqualTypeOf<Observable<ResponseTextDeltaEvent>>();
    expectTypeOf(source.pipe(ofType('response.refusal.delta', 'response.completed'))).toEqualTypeOf<
      Observable<ResponseRefusalDeltaEvent | ResponseCompletedEvent>
    >();
    expectTypeOf(source.pipe(ofType('response.vendor_thing.delta'))).toEqualTypeOf<Observable<UnknownEvent>>();
    // The narrowed fields are there at run time too.
    const deltas: string[] = [];
    sourceProbe([c, a, p, d, e, f]).source.pipe(ofType('response.output_text.delta')).subscribe((event) => deltas.push(event.delta));
    expect(deltas).toEqual(['Hi', ' there']);
  });

  it('unsubscribing from the result unsubscribes from the source at once, and nothing is emitted afterwards', () => {
    const probe = sourceProbe([c, a, p, d]);
    const seen: string[] = [];
    const subscription = probe.source.pipe(ofType('response.output_text.delta')).subscribe({
      next: (event) => seen.push(event.delta),
      complete: () => seen.push('complete'),
      error: () => seen.push('error'),
    });
    expect(seen).toEqual(['Hi']);
    subscription.unsubscribe();
    expect(probe.teardowns).toBe(1);
    probe.emit(e);
    probe.complete();
    expect(seen).toEqual(['Hi']);
  });

  it('subscribes to a cold source once per subscription', () => {
    const probe = sourceProbe([c, a, p, d, e, f]);
    const kept = probe.source.pipe(ofType('response.output_text.delta', 'response.completed'));
    kept.subscribe();
    expect(probe.subscriptions).toBe(1);
    kept.subscribe();
    expect(probe.subscriptions).toBe(2);
  });
});
