// responseState()'s smaller rules, on short event lists written for each: what it reads from the
// response object (id, usage only once it ended, the incomplete reason), the typed error and
// snapshot of each way a stream can end badly, an event that throws while it is read, and the
// stop notifier and an early unsubscribe before the source was even subscribed.
import { Observable, Subject, from, of, take, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type ResponseStreamEvent, type ResponseViewState, isResponseFailedError, isStreamTruncatedError, responseState } from '../../src/index.js';
import { itemAdded, message as messageItem, partAdded, response as responseObject, textDelta } from '../operators/streamEvents.js';
import type { Wire } from '../support/randomStreams.js';

const usage = { input_tokens: 3, output_tokens: 4, total_tokens: 7 };
/** Response `resp_1` with `status`, and the fields of `extra` set over the defaults. */
const response = (status: string, extra: Record<string, unknown> = {}) => ({ ...responseObject('resp_1', status), ...extra });
/** Message `msg_1`, still streaming (no content part when `text` is empty). */
const message = (text: string) => messageItem('msg_1', text === '' ? undefined : text, 'in_progress');
const streamText = (text: string): ResponseStreamEvent[] => [itemAdded(0, message('')), partAdded(0, 'msg_1'), textDelta(0, 'msg_1', text)];

/** Every state, synchronously (the sources here are synchronous). */
function states(events: readonly (Wire | ResponseStreamEvent)[]): ResponseViewState[] {
  const values: ResponseViewState[] = [];
  let completed = false;
  from(events as ResponseStreamEvent[])
    .pipe(responseState())
    .subscribe({ next: (s) => values.push(s), error: (e: unknown) => expect.fail(`responseState() errored: ${String(e)}`), complete: () => (completed = true) });
  expect(completed).toBe(true);
  return values;
}

/** A source that counts its subscriptions. */
function counted(events: readonly (Wire | ResponseStreamEvent)[]) {
  let subscriptions = 0;
  const source = new Observable<ResponseStreamEvent>((subscriber) => {
    subscriptions++;
    for (const event of events) subscriber.next(event as ResponseStreamEvent);
    subscriber.complete();
  });
  return { source, subscriptions: () => subscriptions };
}

