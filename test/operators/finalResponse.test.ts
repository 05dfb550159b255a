import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  finalResponse,
  fromEvents,
  fromJSONL,
  fromSSE,
  isResponseFailedError,
  isResponseStreamError,
  isRxResponsesError,
  isStreamParseError,
  isStreamTruncatedError,
  type ResponseStreamError,
  type ResponseStreamEvent,
} from '../../src/index.js';
import { jsonlToSSE } from '../support/jsonlToSSE.js';
import { sourceProbe } from './sourceProbe.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { isTerminalType } from '../support/fixtures.js';
import { listRecordings } from '../support/listRecordings.js';

const recordings = listRecordings();
const events = (rec: { validEvents: unknown[] }) => rec.validEvents as ResponseStreamEvent[];
const withText = recordings.filter(
  (r) => r.invalidLines.length === 0 && events(r).filter((e) => e.type === 'response.output_text.delta').length > 20 && events(r).filter((e) => e.type === 'response.created').length === 1,
);

describe('finalResponse()', () => {
  it('emits one final response per response in a stream that carries several', async () => {
    for (const rec of recordings.filter((r) => events(r).filter((e) => e.type === 'response.created').length > 1)) {
      const responses = await lastValueFrom(fromJSONL(rec.text).pipe(finalResponse(), toArray()));
      const ids = events(rec).filter((e) => isTerminalType(e.type)).map((e) => (e as { response: { id: string } }).response.id);
      expect(responses.map((r) => r.id), rec.name).toEqual(ids);
      expect(responses.every((r) => r.status === 'completed')).toBe(true);
    }
  });

  it('errors with ResponseStreamError at an error event, before the response.failed that follows it, with the event\'s nested fields', async () => {
    const rec = recordings.find((r) => events(r).some((e) => e.type === 'error') && events(r).some((e) => e.type === 'response.failed'));
    expect(rec, 'a recording with an error event then response.failed').toBeDefined();
    const result = await collectNotifications(fromJSONL(rec!.text).pipe(finalResponse()));
    expect(result.values).toEqual([]);
    expect(isResponseStreamError(result.error)).toBe(true);
    const error = result.error as ResponseStreamError;
    const errorEvent = events(rec!).find((e) => e.type === 'error') as unknown as { sequence_number: number; error: { type: string; code: string; message: string; param: string | null } };
    expect(error.code).toBe(errorEvent.error.code);
    expect(error.type).toBe(errorEvent.error.type);
    expect(error.serverMessage).toBe(errorEvent.error.message);
    expect(error.param).toBe(errorEvent.error.param);
    expect(error.sequenceNumber).toBe(errorEvent.sequence_number);
    expect(error.payload).toEqual(errorEvent.error);
    expect(error.snapshot?.phase).toBe('error');
  });

  it('errors with ResponseFailedError on response.failed, with the server code', async () => {
    const rec = recordings.find((r) => events(r).some((e) => e.type === 'response.failed'))!;
    const withoutErrorEvent = events(rec).filter((e) => e.type !== 'error');
    const result = await collectNotifications(fromEvents(withoutErrorEvent).pipe(finalResponse()));
    expect(result.values).toEqual([]);
    expect(isResponseFailedError(result.error)).toBe(true);
    const error = result.error as { code: string; response: { status: string }; snapshot?: unknown; message: string };
    const failed = events(rec).find((e) => e.type === 'response.failed') as unknown as { response: { error: { code: string; message: string } } };
    expect(error.code).toBe(failed.response.error.code);
    expect(error.message).toContain(failed.response.error.message);
    expect(error.response.status).toBe('failed');
    expect(error.snapshot).toBeDefined();
  });

  it('errors at an error event although the source never completes, and unsubscribes from it', () => {
    const rec = withText[0]!;
    const all = events(rec);
    const partial = all.slice(0, all.findIndex((e) => e.type === 'response.output_text.delta') + 5);
    const streamed = partial.filter((e) => e.type === 'response.output_text.delta').map((e) => (e as { delta: string }).delta).join('');
    const probe = sourceProbe(partial);
    let failure: unknown;
    probe.source.pipe(finalResponse()).subscribe({ error: (e: unknown) => (failure = e) });
    expect(failure).toBeUndefined();
    probe.emit({ type: 'error', code: 'rate_limit_exceeded', message: 'Slow down', param: null, sequence_number: 77 } as ResponseStreamEvent);
    expect(isResponseStreamError(failure)).toBe(true);
    const error = failure as ResponseStreamError;
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.serverMessage).toBe('Slow down');
    expect(error.type).toBeNull(); // the flat shape names no provider error type
    expect(error.sequenceNumber).toBe(77);
    expect(error.snapshot?.outputText).toBe(streamed);
    expect(probe.teardowns).toBe(probe.subscriptions);
  });

  it('errors at an error event in an SSE body the server keeps open, and cancels the body', async () => {
    const rec = withText[0]!;
    const all = events(rec);
    const partial = all.slice(0, all.findIndex((e) => e.type === 'response.output_text.delta') + 3);
    const nested = { type: 'error', sequence_number: 500, error: { type: 'server_error', code: 'overloaded', message: 'Try later', param: null } };
    const text = jsonlToSSE([...partial, nested].map((e) => JSON.stringify(e)).join('\n'));
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text)); // and never closed
      },
      cancel() {
        cancelled = true;
      },
    });
    const error = await new Promise<unknown>((resolve) => fromSSE(body).pipe(finalResponse()).subscribe({ error: resolve, complete: () => resolve('completed') }));
    expect(isResponseStreamError(error)).toBe(true);
    expect((error as ResponseStreamError).type).toBe('server_error');
    expect((error as ResponseStreamError).code).toBe('overloaded');
    expect((error as ResponseStreamError).sequenceNumber).toBe(500);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(cancelled).toBe(true);
  });

  it('errors with ResponseStreamError on an error event that nothing follows, keeping the partial text', async () => {
    const rec = withText[0]!;
    const all = events(rec);
    const cut = all.findIndex((e) => e.type === 'response.output_text.delta') + 5;
    const partial = all.slice(0, cut);
    const streamed = partial.filter((e) => e.type === 'response.output_text.delta').map((e) => (e as { delta: string }).delta).join('');
    const errorEvent = { type: 'error', sequence_number: 999, error: { type: 'server_error', code: 'server_error', message: 'boom', param: null } } as ResponseStreamEvent;
    const result = await collectNotifications(fromEvents([...partial, errorEvent]).pipe(finalResponse()));
    expect(isResponseStreamError(result.error)).toBe(true);
    const error = result.error as { code: string; sequenceNumber: number; snapshot: { outputText: string } };
    expect(error.code).toBe('server_error');
    expect(error.sequenceNumber).toBe(999);
    expect(error.snapshot.outputText).toBe(streamed);
  });

  it('errors with StreamTruncatedError when the stream ends early, keeping every received byte of text', async () => {
    for (const rec of withText) {
      const all = events(rec);
      const cut = Math.floor(all.length * 0.6);
      const partial = all.slice(0, cut);
      const streamed = partial.filter((e) => e.type === 'response.output_text.delta').map((e) => (e as { delta: string }).delta).join('');
      const result = await collectNotifications(fromEvents(partial).pipe(finalResponse()));
      expect(isStreamTruncatedError(result.error), rec.name).toBe(true);
      const error = result.error as { snapshot: { outputText: string; diagnostics: { code: string }[] }; lastSequenceNumber?: number };
      const rewritten = error.snapshot.diagnostics.some((d) => d.code === 'done_mismatch');
      if (!rewritten) expect(error.snapshot.outputText, rec.name).toBe(streamed);
      expect(error.snapshot.diagnostics.map((d) => d.code)).toContain('missing_terminal');
      expect(error.lastSequenceNumber).toBe((partial.at(-1) as { sequence_number?: number }).sequence_number);
    }
  });

  it('errors with StreamTruncatedError (no snapshot) on an empty stream', async () => {
    const result = await collectNotifications(fromEvents([]).pipe(finalResponse()));
    expect(isStreamTruncatedError(result.error)).toBe(true);
    expect((result.error as { snapshot?: unknown }).snapshot).toBeUndefined();
  });

  it('errors with StreamParseError at the line of the first invalid line, with the snapshot before it', async () => {
    for (const rec of withText.slice(0, 5)) {
      const lines = rec.text.split('\n');
      const bad = Math.floor(lines.length / 2);
      lines[bad] = (lines[bad] ?? '').slice(0, 25);
      const result = await collectNotifications(fromJSONL(lines.join('\n')).pipe(finalResponse()));
      expect(isStreamParseError(result.error), rec.name).toBe(true);
      const error = result.error as { line: number; raw: string; snapshot: { eventCount: number; outputText: string } };
      expect(error.line).toBe(bad + 1);
      expect(error.raw).toBe(lines[bad]);
      expect(error.snapshot.eventCount).toBe(bad);
      const before = events(rec).slice(0, bad).filter((e) => e.type === 'response.output_text.delta').map((e) => (e as { delta: string }).delta).join('');
      expect(error.snapshot.outputText).toBe(before);
    }
  });

  it('reports the recording that starts with invalid JSON as StreamParseError at line 1, or skips it on request', async () => {
    const rec = recordings.find((r) => r.invalidLines[0] === 1)!;
    const result = await collectNotifications(fromJSONL(rec.text).pipe(finalResponse()));
    expect(isStreamParseError(result.error)).toBe(true);
    expect((result.error as { line: number }).line).toBe(1);
    const skipped = await collectNotifications(fromJSONL(rec.text, { invalidInput: 'skip' }).pipe(finalResponse()));
    // With the bad lines skipped, what remains has no terminal event.
    expect(isStreamTruncatedError(skipped.error)).toBe(true);
    const codes = (skipped.error as { snapshot: { diagnostics: { code: string }[] } }).snapshot.diagnostics.map((d) => d.code);
    expect(codes.filter((c) => c === 'skipped_input')).toHaveLength(rec.invalidLines.length);
  });

  it('raises errors whose JSON form names the class and code', async () => {
    const result = await collectNotifications(fromEvents([]).pipe(finalResponse()));
    expect(isRxResponsesError(result.error)).toBe(true);
    expect(JSON.parse(JSON.stringify(result.error))).toMatchObject({ name: 'StreamTruncatedError', code: 'stream_truncated' });
  });
});

