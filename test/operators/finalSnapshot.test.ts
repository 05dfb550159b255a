import { Subject, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  type ResponseSnapshot,
  type ResponseStreamEvent,
  finalResponse,
  finalSnapshot,
  fromEvents,
  fromJSONL,
  isResponseStreamError,
  scanResponse,
} from '../../src/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { isTerminalType } from '../support/fixtures.js';
import { listRecordings } from '../support/listRecordings.js';
import { plain } from '../support/plain.js';

// finalSnapshot() is finalResponse() with the whole snapshot: the same responses at the same
// points, the same errors, and the diagnostics finalResponse() has no room for.
const recordings = listRecordings();
const optionsFor = (rec: { invalidLines: unknown[] }) => (rec.invalidLines.length > 0 ? { invalidInput: 'skip' as const } : undefined);

describe('finalSnapshot() on every recording', () => {
  for (const rec of recordings) {
    it(`${rec.name}: the snapshot scanResponse() gives at each terminal event, and finalResponse()'s responses and errors`, async () => {
      const options = optionsFor(rec);
      const snapshots = await collectNotifications(fromJSONL(rec.text, options).pipe(finalSnapshot()));
      const responses = await collectNotifications(fromJSONL(rec.text, options).pipe(finalResponse()));
      // Same values (as responses) and the same ending.
      expect(snapshots.values.map((s) => plain({ ...s.response, output_text: s.outputText }))).toEqual(responses.values.map(plain));
      expect(snapshots.completed).toBe(responses.completed);
      expect(snapshots.errored).toBe(responses.errored);
      if (responses.errored) {
        expect((snapshots.error as Error).name).toBe((responses.error as Error).name);
        expect((snapshots.error as Error).message).toBe((responses.error as Error).message);
      }
      // Each emitted snapshot is the one the full reducer holds right after that terminal event.
      // scanResponse() errors only when its source does (a failed response is a phase, not an
      // error), and every recording read this way has a source that completes: no catch here.
      const all = await lastValueFrom(fromJSONL(rec.text, options).pipe(scanResponse(), toArray()));
      const atTerminal = all.filter((s, i) => (s.phase === 'completed' || s.phase === 'incomplete') && all[i - 1]?.phase === 'streaming');
      expect(snapshots.values.map(plain)).toEqual(atTerminal.slice(0, snapshots.values.length).map(plain));
    });
  }
});

describe('finalSnapshot()', () => {
  it('carries the diagnostics of a repaired response, which finalResponse() cannot show', async () => {
    // A gateway's response.completed with an empty output: the streamed items are kept.
    const rec = recordings.find((r) => r.invalidLines.length === 0 && (r.validEvents as ResponseStreamEvent[]).some((e) => e.type === 'response.output_text.delta') && (r.validEvents as ResponseStreamEvent[]).filter((e) => e.type === 'response.created').length === 1)!;
    const events = (rec.validEvents as ResponseStreamEvent[]).map((e) => {
      const response = (e as { response?: object }).response;
      return isTerminalType(e.type) && response !== undefined ? ({ ...e, response: { ...response, output: [] } } as ResponseStreamEvent) : e;
    });
    const [snapshot] = await lastValueFrom(fromEvents(events).pipe(finalSnapshot(), toArray()));
    const [response] = await lastValueFrom(fromEvents(events).pipe(finalResponse(), toArray()));
    expect(snapshot!.response.output.length).toBeGreaterThan(0);
    expect(snapshot!.diagnostics.map((d) => d.code)).toContain('terminal_output_missing');
    expect(response!.output).toEqual(snapshot!.response.output);
    expect(response!.output_text).toBe(snapshot!.outputText);
  });
});

describe('finalSnapshot() at an error event', () => {
  it('errors at once, with the snapshot so far, although the source never completes, and unsubscribes from it', () => {
    const rec = recordings.find((r) => r.invalidLines.length === 0 && r.validEvents.some((e) => (e as ResponseStreamEvent).type === 'response.output_text.delta'))!;
    const all = rec.validEvents as ResponseStreamEvent[];
    const partial = all.slice(0, all.findIndex((e) => e.type === 'response.output_text.delta') + 2);
    const streamed = partial.filter((e) => e.type === 'response.output_text.delta').map((e) => (e as { delta: string }).delta).join('');
    const source = new Subject<ResponseStreamEvent>();
    let failure: unknown;
    source.pipe(finalSnapshot()).subscribe({ error: (e: unknown) => (failure = e) });
    partial.forEach((e) => source.next(e));
    expect(failure).toBeUndefined();
    source.next({ type: 'error', error: { type: 'invalid_request_error', code: 'bad', message: 'no', param: 'input' } } as ResponseStreamEvent);
    expect(isResponseStreamError(failure)).toBe(true);
    expect(failure).toMatchObject({ type: 'invalid_request_error', code: 'bad', param: 'input', serverMessage: 'no' });
    expect((failure as { snapshot: ResponseSnapshot }).snapshot.outputText).toBe(streamed);
    expect(source.observed).toBe(false);
  });
});
