import { concat, lastValueFrom, Observable, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  finalResponse,
  fromEvents,
  fromJSONL,
  fromSSE,
  isResponseStreamError,
  ResponseStreamError,
  type ResponseStreamEvent,
  StreamParseError,
  toSSEStream,
} from '../../src/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { listRecordings, type Recording } from '../support/listRecordings.js';
import { readTextChunks } from '../support/readTextChunks.js';

const recordings = listRecordings();
const optionsFor = (rec: Recording) => (rec.invalidLines.length > 0 ? { invalidInput: 'skip' as const } : undefined);

/** A source that records whether it was subscribed and torn down. */
function probe(events: readonly ResponseStreamEvent[]) {
  const state = { subscribed: 0, tornDown: 0 };
  const source = new Observable<ResponseStreamEvent>((subscriber) => {
    state.subscribed++;
    events.forEach((e) => subscriber.next(e));
    return () => state.tornDown++;
  });
  return { source, state };
}

describe('toSSEStream() round trip', () => {
  for (const rec of recordings) {
    it(`${rec.name}: fromSSE(toSSEStream(events)) gives the same events`, async () => {
      const options = optionsFor(rec);
      const original = await lastValueFrom(fromJSONL(rec.text, options).pipe(toArray()));
      const expected = original.filter((e) => e.type !== 'rx.skipped_input');
      const relayed = await lastValueFrom(fromSSE(toSSEStream(fromJSONL(rec.text, options)), options).pipe(toArray()));
      expect(relayed).toEqual(expected);
      expect(expected.length).toBe(rec.validEvents.length);
    });
  }

  it('sends one chunk per event, framed as the API does, without skipped input', async () => {
    const rec = recordings.find((r) => r.invalidLines.length > 0)!;
    const chunks = await readTextChunks(toSSEStream(fromJSONL(rec.text, { invalidInput: 'skip' })));
    expect(chunks.length).toBe(rec.validEvents.length);
    chunks.forEach((chunk, i) => {
      const event = rec.validEvents[i] as { type: string };
      expect(chunk).toBe(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    expect(chunks.join('')).not.toContain('rx.skipped_input');
  });
});

describe('toSSEStream() subscription', () => {
  const events = listRecordings()[0]!.validEvents.slice(0, 5) as ResponseStreamEvent[];

  it('subscribes only when the body is first read', async () => {
    const { source, state } = probe(events);
    const stream = toSSEStream(source);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(state.subscribed).toBe(0);
    const reader = stream.getReader();
    await reader.read();
    expect(state.subscribed).toBe(1);
    await reader.cancel();
  });

  it('unsubscribes upstream synchronously when the stream is cancelled', async () => {
    const { source, state } = probe(events);
    const reader = toSSEStream(source).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    const cancelled = reader.cancel('client went away');
    expect(state.tornDown).toBe(1);
    await cancelled;
  });

  it('cancelling before any read never subscribes', async () => {
    const { source, state } = probe(events);
    await toSSEStream(source).cancel();
    expect(state.subscribed).toBe(0);
  });
});

describe('toSSEStream() errors', () => {
  const rec = listRecordings().find((r) => r.validEvents.some((e) => (e as { type: string }).type === 'response.output_text.delta') && r.invalidLines.length === 0)!;
  const all = rec.validEvents as ResponseStreamEvent[];
  const partial = all.slice(0, Math.floor(all.length / 2));
  const lastSeq = (partial.at(-1) as { sequence_number?: number }).sequence_number;

  it('relays a typed error as a final nested error event, then closes normally', async () => {
    const upstream = concat(fromEvents(partial), throwError(() => new ResponseStreamError({ code: 'rate_limit_exceeded', message: 'Slow down', param: 'model' })));
    const chunks = await readTextChunks(toSSEStream(upstream));
    expect(chunks.length).toBe(partial.length + 1);
    const last = chunks.at(-1)!;
    expect(last.startsWith('event: error\ndata: ')).toBe(true);
    const payload: unknown = JSON.parse(last.slice(last.indexOf('data: ') + 6));
    expect(payload).toEqual({
      type: 'error',
      ...(lastSeq === undefined ? {} : { sequence_number: lastSeq + 1 }),
      error: { code: 'rate_limit_exceeded', message: 'Slow down', param: 'model' },
    });
  });

  it('reaches the client as a ResponseStreamError with the same code, keeping the partial output', async () => {
    const upstream = concat(fromEvents(partial), throwError(() => new ResponseStreamError({ code: 'server_error', message: 'Upstream broke', param: null })));
    const result = await collectNotifications(fromSSE(toSSEStream(upstream)).pipe(finalResponse()));
    expect(isResponseStreamError(result.error)).toBe(true);
    const error = result.error as ResponseStreamError;
    expect(error.code).toBe('server_error');
    expect(error.serverMessage).toBe('Upstream broke');
    expect(error.snapshot?.eventCount).toBe(partial.length + 1);
  });

  it("uses the library error's own code and message for other typed errors", async () => {
    const parse = new StreamParseError({ reason: 'invalid_json', raw: '{oops', eventNumber: 3 });
    const chunks = await readTextChunks(toSSEStream(throwError(() => parse)));
    const payload = JSON.parse(chunks[0]!.slice(chunks[0]!.indexOf('data: ') + 6)) as { error: { code: string; message: string } };
    expect(payload.error).toEqual({ code: 'stream_parse_error', message: parse.message, param: null });
  });

  it('never relays the text of a foreign error', async () => {
    const secret = 'connect ECONNREFUSED 10.0.0.7:443 (key sk-live-123)';
    const chunks = await readTextChunks(toSSEStream(concat(fromEvents(partial), throwError(() => new TypeError(secret)))));
    const last = chunks.at(-1)!;
    expect(last).not.toContain('sk-live');
    expect(last).not.toContain('10.0.0.7');
    const payload = JSON.parse(last.slice(last.indexOf('data: ') + 6)) as { error: { code: string; message: string; param: null } };
    expect(payload.error.code).toBe('stream_truncated');
    expect(payload.error.param).toBeNull();
  });

  it('ends the body with an error event when an event cannot be encoded, and unsubscribes', async () => {
    const { source, state } = probe([partial[0]!, { type: 'x.custom', size: 10n } as unknown as ResponseStreamEvent, partial[1]!]);
    const chunks = await readTextChunks(toSSEStream(source));
    expect(chunks.length).toBe(2);
    expect(chunks[1]!.startsWith('event: error\n')).toBe(true);
    expect(state.tornDown).toBe(1);
  });
});