describe('finalResponse() settling a response when the next one starts', () => {
  // A recording with several responses in one stream; each case breaks the first one's ending.
  const multi = recordings.find((r) => r.invalidLines.length === 0 && events(r).filter((e) => e.type === 'response.created').length > 1)!;
  const all = events(multi);
  const firstEnd = all.findIndex((e) => isTerminalType(e.type));
  const firstId = (all[0] as unknown as { response: { id: string } }).response.id;

  it('errors with StreamTruncatedError holding the first response when the next one starts before its terminal event', async () => {
    const result = await collectNotifications(fromEvents([...all.slice(0, firstEnd), ...all.slice(firstEnd + 1)]).pipe(finalResponse()));
    expect(result.values).toEqual([]);
    expect(isStreamTruncatedError(result.error)).toBe(true);
    expect((result.error as { snapshot: { response: { id: string } } }).snapshot.response.id).toBe(firstId);
  });

  it('errors with the ResponseStreamError of an error event that ended the first response, with its fields, once the next one starts', async () => {
    const errorEvent = { type: 'error', sequence_number: 77, code: 'server_error', message: 'boom', param: 'input' } as unknown as ResponseStreamEvent;
    const result = await collectNotifications(fromEvents([...all.slice(0, firstEnd), errorEvent, ...all.slice(firstEnd + 1)]).pipe(finalResponse()));
    expect(result.values).toEqual([]);
    expect(isResponseStreamError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ code: 'server_error', message: expect.stringContaining('boom'), param: 'input', sequenceNumber: 77 });
    expect((result.error as { snapshot: { response: { id: string } } }).snapshot.response.id).toBe(firstId);
  });

  it('names an error event that says nothing "Stream error", with the generic code and a null param', async () => {
    const errorEvent = { type: 'error' } as unknown as ResponseStreamEvent;
    const result = await collectNotifications(fromEvents([...all.slice(0, firstEnd), errorEvent]).pipe(finalResponse()));
    expect(isResponseStreamError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ code: 'stream_error', param: null, message: expect.stringContaining('Stream error') });
    expect((result.error as { sequenceNumber?: number }).sequenceNumber).toBeUndefined();
  });

  it('says that an empty stream ended without any event', async () => {
    const result = await collectNotifications(fromEvents([]).pipe(finalResponse()));
    expect((result.error as Error).message).toMatch(/without any event/);
  });
});