describe('responseState() reads the response object', () => {
  it("shows the response's id from response.created, and no id for an empty or non-string one", () => {
    const named = states([{ type: 'response.created', response: response('in_progress') }, ...streamText('a'), { type: 'response.completed', response: response('completed') }]);
    expect(named.slice(1).map((s) => s.responseId)).toEqual(named.slice(1).map(() => 'resp_1'));
    for (const id of ['', 42, null]) {
      const shown = states([{ type: 'response.created', response: response('in_progress', { id }) }, ...streamText('a')]);
      expect(shown.map((s) => s.responseId)).toEqual(shown.map(() => undefined));
    }
  });

  it('shows usage only once the response ended (completed, incomplete or failed), never a null or string one', () => {
    const running = states([
      { type: 'response.created', response: response('in_progress', { usage }) },
      { type: 'response.in_progress', response: response('in_progress', { usage }) },
      ...streamText('Hi'),
      { type: 'response.completed', response: response('completed', { usage }) },
    ]);
    expect(running.slice(0, -1).map((s) => s.usage)).toEqual(running.slice(0, -1).map(() => undefined));
    expect(running.at(-1)?.usage).toEqual(usage);
    const failed = states([{ type: 'response.created', response: response('in_progress') }, { type: 'response.failed', response: response('failed', { usage, error: { code: 'server_error', message: 'x' } }) }]);
    expect(failed.at(-1)?.status).toBe('failed');
    expect(failed.at(-1)?.usage).toEqual(usage);
    for (const bad of [null, 'lots']) {
      const last = states([{ type: 'response.created', response: response('in_progress') }, { type: 'response.completed', response: response('completed', { usage: bad }) }]).at(-1);
      expect(last?.status).toBe('completed');
      expect(last?.usage).toBeUndefined();
    }
  });

  it('shows a new id that response.in_progress brings, though nothing else changed', () => {
    const shown = states([
      { type: 'response.created', response: response('in_progress') },
      { type: 'response.in_progress', response: { ...response('in_progress'), id: 'resp_renamed' } },
      { type: 'response.completed', response: { ...response('completed'), id: 'resp_renamed' } },
    ]);
    expect(shown.map((s) => [s.status, s.responseId])).toEqual([
      ['idle', undefined],
      ['streaming', 'resp_1'],
      ['streaming', 'resp_renamed'],
      ['completed', 'resp_renamed'],
    ]);
  });

  it('shows the completion of a response whose items were all done already, though only the status changed', () => {
    const item = { ...message('Hi'), status: 'completed' };
    const shown = states([
      { type: 'response.created', response: response('in_progress') },
      { type: 'response.output_item.added', output_index: 0, item },
      { type: 'response.output_item.done', output_index: 0, item },
      { type: 'response.completed', response: response('completed', { output: [item] }) },
    ]);
    expect(shown.map((s) => s.status)).toEqual(['idle', 'streaming', 'streaming', 'completed']);
    expect(shown.at(-1)?.items).toBe(shown.at(-2)?.items);
  });

  it('fails a response.failed with the ResponseFailedError finalResponse() raises, keeping the text', () => {
    const last = states([
      { type: 'response.created', response: response('in_progress') },
      ...streamText('Half'),
      { type: 'response.failed', response: response('failed', { error: { code: 'server_error', message: 'The model crashed' } }) },
    ]).at(-1);
    expect(last?.status).toBe('failed');
    expect(isResponseFailedError(last?.error)).toBe(true);
    expect(last?.error?.message).toContain('The model crashed');
    expect(last?.text).toBe('Half');
  });

  it('shows the incomplete reason only for an incomplete response, and only a string one', () => {
    const reason = (status: string, details: unknown) => {
      const last = states([{ type: 'response.created', response: response('in_progress') }, { type: `response.${status}`, response: response(status, { incomplete_details: details }) }]).at(-1);
      // Details missing or mistyped are no reason to fail the response.
      expect(last?.status).toBe(status);
      return last?.incompleteReason;
    };
    expect(reason('incomplete', { reason: 'max_output_tokens' })).toBe('max_output_tokens');
    expect(reason('incomplete', null)).toBeUndefined();
    expect(reason('incomplete', undefined)).toBeUndefined();
    expect(reason('incomplete', { reason: 7 })).toBeUndefined();
    expect(reason('completed', { reason: 'max_output_tokens' })).toBeUndefined();
  });
});

