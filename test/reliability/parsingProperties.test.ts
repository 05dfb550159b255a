// Property tests of the SSE source and what `finalResponse()` makes of its output: arbitrary
// chunking, every legal framing variant, and random corruption. Each property runs 1,000 times
// over a small pool of short streams (recordings plus a generated one full of non-ASCII text).
import fc from 'fast-check';
import { type Observable, lastValueFrom, share } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type FinalResponse,
  type ResponseSnapshot,
  type ResponseStreamEvent,
  finalResponse,
  fromEvents,
  fromSSE,
  isRxResponsesError,
  isStreamParseError,
  isStreamTruncatedError,
  scanResponse,
} from '../../src/index.js';
import { chunkedStream } from '../support/chunkedStream.js';
import { type Notifications, collectNotifications } from '../support/collectNotifications.js';
import { listRecordings } from '../support/listRecordings.js';
import { canonicalJSON } from './canonicalJSON.js';
import { failOnEscapedErrors, settleWithin } from './escapedErrors.js';
import { type WireEvent, unicodeResponseEvents } from './responseEvents.js';
import { sseBody } from './sseBody.js';
import { type SSELayout, frameAt, layoutSSE } from './sseLayout.js';

// A fixed seed: a failure names the seed and the shrunk case, and reproduces on every machine.
const RUNS = { numRuns: 1000, seed: 20261202 };
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const LF = 0x0a;
const CR = 0x0d;

interface Stream {
  readonly name: string;
  readonly events: readonly WireEvent[];
}

const recordings = listRecordings();
function recorded(name: string): Stream {
  const found = recordings.find((r) => r.name === name);
  if (found === undefined || found.invalidLines.length > 0) throw new Error(`${name}: missing, or has invalid lines`);
  return { name, events: found.validEvents as WireEvent[] };
}

const UNICODE: Stream = { name: 'generated unicode', events: unicodeResponseEvents() };

/** Short streams for chunking and framing: real recordings (one with curly quotes), a failed and an incomplete one. */
const FRAMING_POOL: readonly Stream[] = [
  UNICODE,
  recorded('azure-text-1.jsonl'),
  recorded('openai-custom-tool-1.jsonl'),
  recorded('openai-incomplete-seed.jsonl'),
  recorded('openai-error-1.jsonl'),
  recorded('copilot-id-rotation-1.jsonl'),
];

/** Short completed streams whose clean run has no diagnostic, so any diagnostic is news. */
const CORRUPTION_POOL: readonly Stream[] = [
  UNICODE,
  recorded('azure-text-1.jsonl'),
  recorded('azure-tool-call-1.jsonl'),
  recorded('openai-background-mode-streaming-starting-after-vcr-2.jsonl'),
  recorded('openai-pdf-input-file-open-responses-1.jsonl'),
  recorded('openai-shell-local-multiturn-1.jsonl'),
];

type InputKind = 'ReadableStream' | 'async iterable of bytes' | 'async iterable of strings';
const INPUT_KINDS: readonly InputKind[] = ['ReadableStream', 'async iterable of bytes', 'async iterable of strings'];

/** The chunks as the given kind of input; an iterable is re-iterable, as `fromSSE` allows. */
function inputOf(kind: InputKind, chunks: readonly (Uint8Array | string)[]): ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> {
  if (kind === 'ReadableStream') {
    let next = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (next < chunks.length) controller.enqueue(chunks[next++] as Uint8Array);
        else controller.close();
      },
    });
  }
  return {
    async *[Symbol.asyncIterator]() {
      yield* chunks;
    },
  };
}

/** Cuts `whole` at the given sorted offsets; a repeated offset gives an empty chunk. */
function cutAt<T extends Uint8Array | string>(whole: T, cuts: readonly number[]): T[] {
  const chunks: T[] = [];
  let from = 0;
  for (const cut of cuts) {
    chunks.push(whole.slice(from, cut) as T);
    from = cut;
  }
  chunks.push(whole.slice(from) as T);
  return chunks;
}

function everyUnit<T extends Uint8Array | string>(whole: T): T[] {
  return Array.from({ length: whole.length }, (_, i) => whole.slice(i, i + 1) as T);
}