describe('finalResponse() settling each response once', () => {
  const single = recordings.find((r) => r.invalidLines.length === 0 && events(r).filter((e) => e.type === 'response.created').length === 1 && isTerminalType(events(r).at(-1)!.type) && events(r).at(-1)!.type === 'response.completed')!;

  it('emits a response once when its terminal event arrives twice, then completes', async () => {
    const all = events(single);
    const terminal = all.at(-1)! as unknown as { response: { id: string; status: string } };
    const result = await collectNotifications(fromEvents([...all, all.at(-1)!]).pipe(finalResponse()));
    expect(result.completed).toBe(true);
    expect(result.values.map((r) => [r.id, r.status])).toEqual([[terminal.response.id, terminal.response.status]]);
  });

  it('emits the response when its terminal event arrives, before the source completes', () => {
    const all = events(single);
    const probe = sourceProbe(all.slice(0, -1));
    const seen: string[] = [];
    let completed = false;
    probe.source.pipe(finalResponse()).subscribe({ next: (r) => seen.push(r.id), complete: () => (completed = true) });
    expect(seen).toEqual([]);
    probe.emit(all.at(-1)!);
    expect(seen).toEqual([(all.at(-1) as unknown as { response: { id: string } }).response.id]);
    expect(completed).toBe(false);
  });
});

