import { describe, expect, it } from 'vitest';
import { APIConnectionError, ResponseStreamError } from '../../src/errors/index.js';
import { attachStreamError, streamErrorOf } from '../../src/errors/streamErrorOf.js';
import { applyEvent, emptySnapshot } from '../../src/reduce/index.js';
import type { ResponseSnapshot } from '../../src/reduce/ResponseSnapshot.js';
import { recording } from '../support/fixtures.js';

/** The recorded stream that ends in an `error` event: its events and the snapshot before that event. */
const recorded = (): { event: Record<string, unknown>; snapshot: ResponseSnapshot } => {
  const events = recording('openai-error-1.jsonl').events;
  const at = events.findIndex((e) => e.type === 'error');
  return { event: { ...(events[at] as unknown as Record<string, unknown>) }, snapshot: events.slice(0, at).reduce(applyEvent, emptySnapshot()) };
};

describe('attachStreamError and streamErrorOf', () => {
  it('raises the error the transport attached, with the snapshot', () => {
    const { event, snapshot } = recorded();
    const raised = new ResponseStreamError({ code: 'insufficient_quota', message: 'from the client', param: null, requestID: 'req_1' });
    attachStreamError(event, raised);
    const error = streamErrorOf(event, snapshot);
    expect(error).toBe(raised);
    expect(error.snapshot).toBe(snapshot);
    expect(error.requestID).toBe('req_1');
  });

  it('leaves the event as the server sent it: the attached error is not enumerable, written or copied', () => {
    const { event } = recorded();
    const before = JSON.stringify(event);
    const keys = Reflect.ownKeys(event).length;
    attachStreamError(event, new ResponseStreamError({ code: null, message: 'm', param: null }));
    expect(JSON.stringify(event)).toBe(before);
    expect(Object.keys(event)).toEqual(Object.keys(JSON.parse(before) as object));
    const hidden = Reflect.ownKeys(event).filter((k) => typeof k === 'symbol');
    expect(Reflect.ownKeys(event)).toHaveLength(keys + 1);
    expect(hidden).toHaveLength(1);
    const descriptor = Object.getOwnPropertyDescriptor(event, hidden[0] as symbol);
    expect(descriptor).toMatchObject({ enumerable: false, writable: false, configurable: true });
    expect(streamErrorOf({ ...event }, emptySnapshot()).serverMessage).not.toBe('m');
  });

  it('can attach to a later copy of the event again, and finds the error across bundles by its registered symbol', () => {
    const { event, snapshot } = recorded();
    const first = new ResponseStreamError({ code: null, message: 'first', param: null });
    const second = new ResponseStreamError({ code: null, message: 'second', param: null });
    attachStreamError(event, first);
    attachStreamError(event, second);
    expect(streamErrorOf(event, snapshot)).toBe(second);
    const other = { ...event, [Symbol.for('rx-responses.raisedStreamError')]: first };
    expect(streamErrorOf(other, snapshot)).toBe(first);
  });

  it('does nothing to a frozen event, and then reads the error from the event', () => {
    const { event, snapshot } = recorded();
    Object.freeze(event);
    expect(() => attachStreamError(event, new ResponseStreamError({ code: null, message: 'client', param: null }))).not.toThrow();
    const error = streamErrorOf(event, snapshot);
    expect(error.serverMessage).toBe((event.error as { message: string }).message);
    expect(error.snapshot).toBe(snapshot);
  });

  it('reads the error from the event when nothing, or not a stream error, was attached', () => {
    const { event, snapshot } = recorded();
    const nested = event.error as Record<string, unknown>;
    const error = streamErrorOf(event, snapshot);
    expect(error).toBeInstanceOf(ResponseStreamError);
    expect(error).toMatchObject({ code: nested.code, type: nested.type, serverMessage: nested.message, sequenceNumber: event.sequence_number });
    expect(error.snapshot).toBe(snapshot);
    for (const wrong of [new APIConnectionError(), { name: 'ResponseStreamError' }, null, 'ResponseStreamError']) {
      const tagged = { ...event, [Symbol.for('rx-responses.raisedStreamError')]: wrong };
      const read = streamErrorOf(tagged, snapshot);
      if (wrong !== null && typeof wrong === 'object' && wrong.name === 'ResponseStreamError') expect(read).toBe(wrong);
      else expect(read).toMatchObject({ name: 'ResponseStreamError', serverMessage: nested.message });
    }
  });

  it('keeps the snapshot an attached error already had', () => {
    const { event, snapshot } = recorded();
    const earlier = emptySnapshot();
    const raised = new ResponseStreamError({ code: null, message: 'm', param: null, snapshot: earlier });
    attachStreamError(event, raised);
    expect(streamErrorOf(event, snapshot).snapshot).toBe(earlier);
  });
});