function fixedSize<T extends Uint8Array | string>(whole: T, size: number): T[] {
  const chunks: T[] = [];
  for (let i = 0; i < whole.length; i += size) chunks.push(whole.slice(i, i + size) as T);
  return chunks;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function eventsOf(source: Observable<ResponseStreamEvent>): Promise<Notifications<ResponseStreamEvent>> {
  return settleWithin(collectNotifications(source), 5_000, 'fromSSE');
}

failOnEscapedErrors();

// ---------------------------------------------------------------------------------------------

describe('any chunking of an SSE body gives the same events as one chunk', () => {
  const EOLS = { LF: '\n', CRLF: '\r\n', CR: '\r' } as const;
  type EolName = keyof typeof EOLS;

  interface SplitCase {
    readonly stream: Stream;
    readonly text: string;
    readonly bytes: Uint8Array;
    /** Byte offsets inside a multi-byte character or between a CR and its LF. */
    readonly byteCuts: readonly number[];
    /** Code-unit offsets inside a surrogate pair or between a CR and its LF. */
    readonly charCuts: readonly number[];
  }

  const cases = new Map<string, SplitCase>();
  for (const stream of FRAMING_POOL) {
    for (const eol of Object.keys(EOLS) as EolName[]) {
      const text = sseBody(stream.events, EOLS[eol]);
      const bytes = encoder.encode(text);
      const byteCuts: number[] = [];
      for (let i = 1; i < bytes.length; i++) {
        if (((bytes[i] as number) & 0xc0) === 0x80 || (bytes[i - 1] === CR && bytes[i] === LF)) byteCuts.push(i);
      }
      const charCuts: number[] = [];
      for (let i = 1; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if ((code >= 0xdc00 && code <= 0xdfff) || (text[i - 1] === '\r' && text[i] === '\n')) charCuts.push(i);
      }
      cases.set(`${stream.name} ${eol}`, { stream, text, bytes, byteCuts, charCuts });
    }
  }

  it('the pool has what the property needs: splits inside characters and between CR and LF, for bytes and strings', () => {
    const all = [...cases.values()];
    expect(all.filter((c) => c.byteCuts.some((i) => ((c.bytes[i] as number) & 0xc0) === 0x80)).length).toBeGreaterThanOrEqual(6);
    expect(all.filter((c) => c.charCuts.some((i) => c.text.charCodeAt(i) >= 0xdc00 && c.text.charCodeAt(i) <= 0xdfff)).length).toBeGreaterThanOrEqual(3);
    expect(all.filter((c) => c.byteCuts.some((i) => c.bytes[i - 1] === CR)).length).toBe(FRAMING_POOL.length);
  });

  it('one chunk gives exactly the stream\'s events, for every stream and line ending (the reference)', async () => {
    for (const [name, c] of cases) {
      for (const kind of INPUT_KINDS) {
        const whole = kind === 'async iterable of strings' ? c.text : c.bytes;
        const result = await eventsOf(fromSSE(inputOf(kind, [whole])));
        expect(result.completed, `${name} ${kind}`).toBe(true);
        expect(result.values, `${name} ${kind}`).toEqual(c.stream.events);
      }
    }
  });

  type Plan = { cut: 'every unit' } | { cut: 'fixed size'; size: number } | { cut: 'at offsets'; offsets: number[] };

  const splitArbitrary = fc
    .record({ name: fc.constantFrom(...cases.keys()), input: fc.constantFrom(...INPUT_KINDS) })
    .chain(({ name, input }) => {
      const c = cases.get(name) as SplitCase;
      const units = input === 'async iterable of strings' ? c.text.length : c.bytes.length;
      const special = input === 'async iterable of strings' ? c.charCuts : c.byteCuts;
      const anywhere = fc.integer({ min: 0, max: units });
      const offset = special.length === 0 ? anywhere : fc.oneof(anywhere, fc.integer({ min: 0, max: special.length - 1 }).map((i) => special[i] as number));
      const plan: fc.Arbitrary<Plan> = fc.oneof(
        { weight: 1, arbitrary: fc.constant<Plan>({ cut: 'every unit' }) },
        { weight: 2, arbitrary: fc.integer({ min: 1, max: 64 }).map<Plan>((size) => ({ cut: 'fixed size', size })) },
        { weight: 4, arbitrary: fc.array(offset, { minLength: 1, maxLength: 48 }).map<Plan>((offsets) => ({ cut: 'at offsets', offsets: offsets.sort((a, b) => a - b) })) },
      );
      return plan.map((p) => ({ name, input, plan: p }));
    });

  it('holds for 1,000 random splits (single bytes, inside UTF-8 characters and surrogate pairs, between CR and LF)', async () => {
    await fc.assert(
      fc.asyncProperty(splitArbitrary, async ({ name, input, plan }) => {
        const c = cases.get(name) as SplitCase;
        const whole = input === 'async iterable of strings' ? c.text : c.bytes;
        const chunks =
          plan.cut === 'every unit' ? everyUnit(whole) : plan.cut === 'fixed size' ? fixedSize(whole, plan.size) : cutAt(whole, plan.offsets);
        const result = await eventsOf(fromSSE(inputOf(input, chunks)));
        expect(result.errored).toBe(false);
        expect(result.completed).toBe(true);
        expect(result.values).toEqual(c.stream.events);
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('every legal SSE framing parses to the same events', () => {
  /** Lines a frame may carry besides its data, none of which may change the event. */
  const EXTRA_LINES = [': ping', ':', ': keep-alive ✓', 'id: 42', 'id:', 'retry: 3000', 'retry: soon', 'x-vendor: 1', 'datum: {}', 'data:'] as const;

  const frameStyle = fc.record({
    eventLine: fc.constantFrom('none', 'event: <type>', 'event:<type>', 'event: message'),
    extras: fc.array(fc.record({ line: fc.constantFrom(...EXTRA_LINES), at: fc.nat() }), { maxLength: 3 }),
    dataPrefix: fc.constantFrom('data: ', 'data:'),
    indent: fc.constantFrom<number | string>(0, 0, 1, 2, '\t'),
    breakSeed: fc.nat(),
    keepAliveBefore: fc.boolean(),
    blankLines: fc.integer({ min: 1, max: 3 }),
  });
  type FrameStyle = typeof frameStyle extends fc.Arbitrary<infer S> ? S : never;

  const bodyStyle = fc.record({
    eol: fc.constantFrom('LF', 'CRLF', 'CR', 'mixed'),
    eolSeed: fc.nat(),
    bom: fc.boolean(),
    leadingBlankLines: fc.integer({ min: 0, max: 2 }),
    ending: fc.constantFrom('blank line', 'no blank line', 'no line break'),
    input: fc.constantFrom(...INPUT_KINDS),
    chunk: fc.oneof(fc.integer({ min: 1, max: 97 }), fc.constant(Number.POSITIVE_INFINITY)),
  });
  type BodyStyle = typeof bodyStyle extends fc.Arbitrary<infer S> ? S : never;

  /** A small deterministic PRNG, so one generated seed drives many coin flips reproducibly. */
  function coins(seed: number): () => boolean {
    let state = seed | 0 || 1;
    return () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state & 1) === 1;
    };
  }

  /**
   * The payload as `data:` lines: pretty-printed (at `indent`), its lines grouped at random.
   * The lines come back joined by LF, which is JSON whitespace, so the payload stays the same
   * value; every line but the first starts with whitespace or a bracket, never inside a string.
   */
  function dataLines(event: WireEvent, style: FrameStyle): string[] {
    const pretty = JSON.stringify(event, null, style.indent).split('\n');
    const flip = coins(style.breakSeed);
    const grouped: string[] = [pretty[0] as string];
    for (const piece of pretty.slice(1)) {
      if (flip()) grouped.push(piece);
      else grouped[grouped.length - 1] += piece;
    }
    return grouped.map((line) => `${style.dataPrefix}${line}`);
  }

  function render(events: readonly WireEvent[], frames: readonly FrameStyle[], body: BodyStyle): string {
    const lines: string[] = Array.from({ length: body.leadingBlankLines }, () => '');
    events.forEach((event, i) => {
      const style = frames[i] as FrameStyle;
      if (style.keepAliveBefore) lines.push(': ping', '');
      const frame = dataLines(event, style);
      if (style.eventLine !== 'none') frame.unshift(style.eventLine === 'event: message' ? 'event: message' : style.eventLine.replace('<type>', event.type));
      for (const extra of style.extras) frame.splice(extra.at % (frame.length + 1), 0, extra.line);
      lines.push(...frame, ...Array.from({ length: style.blankLines }, () => ''));
    });
    if (body.ending !== 'blank line') while (lines[lines.length - 1] === '') lines.pop();
    const flip = coins(body.eolSeed);
    const eols = lines.map(() => {
      if (body.eol !== 'mixed') return { LF: '\n', CRLF: '\r\n', CR: '\r' }[body.eol] as string;
      return flip() ? (flip() ? '\r' : '\r\n') : '\n';
    });
    // A CR followed by an LF-terminated empty line would read as one CRLF, swallowing that blank line.
    for (let i = 0; i + 1 < lines.length; i++) if (eols[i] === '\r' && lines[i + 1] === '' && eols[i + 1] === '\n') eols[i + 1] = '\r\n';
    if (body.ending === 'no line break') eols[eols.length - 1] = '';
    return lines.map((line, i) => line + (eols[i] as string)).join('');
  }

  const framingArbitrary = fc.integer({ min: 0, max: FRAMING_POOL.length - 1 }).chain((index) => {
    const stream = FRAMING_POOL[index] as Stream;
    const n = stream.events.length;
    return fc.record({ stream: fc.constant(stream.name), frames: fc.array(frameStyle, { minLength: n, maxLength: n }), body: bodyStyle });
  });

  it('holds for 1,000 random framings (LF/CR/CRLF/mixed, BOM, comments, keep-alives, id/retry, no event:, multi-line data)', async () => {
    await fc.assert(
      fc.asyncProperty(framingArbitrary, async ({ stream: name, frames, body }) => {
        const stream = FRAMING_POOL.find((s) => s.name === name) as Stream;
        const text = render(stream.events, frames, body);
        const strings = body.input === 'async iterable of strings';
        const whole: Uint8Array | string = strings ? (body.bom ? `\uFEFF${text}` : text) : concat([body.bom ? new Uint8Array([0xef, 0xbb, 0xbf]) : new Uint8Array(), encoder.encode(text)]);
        const chunks = Number.isFinite(body.chunk) ? fixedSize(whole, body.chunk) : [whole];
        const result = await eventsOf(fromSSE(inputOf(body.input, chunks)));
        expect(result.errored, String(result.error)).toBe(false);
        expect(result.values).toEqual(stream.events);
      }),
      RUNS,
    );
  });

  it('really produces the variants it claims (multi-line data, lone CRs, missing event lines)', () => {
    // Guards the generator: a framing property that only ever produced plain LF frames would pass vacuously.
    const samples = fc.sample(framingArbitrary, { numRuns: 300, seed: 7 });
    const texts = samples.map(({ stream: name, frames, body }) => render((FRAMING_POOL.find((s) => s.name === name) as Stream).events, frames, body));
    const count = (pattern: RegExp) => texts.filter((t) => pattern.test(t)).length;
    expect(count(/data:[^\r\n]*(\r\n|\r|\n)data:/), 'multi-line data').toBeGreaterThan(100);
    expect(count(/\r(?!\n)/), 'lone CR line breaks').toBeGreaterThan(100);
    expect(count(/(\r\n|\r|\n)(\r\n|\r|\n)data:/), 'frames without event: lines').toBeGreaterThan(100);
    expect(count(/(^|[\r\n])retry: /), 'retry fields').toBeGreaterThan(100);
    expect(count(/(^|[\r\n]): ping(\r\n|\r|\n)/), 'comments').toBeGreaterThan(100);
  });
});

// ---------------------------------------------------------------------------------------------

describe('corrupted SSE bodies: the clean events up to the damage, then a typed error or diagnostics; never a wrong text without a warning', () => {
  interface CorruptionCase {
    readonly stream: Stream;
    readonly layout: SSELayout;
    /** Where corruption is most interesting: every line start, last payload byte and line break. */
    readonly hotSpots: readonly number[];
    /** The first byte of every `"text":"` value: where a flip changes text yet leaves valid JSON. */
    readonly textSpots: readonly number[];
    readonly final: FinalResponse;
  }

  const corruptionCases: CorruptionCase[] = [];

  /** What this library says about the clean stream: the yardstick for every corrupted copy. */
  async function reference(stream: Stream): Promise<CorruptionCase> {
    const layout = layoutSSE(stream.events);
    const hotSpots = layout.lines.flatMap((line) => [line.start, line.end, Math.max(line.start, line.end - 1)]);
    const marker = encoder.encode('"text":"');
    const textSpots: number[] = [];
    for (let i = 0; i + marker.length < layout.bytes.length; i++) {
      if (marker.every((b, k) => layout.bytes[i + k] === b) && layout.bytes[i + marker.length] !== 0x22) textSpots.push(i + marker.length);
    }
    const final = await lastValueFrom(fromEvents(stream.events as ResponseStreamEvent[]).pipe(finalResponse()));
    return { stream, layout, hotSpots, textSpots, final };
  }

  beforeAll(async () => {
    for (const stream of CORRUPTION_POOL) corruptionCases.push(await reference(stream));
  });

  it('the pool streams are clean: they complete with text or a tool call and raise no diagnostic', async () => {
    for (const c of corruptionCases) {
      const stream = c.stream;
      const last = await lastValueFrom(fromSSE(chunkedStream(c.layout.bytes, 4096)).pipe(scanResponse()));
      expect(last.phase, stream.name).toBe('completed');
      expect(last.diagnostics, stream.name).toEqual([]);
      expect(c.final.output.length, stream.name).toBeGreaterThan(0);
    }
  });

  /** Diagnostics that say the text may not be what was streamed: the warning a wrong text must carry. */
  const TEXT_WARNINGS = new Set(['done_mismatch', 'terminal_output_differs', 'terminal_output_missing']);

  type Op =
    | { kind: 'flip'; at: number; mask: number; set: number | undefined }
    | { kind: 'cut line'; line: number; keep: number }
    | { kind: 'inject'; at: number; garbage: Uint8Array };

  const garbage = fc.oneof(
    fc.uint8Array({ maxLength: 40 }).map((bytes) => bytes.filter((b) => b !== LF && b !== CR)),
    // Pieces of SSE and JSON syntax (but no terminal event type: a forged yet valid terminal
    // event is not corruption that a parser could notice).
    fc.array(fc.constantFrom('data:', 'data: ', 'event: ', 'id: 7', 'retry: 1', ':', '{', '}', '[', ']', ',', '"type"', '"x"', '"delta"', '1', 'é', '🎉', '[DONE]', ' '), { maxLength: 8 }).map((pieces) => encoder.encode(pieces.join(''))),
    // A comment line: provably harmless.
    fc.string({ maxLength: 20 }).map((text) => encoder.encode(`:${text.replace(/[\r\n]/g, '')}`)),
  );

  function opArbitrary(c: CorruptionCase): fc.Arbitrary<Op> {
    const n = c.layout.bytes.length;
    const lineStarts = [...c.layout.lines.map((line) => line.start), n];
    const textLines = c.layout.lines.flatMap((line, i) => (line.kind === 'blank' ? [] : [i]));
    return fc.oneof(
      fc.record({
        kind: fc.constant('flip' as const),
        at: c.textSpots.length === 0 ? fc.oneof(fc.integer({ min: 0, max: n - 1 }), fc.constantFrom(...c.hotSpots)) : fc.oneof(fc.integer({ min: 0, max: n - 1 }), fc.constantFrom(...c.hotSpots), fc.constantFrom(...c.textSpots)),
        mask: fc.integer({ min: 1, max: 255 }),
        // Sometimes a byte that means something here: a line break, a quote, an escape, a brace, invalid UTF-8.
        set: fc.option(fc.constantFrom(LF, CR, 0x22, 0x5c, 0x7d, 0x3a, 0x00, 0xff), { freq: 4, nil: undefined }),
      }),
      fc.record({ kind: fc.constant('cut line' as const), line: fc.constantFrom(...textLines), keep: fc.nat() }),
      fc.record({ kind: fc.constant('inject' as const), at: fc.constantFrom(...lineStarts), garbage }),
    );
  }

  /** One edit in the clean body's coordinates: replace `[from, to)` with `insert`. */
  interface Edit {
    readonly from: number;
    readonly to: number;
    readonly insert: Uint8Array;
    /** Provably without effect on the events: inside a comment or `event:` line, creating no line break. */
    readonly harmless: boolean;
  }

  function toEdit(c: CorruptionCase, op: Op): Edit {
    const { bytes, lines } = c.layout;
    const lineAt = (offset: number) => lines.find((line) => line.start <= offset && offset <= line.end);
    const ignoredLine = (offset: number) => {
      const line = lineAt(offset);
      return line !== undefined && offset < line.end && (line.kind === 'comment' || line.kind === 'event');
    };
    switch (op.kind) {
      case 'flip': {
        const value = op.set ?? (bytes[op.at] as number) ^ op.mask;
        return { from: op.at, to: op.at + 1, insert: new Uint8Array([value]), harmless: ignoredLine(op.at) && value !== LF && value !== CR };
      }
      case 'cut line': {
        const line = lines[op.line] as (typeof lines)[number];
        const from = line.start + (op.keep % (line.end - line.start));
        return { from, to: line.end, insert: new Uint8Array(), harmless: from > line.start && ignoredLine(from) };
      }
      case 'inject':
        return { from: op.at, to: op.at, insert: concat([op.garbage, new Uint8Array([LF])]), harmless: op.garbage[0] === 0x3a };
    }
  }

  /** Applies edits back to front, so each one's offsets still refer to the clean body. */
  function applyEdits(bytes: Uint8Array, edits: readonly Edit[]): Uint8Array {
    // At equal offsets a replacement goes first: an insertion there belongs before the replaced byte.
    const ordered = [...edits].sort((a, b) => b.from - a.from || Number(a.to === a.from) - Number(b.to === b.from));
    let out = bytes;
    for (const edit of ordered) out = concat([out.subarray(0, edit.from), edit.insert, out.subarray(edit.to)]);
    return out;
  }

  interface Observed {
    events: Notifications<ResponseStreamEvent>;
    finals: Notifications<FinalResponse>;
    snapshots: Notifications<ResponseSnapshot>;
  }

  /** One read of the body, shared by the raw events, `finalResponse()` and `scanResponse()`. */
  async function observe(bytes: Uint8Array, chunk: number, invalidInput: 'error' | 'skip'): Promise<Observed> {
    const source = fromSSE(chunkedStream(bytes, chunk), { invalidInput }).pipe(share());
    const pending = Promise.all([collectNotifications(source), collectNotifications(source.pipe(finalResponse())), collectNotifications(source.pipe(scanResponse()))]);
    const [events, finals, snapshots] = await settleWithin(pending, 5_000, 'the corrupted stream');
    return { events, finals, snapshots };
  }

  const eventsOfFrames = (c: CorruptionCase, from: number, to: number): readonly WireEvent[] =>
    c.layout.frames.slice(from, to).flatMap((frame) => (frame.event === undefined ? [] : [c.stream.events[frame.event] as WireEvent]));

  /** A final response that differs from the clean one in its text must come with a text warning. */
  function expectNoSilentlyWrongText(c: CorruptionCase, seen: Observed): void {
    for (const final of seen.finals.values) {
      if (final.output_text === c.final.output_text) continue;
      const atTerminal = seen.snapshots.values.find((s) => s.phase === 'completed' || s.phase === 'incomplete');
      const warnings = (atTerminal?.diagnostics ?? []).filter((d) => TEXT_WARNINGS.has(d.code));
      expect(warnings, `final text ${JSON.stringify(final.output_text)} instead of ${JSON.stringify(c.final.output_text)} without a warning`).not.toEqual([]);
    }
  }

  function expectTypedErrorHoldingWhatArrived(seen: Observed, truncatedOrParse: 'either' | 'parse' | 'truncated'): void {
    const error = seen.finals.error;
    expect(isRxResponsesError(error), String(error)).toBe(true);
    const allowed = truncatedOrParse === 'either' ? isStreamParseError(error) || isStreamTruncatedError(error) : truncatedOrParse === 'parse' ? isStreamParseError(error) : isStreamTruncatedError(error);
    expect(allowed, `${(error as Error).name}: ${(error as Error).message}`).toBe(true);
    const snapshot = (error as { snapshot?: ResponseSnapshot }).snapshot;
    const delivered = seen.events.values.length;
    if (snapshot !== undefined && snapshot.responseIndex === 0) expect(snapshot.eventCount).toBe(delivered);
    if (snapshot === undefined) expect(delivered).toBe(0);
  }

  const corruptionArbitrary = fc.integer({ min: 0, max: CORRUPTION_POOL.length - 1 }).chain((index) =>
    fc.record({
      stream: fc.constant(index),
      ops: fc.array(
        fc.constant(index).chain((i) => opArbitrary(corruptionCases[i] as CorruptionCase)),
        { minLength: 1, maxLength: 3 },
      ),
      chunk: fc.oneof(fc.integer({ min: 1, max: 512 }), fc.constant(1 << 20)),
    }),
  );

  it('flipped bytes, cut lines and injected garbage lines: 1,000 runs', async () => {
    let harmlessRuns = 0;
    let wrongTextRuns = 0;
    let suffixRuns = 0;
    await fc.assert(
      fc.asyncProperty(corruptionArbitrary, async ({ stream: index, ops, chunk }) => {
        const c = corruptionCases[index] as CorruptionCase;
        // Two cuts in one line would overlap; the first one stands for both.
        const cuts = new Set<number>();
        const edits = ops.filter((op) => op.kind !== 'cut line' || (!cuts.has(op.line) && cuts.add(op.line))).map((op) => toEdit(c, op));
        const corrupted = applyEdits(c.layout.bytes, edits);
        const skipped = await observe(corrupted, chunk, 'skip');
        const strict = await observe(corrupted, chunk, 'error');

        if (edits.every((edit) => edit.harmless)) {
          harmlessRuns++;
          for (const seen of [skipped, strict]) {
            expect(seen.events.completed).toBe(true);
            expect(seen.events.values).toEqual(c.stream.events);
            expect(seen.finals.values.map(canonicalJSON)).toEqual([canonicalJSON(c.final)]);
            expect(seen.finals.completed).toBe(true);
          }
          return;
        }

        // Which clean events the damage cannot have touched: every frame that ends before the
        // first changed byte, and every frame after the one following the last changed byte
        // (a broken blank line can merge a frame with the next one, no further).
        const first = Math.min(...edits.map((e) => e.from));
        const last = Math.max(...edits.map((e) => (e.to > e.from ? e.to - 1 : e.from)));
        const intact = c.layout.frames.filter((frame) => frame.end <= first).length;
        const resumed = Math.min(c.layout.frames.length, frameAt(c.layout, last) + 2);
        const before = eventsOfFrames(c, 0, intact);
        const after = eventsOfFrames(c, resumed, c.layout.frames.length);
        const budget = resumed - intact + edits.filter((e) => e.from === e.to).length;

        // invalidInput 'skip': the stream goes on, so the damage stays local.
        const values = skipped.events.values;
        expect(skipped.events.completed).toBe(true);
        expect(values.slice(0, before.length)).toEqual(before);
        expect(values.length).toBeGreaterThanOrEqual(before.length + after.length);
        expect(values.slice(values.length - after.length)).toEqual(after);
        expect(values.length - before.length - after.length).toBeLessThanOrEqual(budget);
        if (after.length > 0) suffixRuns++;

        // Default: the same events up to the first bad payload, then that payload as a StreamParseError.
        const firstSkip = values.findIndex((e) => e.type === 'rx.skipped_input');
        const expectedStrict = firstSkip === -1 ? values : values.slice(0, firstSkip);
        expect(strict.events.values).toEqual(expectedStrict);
        if (firstSkip === -1) {
          expect(strict.events.completed).toBe(true);
        } else {
          const skip = values[firstSkip] as { reason: string; raw: string; eventNumber: number };
          expect(isStreamParseError(strict.events.error)).toBe(true);
          expect(strict.events.error).toMatchObject({ reason: skip.reason, raw: skip.raw, eventNumber: skip.eventNumber });
        }

        for (const seen of [skipped, strict]) {
          expectNoSilentlyWrongText(c, seen);
          const terminalIntact = before.some((e) => e.type === 'response.completed');
          if (terminalIntact) expect(canonicalJSON(seen.finals.values[0])).toBe(canonicalJSON(c.final));
          if (seen.finals.errored) {
            // An error after the final response (garbage after the end) is the source's parse error.
            expectTypedErrorHoldingWhatArrived(seen, terminalIntact ? 'parse' : 'either');
            if (isStreamParseError(seen.finals.error)) expect(seen.finals.error).toBe(seen.events.error);
          } else {
            expect(seen.finals.values).toHaveLength(1);
          }
          if (seen.finals.values.some((f) => f.output_text !== c.final.output_text)) wrongTextRuns++;
        }
      }),
      RUNS,
    );
    // The property must have met every branch, or it proves less than it says.
    expect(harmlessRuns).toBeGreaterThan(20);
    expect(suffixRuns).toBeGreaterThan(100);
    expect(wrongTextRuns).toBeGreaterThan(0);
  });

  it('a body cut at any byte gives exactly the events whose data line arrived, then the right typed error: 1,000 runs', async () => {
    const cutArbitrary = fc.integer({ min: 0, max: CORRUPTION_POOL.length - 1 }).chain((index) => {
      const c = corruptionCases[index] as CorruptionCase;
      const n = c.layout.bytes.length;
      return fc.record({
        stream: fc.constant(index),
        at: fc.oneof(fc.integer({ min: 0, max: n }), fc.constantFrom(...c.hotSpots, n)),
        chunk: fc.oneof(fc.integer({ min: 1, max: 512 }), fc.constant(1 << 20)),
      });
    });
    await fc.assert(
      fc.asyncProperty(cutArbitrary, async ({ stream: index, at, chunk }) => {
        const c = corruptionCases[index] as CorruptionCase;
        // The lib keeps a last frame that lacks its blank line (or even its LF); a `data:` line cut
        // short is a payload cut short, which no prefix of a JSON object survives.
        const expected: WireEvent[] = [];
        let partial: string | undefined;
        for (const frame of c.layout.frames) {
          if (frame.data === undefined) continue;
          if (at >= frame.data.end) expected.push(c.stream.events[frame.event as number] as WireEvent);
          else {
            if (at >= frame.data.start + 'data'.length) partial = decoder.decode(c.layout.bytes.subarray(frame.data.start, at));
            break;
          }
        }
        const seen = await observe(c.layout.bytes.subarray(0, at), chunk, 'error');
        expect(seen.events.values).toEqual(expected);
        if (partial === undefined) {
          expect(seen.events.completed).toBe(true);
        } else {
          expect(isStreamParseError(seen.events.error)).toBe(true);
          const raw = (seen.events.error as { raw: string }).raw.replace(/…$/, '');
          expect(partial.replace(/^data: ?/, '').startsWith(raw)).toBe(true);
        }
        const completedAt = expected.findIndex((e) => e.type === 'response.completed');
        if (completedAt !== -1) {
          expect(seen.finals.values.map(canonicalJSON)).toEqual([canonicalJSON(c.final)]);
        } else {
          expectTypedErrorHoldingWhatArrived(seen, partial === undefined ? 'truncated' : 'parse');
          if (partial === undefined && expected.length > 0) {
            expect((seen.finals.error as { lastSequenceNumber?: number }).lastSequenceNumber).toBe(expected[expected.length - 1]?.sequence_number);
          }
        }
      }),
      RUNS,
    );
  });
});