describe('finalResponse() at the end of the stream', () => {
  it('emits a response that ended with response.incomplete, with its status and details, then completes', async () => {
    const rec = recordings.find((r) => r.invalidLines.length === 0 && events(r).at(-1)?.type === 'response.incomplete');
    expect(rec, 'a recording that ends with response.incomplete').toBeDefined();
    const terminal = events(rec!).at(-1) as unknown as { response: { id: string; status: string; incomplete_details: unknown } };
    const result = await collectNotifications(fromEvents(events(rec!)).pipe(finalResponse()));
    expect(result.completed).toBe(true);
    expect(result.values).toHaveLength(1);
    expect(result.values[0]!.id).toBe(terminal.response.id);
    expect(result.values[0]!.status).toBe('incomplete');
    expect(result.values[0]!.incomplete_details).toEqual(terminal.response.incomplete_details);
  });

  it('keeps the snapshot of a stream that had only keepalive events, instead of saying it had none', async () => {
    const result = await collectNotifications(fromEvents([{ type: 'keepalive', sequence_number: 0 } as unknown as ResponseStreamEvent]).pipe(finalResponse()));
    expect(isStreamTruncatedError(result.error)).toBe(true);
    expect((result.error as Error).message).not.toMatch(/without any event/);
    expect((result.error as { snapshot?: { eventCount: number } }).snapshot?.eventCount).toBe(1);
  });
});
