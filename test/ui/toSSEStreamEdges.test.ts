// toSSEStream() at its edges: event types a frame cannot carry, errors without a sequence number
// or a server message, and a source that fails to encode before subscribe() has returned.
import { concat, concatMap, config, interval, map, Observable, of, throwError, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ResponseStreamError, type ResponseStreamEvent, toSSEStream } from '../../src/index.js';
import { recording } from '../support/fixtures.js';
import { readTextChunks } from '../support/readTextChunks.js';

const payloadOf = (chunk: string): Record<string, unknown> => JSON.parse(chunk.slice(chunk.indexOf('data: ') + 6)) as Record<string, unknown>;
const event = (fields: Record<string, unknown>): ResponseStreamEvent => fields as unknown as ResponseStreamEvent;
const unencodable = (): ResponseStreamEvent => event({ type: 'x.custom', size: 10n });

describe('toSSEStream() edges', () => {
  it('leaves out the event line for a type holding a line break, which would split the frame', async () => {
    const lf = event({ type: 'x.a\nb', n: 1 });
    const cr = event({ type: 'x.c\rd', n: 2 });
    const chunks = await readTextChunks(toSSEStream(of(lf, cr)));
    expect(chunks).toEqual([`data: ${JSON.stringify(lf)}\n\n`, `data: ${JSON.stringify(cr)}\n\n`]);
  });

  it('gives the error event no sequence number when no event had a numeric one', async () => {
    const upstream = concat(of(event({ type: 'x.custom', sequence_number: '4' })), throwError(() => new ResponseStreamError({ code: 'c', message: 'm', param: null })));
    const chunks = await readTextChunks(toSSEStream(upstream));
    expect(payloadOf(chunks[1]!)).toEqual({ type: 'error', error: { code: 'c', message: 'm', param: null } });
  });

  it('numbers the error event after the last numbered event', async () => {
    const events = recording('azure-text-1.jsonl').events.slice(0, 3);
    const upstream = concat(of(...events, event({ type: 'x.custom' })), throwError(() => new ResponseStreamError({ code: 'c', message: 'm', param: 'p' })));
    const chunks = await readTextChunks(toSSEStream(upstream));
    const last = (events.at(-1) as { sequence_number: number }).sequence_number;
    expect(payloadOf(chunks.at(-1)!)).toEqual({ type: 'error', sequence_number: last + 1, error: { code: 'c', message: 'm', param: 'p' } });
  });

  it("uses the error's full message when it has no server message", async () => {
    const error = new ResponseStreamError({ code: 'c', message: '', param: null });
    const chunks = await readTextChunks(toSSEStream(throwError(() => error)));
    expect(payloadOf(chunks[0]!)).toEqual({ type: 'error', error: { code: 'c', message: error.message, param: null } });
  });

  it('ends the body once when a synchronous source fails to encode and then completes', async () => {
    const ok = event({ type: 'x.custom', n: 1 });
    const chunks = await readTextChunks(toSSEStream(of(ok, unencodable(), ok)));
    expect(chunks).toHaveLength(2);
    expect(payloadOf(chunks[1]!)).toMatchObject({ type: 'error', error: { code: 'stream_truncated' } });
  });

  it('unsubscribes a source that failed to encode before subscribe() returned, so it stops', async () => {
    let tornDown = 0;
    let ticks = 0;
    const source = new Observable<ResponseStreamEvent>((subscriber) => {
      subscriber.next(unencodable());
      const rest = interval(1)
        .pipe(map((n) => event({ type: 'x.tick', n })))
        .subscribe((e) => {
          ticks++;
          subscriber.next(e);
        });
      return () => {
        tornDown++;
        rest.unsubscribe();
      };
    });
    const chunks = await readTextChunks(toSSEStream(source));
    expect(chunks).toHaveLength(1);
    expect(tornDown).toBe(1);
    const seen = ticks;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ticks).toBe(seen);
  });

  it('subscribes once and relays every event of a source that emits while the body is read', async () => {
    const events = recording('azure-text-1.jsonl').events.slice(0, 6);
    let subscribed = 0;
    const source = new Observable<ResponseStreamEvent>((subscriber) => {
      subscribed++;
      return of(...events)
        .pipe(concatMap((e) => timer(2).pipe(map(() => e))))
        .subscribe(subscriber);
    });
    const chunks = await readTextChunks(toSSEStream(source));
    expect(chunks).toEqual(events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`));
    expect(subscribed).toBe(1);
  });

  it('sends nothing more when a synchronous source errors after an event failed to encode', async () => {
    // A write to the closed body would throw inside RxJS's error callback, which reports it here.
    const thrown: unknown[] = [];
    const previous = config.onUnhandledError;
    config.onUnhandledError = (err) => thrown.push(err);
    let chunks: string[];
    try {
      chunks = await readTextChunks(toSSEStream(concat(of(unencodable()), throwError(() => new ResponseStreamError({ code: 'late', message: 'm', param: null })))));
      await new Promise((resolve) => setTimeout(resolve, 5));
    } finally {
      config.onUnhandledError = previous;
    }
    expect(thrown).toEqual([]);
    expect(chunks).toHaveLength(1);
    expect(payloadOf(chunks[0]!)).toMatchObject({ error: { code: 'stream_truncated' } });
  });
});