describe('responseState() endings', () => {
  it('says a stream ended without any event, with no snapshot, and otherwise keeps the snapshot on the error', () => {
    const empty = states([]).at(-1)!;
    expect(isStreamTruncatedError(empty.error)).toBe(true);
    expect(empty.error?.message).toMatch(/without any event/);
    expect((empty.error as { snapshot?: unknown }).snapshot).toBeUndefined();

    // Events arrived, but no response.created: cut short, not empty.
    const noStart = states([...streamText('partial')]).at(-1)!;
    expect(noStart.status).toBe('failed');
    expect(noStart.error?.message).not.toMatch(/without any event/);
    expect((noStart.error as { snapshot?: { outputText: string } }).snapshot?.outputText).toBe('partial');

    const cut = states([{ type: 'response.created', response: response('in_progress') }, ...streamText('cut')]).at(-1)!;
    expect(cut.text).toBe('cut');
    expect((cut.error as { snapshot?: { outputText: string } }).snapshot?.outputText).toBe('cut');
  });

  it('stays idle while only events that start nothing arrived', () => {
    const shown = states([{ type: 'keepalive' }]);
    expect(shown.map((s) => [s.status, s.diagnostics.map((d) => d.code)])).toEqual([
      ['idle', []],
      ['idle', ['missing_sequence_number']],
      ['failed', ['missing_sequence_number', 'missing_terminal']],
    ]);
  });

  it("fails the first response when a second starts before the first ended, with the first one's output on the error", () => {
    const last = states([
      { type: 'response.created', response: response('in_progress') },
      ...streamText('first'),
      { type: 'response.created', response: { ...response('in_progress'), id: 'resp_2' } },
      ...streamText('second'),
    ]).at(-1)!;
    expect(last.status).toBe('failed');
    expect(last.text).toBe('first');
    expect((last.error as { snapshot?: { outputText: string } }).snapshot?.outputText).toBe('first');
  });

  it('fails with a StreamTruncatedError that keeps the output so far when reading an event throws', () => {
    const throwing = { type: 'response.output_text.delta', output_index: 0, item_id: 'msg_1', content_index: 0 };
    Object.defineProperty(throwing, 'delta', { enumerable: true, get: () => { throw new Error('unreadable delta'); } });
    const shown = states([{ type: 'response.created', response: response('in_progress') }, ...streamText('kept'), throwing as Wire]);
    const last = shown.at(-1)!;
    expect(last.status).toBe('failed');
    expect(isStreamTruncatedError(last.error)).toBe(true);
    expect(last.error?.message).toMatch(/^Stream failed before its terminal event/);
    expect(((last.error as { cause?: Error }).cause as Error).message).toBe('unreadable delta');
    expect((last.error as { snapshot?: { outputText: string } }).snapshot?.outputText).toBe('kept');
    expect(last.text).toBe('kept');
    expect(last.items).toBe(shown.at(-2)?.items);
  });

  it('fails without a snapshot on the error when the very first event throws', () => {
    const throwing = {};
    Object.defineProperty(throwing, 'type', { enumerable: true, get: () => { throw new Error('no type'); } });
    const last = states([throwing as Wire]).at(-1)!;
    expect(last.status).toBe('failed');
    expect((last.error as { snapshot?: unknown }).snapshot).toBeUndefined();
  });

  it('still fails cleanly, keeping the last state shown, when the item that broke it cannot be read for the failed state either', () => {
    const item = { id: 'msg_2', type: 'message', role: 'assistant' };
    Object.defineProperty(item, 'content', { enumerable: true, get: () => { throw new Error('unreadable content'); } });
    const shown = states([{ type: 'response.created', response: response('in_progress') }, ...streamText('kept'), { type: 'response.output_item.added', output_index: 1, item }]);
    const last = shown.at(-1)!;
    expect(Object.isFrozen(last)).toBe(true);
    expect(last.status).toBe('failed');
    expect(((last.error as { cause?: Error }).cause as Error).message).toBe('unreadable content');
    expect(last.text).toBe('kept');
    expect(last.items).toBe(shown.at(-2)?.items);
  });
});

describe('responseState() and tool runs', () => {
  it("keeps a call's view, with its run, the same object while later items stream", () => {
    const call = { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'add', arguments: '{}', status: 'completed' };
    const shown = states([
      { type: 'response.created', response: response('in_progress') },
      { type: 'response.output_item.added', output_index: 0, item: { ...call, arguments: '', status: 'in_progress' } },
      { type: 'response.output_item.done', output_index: 0, item: call },
      { type: 'rx.tool_call.result', turn: 1, call_id: 'call_1', name: 'add', result: 3, output: '3' },
      { type: 'response.output_item.added', output_index: 1, item: { ...message(''), id: 'msg_2' } },
      { type: 'response.content_part.added', output_index: 1, item_id: 'msg_2', content_index: 0, part: { type: 'output_text', text: '', annotations: [] } },
      ...['a', 'b', 'c'].map((delta) => ({ type: 'response.output_text.delta', output_index: 1, item_id: 'msg_2', content_index: 0, delta })),
    ]);
    const withRun = shown.filter((s) => s.items[0]?.kind === 'function_call' && s.items[0].tool !== undefined);
    expect(withRun.map((s) => s.text)).toEqual(['', '', '', 'a', 'ab', 'abc', 'abc']);
    expect(withRun.at(-1)?.status).toBe('failed'); // the stream ends without its terminal event
    const view = withRun[0]!.items[0];
    expect(view?.kind === 'function_call' && view.tool?.result).toBe(3);
    for (const s of withRun) {
      expect(s.items[0]).toBe(view);
      expect(s.toolCalls[0]).toBe(view);
    }
  });
});

