import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { outputText } from '../../src/index.js';
import { sourceProbe } from './sourceProbe.js';
import { completed, created, itemAdded, itemDone, keepalive, message, numbered, partAdded, textDelta, textDone, truncatedBy } from './streamEvents.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const first = numbered([
  created('resp_1'),
  itemAdded(0, message('msg_1')),
  partAdded(0, 'msg_1'),
  textDelta(0, 'msg_1', 'Hel'),
  keepalive(),
  textDelta(0, 'msg_1', 'lo'),
  textDone(0, 'msg_1', 'Hello!'),
  itemDone(0, message('msg_1', 'Hello!')),
  completed('resp_1', [message('msg_1', 'Hello!')]),
]);
const second = numbered([
  created('resp_2'),
  itemAdded(0, message('msg_2')),
  partAdded(0, 'msg_2'),
  textDelta(0, 'msg_2', 'Bye'),
  completed('resp_2', [message('msg_2', 'Bye.')]),
]);
const [c, a, p, d, k, e, x, o, f] = first;
const [C, A, P, D, F] = second;
const values = { c, a, p, d, k, e, x, o, f, C, A, P, D, F };

describe('outputText()', () => {
  it('emits the text when it changes, in the frame of the event that changed it, including a done correction', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-p-d-k-e-x-o-f|', values);
      const expected = '    n-----h---l-x----|';
      expectObservable(source.pipe(outputText())).toBe(expected, { n: '', h: 'Hel', l: 'Hello', x: 'Hello!' });
    });
  });

  it('starts again from an empty text when the next response of the stream begins', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-p-d-x-f-C-A-P-D-F|', values);
      const expected = '    n-----h-x---m-----b-B|';
      expectObservable(source.pipe(outputText())).toBe(expected, { n: '', h: 'Hel', x: 'Hello!', m: '', b: 'Bye', B: 'Bye.' });
    });
  });

  it('emits the terminal response text when it differs from what streamed', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' C-A-P-D-F|', values);
      const expected = '    n-----b-B|';
      expectObservable(source.pipe(outputText())).toBe(expected, { n: '', b: 'Bye', B: 'Bye.' });
    });
  });

  it('emits nothing more when the stream ends without a terminal event', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold(' c-a-p-d-e---|', values);
      const expected = '    n-----h-l---|';
      expectObservable(source.pipe(outputText())).toBe(expected, { n: '', h: 'Hel', l: 'Hello' });
    });
  });

  it('passes on an error of the source after the text so far', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const error = new Error('socket closed');
      const source = cold(' c-a-p-d-#', values, error);
      const expected = '    n-----h-#';
      expectObservable(source.pipe(outputText())).toBe(expected, { n: '', h: 'Hel' }, truncatedBy(error));
    });
  });

  it('unsubscribing from the result unsubscribes from the source at once, and nothing is emitted afterwards', () => {
    const probe = sourceProbe([c, a, p, d]);
    const seen: string[] = [];
    const subscription = probe.source.pipe(outputText()).subscribe({
      next: (text) => seen.push(text),
      complete: () => seen.push('complete'),
      error: () => seen.push('error'),
    });
    expect(seen).toEqual(['', 'Hel']);
    subscription.unsubscribe();
    expect(probe.teardowns).toBe(1);
    probe.emit(e, x, f);
    probe.complete();
    expect(seen).toEqual(['', 'Hel']);
  });

  it('subscribes to a cold source once per subscription', () => {
    const probe = sourceProbe(first);
    const text = probe.source.pipe(outputText());
    text.subscribe();
    expect(probe.subscriptions).toBe(1);
    text.subscribe();
    expect(probe.subscriptions).toBe(2);
  });
});
