import { describe, expect, it, vi } from 'vitest';
import { isStreamParseError } from '../../src/errors/StreamParseError.js';
import { fromOpenAIStream } from '../../src/sources/fromOpenAIStream.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { listRecordings } from '../support/listRecordings.js';
import { settle } from '../support/settle.js';


/** Shaped like openai-node's `Stream`: async-iterable, with the controller of its request. */
function streamOf(items: unknown[], then?: (signal: AbortSignal) => Promise<unknown>) {
  const controller = new AbortController();
  const state = { finallyRan: false };
  async function* iterate(): AsyncGenerator<unknown> {
    try {
      yield* items;
      if (then) yield await then(controller.signal);
    } finally {
      state.finallyRan = true;
    }
  }
  return { stream: Object.assign(iterate(), { controller }), controller, state };
}

/** A read that only ends when the request is aborted, as a pending fetch body read does. */
const untilAborted = (signal: AbortSignal): Promise<never> =>
  new Promise((_, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));

describe('fromOpenAIStream', () => {
  it('emits the event objects of a recording as given', async () => {
    const recording = listRecordings().find((r) => r.invalidLines.length === 0)!;
    const { stream } = streamOf(recording.validEvents);
    const result = await collectNotifications(fromOpenAIStream(stream));
    expect(result.completed).toBe(true);
    expect(result.values).toEqual(recording.validEvents);
    expect(result.values[0]).toBe(recording.validEvents[0]);
  });

  it('errors on an object without a string type, after the events before it, and aborts', async () => {
    const { stream, controller } = streamOf([{ type: 'a' }, { kind: 'b' }, { type: 'c' }]);
    const result = await collectNotifications(fromOpenAIStream(stream));
    expect(result.values).toEqual([{ type: 'a' }]);
    expect(isStreamParseError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ reason: 'missing_type', eventNumber: 2, line: undefined, raw: '{"kind":"b"}' });
    expect(controller.signal.aborted).toBe(true);
  });

  it('emits skipped inputs with invalidInput: skip', async () => {
    const { stream, controller } = streamOf([null, { type: 'a' }, 'text', { type: 7 }]);
    const result = await collectNotifications(fromOpenAIStream(stream, { invalidInput: 'skip' }));
    expect(result.completed).toBe(true);
    expect(result.values).toEqual([
      { type: 'rx.skipped_input', reason: 'missing_type', raw: 'null', eventNumber: 1 },
      { type: 'a' },
      { type: 'rx.skipped_input', reason: 'missing_type', raw: '"text"', eventNumber: 3 },
      { type: 'rx.skipped_input', reason: 'missing_type', raw: '{"type":7}', eventNumber: 4 },
    ]);
    expect(controller.signal.aborted).toBe(false);
  });

  it('aborts the controller and returns the iterator at once on unsubscribe', async () => {
    const { stream, controller, state } = streamOf([{ type: 'a' }], untilAborted);
    const returnSpy = vi.spyOn(stream, 'return');
    const next = vi.fn();
    const error = vi.fn();
    const complete = vi.fn();
    const subscription = fromOpenAIStream(stream).subscribe({ next, error, complete });
    await vi.waitFor(() => expect(next).toHaveBeenCalledTimes(1));
    subscription.unsubscribe();
    expect(controller.signal.aborted).toBe(true);
    expect(returnSpy).toHaveBeenCalledTimes(1);
    await settle();
    // The abort is what ends the generator's pending await, so its finally has run by now.
    expect(state.finallyRan).toBe(true);
    expect(next).toHaveBeenCalledTimes(1);
    expect(error).not.toHaveBeenCalled();
    expect(complete).not.toHaveBeenCalled();
  });

  it('works without a controller', async () => {
    let resolvePending: ((result: IteratorResult<unknown>) => void) | undefined;
    const returned = vi.fn(async () => ({ done: true as const, value: undefined }));
    const iterable: AsyncIterable<unknown> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<unknown>>((resolve) => (resolvePending = resolve)),
        return: returned,
      }),
    };
    const next = vi.fn();
    const subscription = fromOpenAIStream(iterable).subscribe({ next });
    subscription.unsubscribe();
    expect(returned).toHaveBeenCalledTimes(1);
    resolvePending?.({ done: false, value: { type: 'late' } });
    await settle();
    expect(next).not.toHaveBeenCalled();
  });

  it('passes an iteration error through unchanged', async () => {
    const failure = new Error('Connection error.');
    const { stream } = streamOf([{ type: 'a' }], () => Promise.reject(failure));
    const result = await collectNotifications(fromOpenAIStream(stream));
    expect(result.values).toEqual([{ type: 'a' }]);
    expect(result.error).toBe(failure);
  });

  it('shows values JSON cannot write in a skipped input as best it can', async () => {
    const cyclic: Record<string, unknown> = { kind: 'loop' };
    cyclic.self = cyclic;
    const { stream } = streamOf([undefined, 10n, cyclic, Symbol('s')]);
    const result = await collectNotifications(fromOpenAIStream(stream, { invalidInput: 'skip' }));
    expect(result.completed).toBe(true);
    expect(result.values.map((e) => (e as { raw?: string }).raw)).toEqual(['undefined', '[object BigInt]', '[object Object]', 'Symbol(s)']);
  });

  it('takes only plain objects as events, not a function that has a type', async () => {
    const impostor = Object.assign(() => {}, { type: 'response.created' });
    const { stream } = streamOf([impostor, { type: 'a' }]);
    const result = await collectNotifications(fromOpenAIStream(stream, { invalidInput: 'skip' }));
    expect(result.values).toEqual([{ type: 'rx.skipped_input', reason: 'missing_type', raw: String(impostor), eventNumber: 1 }, { type: 'a' }]);
  });
});