describe('responseState() after a state that shows a tool run', () => {
  it('emits nothing for an event that changes nothing visible', () => {
    const call = { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'add', arguments: '{}', status: 'completed' };
    const upToRun: (Wire | ResponseStreamEvent)[] = [
      { type: 'response.created', response: response('in_progress') },
      { type: 'response.output_item.added', output_index: 0, item: call },
      { type: 'rx.tool_call.result', turn: 1, call_id: 'call_1', name: 'add', result: 3, output: '3' },
    ];
    const before = states([...upToRun, { type: 'response.completed', response: response('completed') }]);
    const after = states([...upToRun, { type: 'response.in_progress', response: response('in_progress') }, { type: 'response.completed', response: response('completed') }]);
    expect(after.map((s) => s.status)).toEqual(before.map((s) => s.status));
    expect(after.at(-2)?.items[0]).toMatchObject({ kind: 'function_call', tool: { result: 3 } });
  });
});

describe('responseState() stopping before it started', () => {
  it('never subscribes to the source when the consumer leaves on the first (idle) state', () => {
    const { source, subscriptions } = counted([{ type: 'response.created', response: response('in_progress') }]);
    const values: ResponseViewState[] = [];
    source.pipe(responseState(), take(1)).subscribe((s) => values.push(s));
    expect(values.map((s) => s.status)).toEqual(['idle']);
    expect(subscriptions()).toBe(0);
  });

  it('stops at once, without subscribing to the source, when the stop notifier emits on subscribe', () => {
    const { source, subscriptions } = counted([{ type: 'response.created', response: response('in_progress') }]);
    const values: ResponseViewState[] = [];
    let completed = false;
    source.pipe(responseState({ stop: of(true) })).subscribe({ next: (s) => values.push(s), complete: () => (completed = true) });
    expect(values.map((s) => s.status)).toEqual(['idle', 'stopped']);
    expect(completed).toBe(true);
    expect(subscriptions()).toBe(0);
  });

  it('ignores a stop notifier that errors, and goes on to the end of the response', () => {
    const { source, subscriptions } = counted([{ type: 'response.created', response: response('in_progress') }, ...streamText('Hi'), { type: 'response.completed', response: response('completed', { output: [{ ...message('Hi'), status: 'completed' }] }) }]);
    const values: ResponseViewState[] = [];
    source.pipe(responseState({ stop: throwError(() => new Error('broken button')) })).subscribe((s) => values.push(s));
    expect(subscriptions()).toBe(1);
    expect(values.at(-1)?.status).toBe('completed');
    expect(values.at(-1)?.text).toBe('Hi');
  });

  it('does nothing when the stop notifier emits after the response completed', () => {
    const stop = new Subject<void>();
    const values: ResponseViewState[] = [];
    from([{ type: 'response.created', response: response('in_progress') }, { type: 'response.completed', response: response('completed') }] as ResponseStreamEvent[])
      .pipe(responseState({ stop }))
      .subscribe((s) => values.push(s));
    const before = values.length;
    stop.next();
    expect(values.length).toBe(before);
    expect(values.at(-1)?.status).toBe('completed');
    expect(stop.observed).toBe(false);
  });
});
