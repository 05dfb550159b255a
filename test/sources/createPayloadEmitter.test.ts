// The payload emitter every text source shares: it parses each payload, counts payloads for
// `eventNumber`, applies `invalidInput` and `maxEventBytes`, and offers payloads to a sink.
import fc from 'fast-check';
import { Observable, take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { isClientOptionsError } from '../../src/errors/ClientOptionsError.js';
import { isStreamParseError } from '../../src/errors/StreamParseError.js';
import type { ResponseStreamEvent } from '../../src/events/ResponseStreamEvent.js';
import { type PayloadEmitter, createPayloadEmitter, utf8Length } from '../../src/sources/createPayloadEmitter.js';
import type { PayloadSink } from '../../src/sources/PayloadSink.js';
import type { SourceOptions } from '../../src/sources/SourceOptions.js';
import { collectNotifications } from '../support/collectNotifications.js';

// A fixed seed: fast-check prints it (with the failing path) when a property fails.
const RUNS = { seed: 20261202, numRuns: 300 };

/** The events and the end of a source that hands `feed` its emitter, then completes. */
function run(options: SourceOptions | undefined, feed: (emit: PayloadEmitter) => void, sink?: PayloadSink) {
  return collectNotifications(
    new Observable<ResponseStreamEvent>((subscriber) => {
      feed(createPayloadEmitter(subscriber, options, sink));
      subscriber.complete();
    }),
  );
}

describe('createPayloadEmitter', () => {
  it('numbers payloads from 1, skipped ones included, and gives the line only when there is one', async () => {
    const result = await run({ invalidInput: 'skip' }, (emit) => {
      emit('{"type":"a"}', 1);
      emit('nope', 3);
      emit('{"kind":"b"}', undefined);
    });
    expect(result.completed).toBe(true);
    expect(result.values).toEqual([
      { type: 'a' },
      { type: 'rx.skipped_input', reason: 'invalid_json', raw: 'nope', eventNumber: 2, line: 3 },
      { type: 'rx.skipped_input', reason: 'missing_type', raw: '{"kind":"b"}', eventNumber: 3 },
    ]);
    expect(result.values[2]).not.toHaveProperty('line');
  });

  it('errors at the first invalid payload by default, and emits nothing after it', async () => {
    for (const options of [undefined, {}, { invalidInput: 'error' as const }]) {
      const result = await run(options, (emit) => {
        emit('{"type":"a"}', undefined);
        emit('{"type":', undefined);
        emit('{"type":"c"}', undefined);
      });
      expect(result.values).toEqual([{ type: 'a' }]);
      expect(result.error).toMatchObject({ name: 'StreamParseError', reason: 'invalid_json', eventNumber: 2 });
    }
  });

  it('counts a payload the sink absorbs but neither parses nor emits it', async () => {
    const offered: string[] = [];
    const sink: PayloadSink = {
      absorbPayload(data) {
        offered.push(data);
        return data.includes('"absorb"');
      },
    };
    const result = await run(
      undefined,
      (emit) => {
        emit('{"type":"absorb","broken":', 1);
        emit('{"type":"a"}', 2);
        emit('{"type":', 3);
      },
      sink,
    );
    expect(offered).toEqual(['{"type":"absorb","broken":', '{"type":"a"}', '{"type":']);
    expect(result.values).toEqual([{ type: 'a' }]);
    expect(result.error).toMatchObject({ reason: 'invalid_json', eventNumber: 3, line: 3 });
  });

  it('drops payloads once the subscriber is closed, without offering them to the sink', async () => {
    const seen: string[] = [];
    const offered: string[] = [];
    const sink: PayloadSink = { absorbPayload: (data) => (offered.push(data), false) };
    let afterClose: PayloadEmitter | undefined;
    new Observable<ResponseStreamEvent>((subscriber) => {
      afterClose = createPayloadEmitter(subscriber, undefined, sink);
      afterClose('{"type":"a"}', undefined);
      afterClose('{"type":"b"}', undefined);
    })
      .pipe(take(1))
      .subscribe((event) => seen.push(event.type));
    afterClose?.('{"type":"c"}', undefined);
    afterClose?.tooLarge('{"type":"d"', undefined);
    expect(seen).toEqual(['a']);
    expect(offered).toEqual(['{"type":"a"}']);
  });

  it('refuses a payload one byte over maxEventBytes, measured in UTF-8, with the next event number', async () => {
    // '€' is 3 bytes in UTF-8; `{"type":""}` is 11 bytes.
    for (const [text, fits] of [
      [`${'€'.repeat(6)}a`, true],
      [`${'€'.repeat(6)}aa`, false],
      ['a'.repeat(19), true],
      ['a'.repeat(20), false],
    ] as const) {
      const payload = `{"type":"${text}"}`;
      expect(new TextEncoder().encode(payload).length).toBe(fits ? 30 : 31);
      const result = await run({ maxEventBytes: 30 }, (emit) => {
        emit('{"type":"a"}', 4);
        emit(payload, 5);
      });
      if (fits) {
        expect(result.values).toEqual([{ type: 'a' }, { type: text }]);
      } else {
        expect(result.values).toEqual([{ type: 'a' }]);
        expect(result.error).toMatchObject({ code: 'event_too_large', reason: 'event_too_large', eventNumber: 2, line: 5 });
        expect((result.error as Error).message).toContain('(30 bytes)');
      }
    }
  });

  it('refuses an oversized payload whatever invalidInput says', async () => {
    const result = await run({ maxEventBytes: 10, invalidInput: 'skip' }, (emit) => emit('{"type":"abcdef"}', undefined));
    expect(result.values).toEqual([]);
    expect(result.error).toMatchObject({ code: 'event_too_large', eventNumber: 1, line: undefined });
  });

  it('ends the stream with tooLarge, with the start of the event and the line when given', async () => {
    const start = `{"type":"${'x'.repeat(400)}`;
    const withLine = await run({ maxEventBytes: 100 }, (emit) => {
      emit('{"type":"a"}', 1);
      emit.tooLarge(start, 2);
      emit('{"type":"b"}', 3);
    });
    expect(withLine.values).toEqual([{ type: 'a' }]);
    expect(isStreamParseError(withLine.error)).toBe(true);
    expect(withLine.error).toMatchObject({ reason: 'event_too_large', eventNumber: 2, line: 2, raw: `${start.slice(0, 200)}…` });
    expect((withLine.error as Error).message).toContain('(100 bytes)');
    const withoutLine = await run({ maxEventBytes: 100 }, (emit) => emit.tooLarge('{"ty', undefined));
    expect(withoutLine.error).toMatchObject({ eventNumber: 1, raw: '{"ty', line: undefined });
  });

  it('tells decoders the limit: 64 MiB by default, Infinity when turned off', async () => {
    const limits: number[] = [];
    await run(undefined, (emit) => limits.push(emit.maxEventBytes));
    await run({}, (emit) => limits.push(emit.maxEventBytes));
    await run({ maxEventBytes: Infinity }, (emit) => limits.push(emit.maxEventBytes));
    await run({ maxEventBytes: 5 }, (emit) => limits.push(emit.maxEventBytes));
    expect(limits).toEqual([64 * 1024 * 1024, 64 * 1024 * 1024, Infinity, 5]);
  });

  it('passes a payload of any size with maxEventBytes: Infinity', async () => {
    const delta = 'é'.repeat(100_000);
    const result = await run({ maxEventBytes: Infinity }, (emit) => emit(JSON.stringify({ type: 'a', delta }), undefined));
    expect(result.values).toEqual([{ type: 'a', delta }]);
  });

  it.each([0, -1, -Infinity, Number.NaN, '64' as unknown as number, null as unknown as number])('refuses maxEventBytes %s', (value) => {
    const create = () => createPayloadEmitter(undefined as never, { maxEventBytes: value });
    expect(create).toThrow(expect.objectContaining({ name: 'ClientOptionsError', option: 'maxEventBytes' }));
    let error: unknown;
    try {
      create();
    } catch (e) {
      error = e;
    }
    expect(isClientOptionsError(error)).toBe(true);
    expect((error as Error).message).toContain(String(value));
  });

  it('accepts any maxEventBytes above zero, fractions included', async () => {
    const result = await run({ maxEventBytes: 12.5 }, (emit) => {
      emit('{"type":"a"}', undefined);
      emit('{"type":"ab"}', undefined);
    });
    expect(result.values).toEqual([{ type: 'a' }]);
    expect(result.error).toMatchObject({ code: 'event_too_large', eventNumber: 2 });
  });
});

describe('utf8Length', () => {
  it('is the length TextEncoder writes, for any text, lone surrogates included', () => {
    const unit = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.constantFrom('\ud83d', '\ude00', '😀', 'é', '€', '\u07ff', '\u0800', '\u007f', '\u0080', '\uffff', '\ud7ff', '\ue000', '\udbff\udfff', '\ud800\udc00', '\ud800', '\udbff', '\udc00', '\udfff'),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
      }),
      RUNS,
    );
  });

  it.each([
    ['', 0],
    ['a', 1],
    ['\u007f', 1],
    ['\u0080', 2],
    ['\u07ff', 2],
    ['\u0800', 3],
    ['€', 3],
    ['\uffff', 3],
    ['😀', 4],
    ['\ud83d', 3],
    ['\ude00', 3],
    ['\ude00\ud83d', 6],
    ['\ud83d\ud83d\ude00', 7],
    ['\ud800\udc00', 4],
    ['\udbff\udfff', 4],
    ['\ud7ff\udc00', 6],
    ['\udc00\udc00', 6],
    ['a\ud83d', 4],
  ] as const)('%j is %i bytes', (text, bytes) => {
    // Byte counts from the UTF-8 table (RFC 3629); a lone surrogate becomes U+FFFD (3 bytes).
    expect(utf8Length(text)).toBe(bytes);
  });
});
