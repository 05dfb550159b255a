// finalResponse() and finalSnapshot() subscribed straight to a source take the next delta of a
// run from its raw JSON, without an event (ResponseAccumulator.absorbPayload). Through any other
// operator they get parsed events. Both ways must end in exactly the same values and errors: on
// every recording (written as SSE and as JSON Lines) and on generated streams with escapes,
// surrogate pairs, invalid UTF-8, invalid JSON, whitespace, reordered keys and broken runs.
import fc from 'fast-check';
import { Observable, type OperatorFunction } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ResponseStreamEvent, finalResponse, finalSnapshot, fromFetchResponse, fromJSONL, fromSSE } from '../../src/index.js';
import { ResponseAccumulator } from '../../src/reduce/ResponseAccumulator.js';
import { chunkedStream } from '../support/chunkedStream.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { jsonlToSSE } from '../support/jsonlToSSE.js';
import { listRecordings } from '../support/listRecordings.js';

/** The same source, seen through an operator: its payloads are always parsed into events. */
const unfused = (source: Observable<ResponseStreamEvent>) => new Observable<ResponseStreamEvent>((subscriber) => source.subscribe(subscriber));

/** What a subscriber can observe of an outcome: the values, and the error's class, code, message and snapshot. */
function outcome(n: Awaited<ReturnType<typeof collectNotifications>>) {
  const error = n.error as { name?: string; code?: string; reason?: string; message?: string; snapshot?: unknown; eventNumber?: number } | undefined;
  return {
    values: n.values,
    completed: n.completed,
    error: n.errored ? { name: error?.name, code: error?.code, reason: error?.reason, message: error?.message, snapshot: error?.snapshot, eventNumber: error?.eventNumber } : undefined,
  };
}

/** Counts the payloads taken without an event, so a test knows the short way was taken. */
function countAbsorbed(): { readonly count: number } {
  const counter = { count: 0 };
  const original = ResponseAccumulator.prototype.absorbPayload;
  vi.spyOn(ResponseAccumulator.prototype, 'absorbPayload').mockImplementation(function (this: ResponseAccumulator, data: string) {
    const taken = original.call(this, data);
    if (taken) counter.count++;
    return taken;
  });
  return counter;
}

afterEach(() => {
  vi.restoreAllMocks();
});

const encoder = new TextEncoder();
type Make = (bytes: Uint8Array, chunk: number) => Observable<ResponseStreamEvent>;
const SOURCES: Record<string, { make: Make; sse: boolean }> = {
  fromSSE: { make: (bytes, chunk) => fromSSE(chunkedStream(bytes, chunk)), sse: true },
  fromFetchResponse: { make: (bytes, chunk) => fromFetchResponse(new Response(chunkedStream(bytes, chunk), { headers: { 'content-type': 'text/event-stream' } })), sse: true },
  'fromFetchResponse (JSON Lines)': { make: (bytes, chunk) => fromFetchResponse(new Response(chunkedStream(bytes, chunk), { headers: { 'content-type': 'application/x-ndjson' } })), sse: false },
  fromJSONL: { make: (bytes, chunk) => fromJSONL(chunkedStream(bytes, chunk)), sse: false },
};

async function bothWays(make: () => Observable<ResponseStreamEvent>) {
  const operators: Record<string, () => OperatorFunction<ResponseStreamEvent, unknown>> = { finalSnapshot, finalResponse };
  const results: Record<string, { fused: unknown; unfused: unknown }> = {};
  for (const [name, operator] of Object.entries(operators)) {
    const fused = outcome(await collectNotifications(make().pipe(operator())));
    const plain = outcome(await collectNotifications(unfused(make()).pipe(operator())));
    results[name] = { fused, unfused: plain };
  }
  return results;
}

describe('finalResponse() straight on a source', () => {
  const recordings = listRecordings();

  it.each(Object.keys(SOURCES))('gives exactly what it gives through another operator on every recording (%s)', async (sourceName) => {
    const { make, sse } = SOURCES[sourceName]!;
    const absorbed = countAbsorbed();
    for (const rec of recordings) {
      const bytes = encoder.encode(sse ? jsonlToSSE(rec.text) : rec.text);
      const results = await bothWays(() => make(bytes, 997));
      for (const [operator, { fused, unfused: plain }] of Object.entries(results)) expect(fused, `${rec.name} ${operator}`).toEqual(plain);
    }
    // The recordings' runs of deltas went the short way (else this test would prove nothing).
    expect(absorbed.count).toBeGreaterThan(1000);
  });

  it('keeps output received before invalid JSON, counting absorbed payloads in the error position', async () => {
    const rec = recordings.find((r) => r.validEvents.filter((e) => (e as { type: string }).type === 'response.output_text.delta').length > 20);
    expect(rec).toBeDefined();
    const lines = rec!.text.split('\n');
    const deltaLines = lines.flatMap((line, i) => (line.includes('"response.output_text.delta"') ? [i] : []));
    const cut = deltaLines[Math.floor(deltaLines.length / 2)]!;
    const broken = [...lines.slice(0, cut), '{"type":"response.output_text.delta",', ...lines.slice(cut)].join('\n');
    const bytes = encoder.encode(jsonlToSSE(broken));
    const absorbed = countAbsorbed();
    const fused = await collectNotifications(fromSSE(chunkedStream(bytes, 4096)).pipe(finalResponse()));
    expect(absorbed.count).toBeGreaterThan(5);
    const plain = await collectNotifications(unfused(fromSSE(chunkedStream(bytes, 4096))).pipe(finalResponse()));
    expect(outcome(fused)).toEqual(outcome(plain));
    const error = fused.error as { reason: string; eventNumber: number; snapshot: { outputText: string } };
    expect(error.reason).toBe('invalid_json');
    expect(error.eventNumber).toBe(lines.slice(0, cut).filter((l) => l.trim() !== '').length + 1);
    expect(error.snapshot.outputText.length).toBeGreaterThan(0);
  });

  // Generated streams: one message whose text deltas are written in varied ways.
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
    { weight: 1, arbitrary: fc.constantFrom('\n', '"', '\\', '\u2028', '😀', '\ud83d', '\u0000', 'é') },
  );
  const delta = fc.record({
    text: piece,
    // How this delta is written or broken on the wire.
    form: fc.constantFrom('plain', 'plain', 'plain', 'plain', 'plain', 'reordered', 'spaced', 'seqGap', 'seqRepeat', 'empty', 'otherItem', 'keepalive', 'badJSON', 'rawTab', 'logprobs', 'invalidUTF8', 'invalidUTF8Delta'),
  });
  const stream = fc.record({ deltas: fc.array(delta, { minLength: 1, maxLength: 40 }), chunk: fc.integer({ min: 1, max: 300 }), completed: fc.boolean(), crlf: fc.boolean() });

  function wire(s: { deltas: readonly { text: string; form: string }[]; completed: boolean }): { lines: (string | Uint8Array)[] } {
    const lines: (string | Uint8Array)[] = [];
    let seq = 0;
    const push = (event: Record<string, unknown>) => lines.push(JSON.stringify({ ...event, sequence_number: seq++ }));
    const shell = (status: string, output: unknown[]) => ({ id: 'resp_1', object: 'response', status, output });
    push({ type: 'response.created', response: shell('in_progress', []) });
    push({ type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
    push({ type: 'response.content_part.added', item_id: 'msg_1', output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
    let text = '';
    for (const d of s.deltas) {
      const fields = { type: 'response.output_text.delta', sequence_number: seq, item_id: 'msg_1', output_index: 0, content_index: 0, delta: d.text, logprobs: [] as unknown[], obfuscation: 'ab' };
      seq++;
      text += d.text;
      switch (d.form) {
        case 'reordered': {
          const { delta: first, ...rest } = fields;
          lines.push(JSON.stringify({ delta: first, ...rest }));
          break;
        }
        case 'spaced':
          lines.push(JSON.stringify(fields, null, 1).replace(/\n/g, ''));
          break;
        case 'seqGap':
          seq++;
          lines.push(JSON.stringify({ ...fields, sequence_number: seq - 1 }));
          break;
        case 'seqRepeat':
          seq--;
          lines.push(JSON.stringify({ ...fields, sequence_number: seq - 1 }));
          seq++;
          break;
        case 'empty':
          lines.push(JSON.stringify({ ...fields, delta: '' }));
          break;
        case 'otherItem':
          lines.push(JSON.stringify({ ...fields, item_id: 'msg_other' }));
          break;
        case 'keepalive':
          lines.push(JSON.stringify(fields));
          lines.push(JSON.stringify({ type: 'keepalive', sequence_number: seq++ }));
          break;
        case 'badJSON':
          lines.push(JSON.stringify(fields).slice(0, -3));
          break;
        case 'rawTab':
          lines.push(JSON.stringify(fields).replace('"ab"', '"a\tb"'));
          break;
        case 'logprobs':
          lines.push(JSON.stringify({ ...fields, logprobs: [{ token: d.text, logprob: -0.5 }] }));
          break;
        case 'invalidUTF8': {
          const [before, after] = JSON.stringify(fields).split('"ab"') as [string, string];
          lines.push(new Uint8Array([...encoder.encode(`${before}"a`), 0xff, 0xc3, ...encoder.encode(`b"${after}`)]));
          break;
        }
        case 'invalidUTF8Delta': {
          // A lone continuation byte and a cut 3-byte sequence inside the delta's text.
          const [before, after] = JSON.stringify({ ...fields, delta: '<>' }).split('<>') as [string, string];
          lines.push(new Uint8Array([...encoder.encode(before), 0x80, ...encoder.encode(d.text), 0xe2, 0x82, ...encoder.encode(after)]));
          break;
        }
        default:
          lines.push(JSON.stringify(fields));
      }
    }
    if (s.completed) {
      push({ type: 'response.output_text.done', item_id: 'msg_1', output_index: 0, content_index: 0, text });
      push({ type: 'response.completed', response: shell('completed', [{ id: 'msg_1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] }]) });
    }
    return { lines };
  }

  function bytesOf(lines: (string | Uint8Array)[], sse: boolean, crlf: boolean): Uint8Array {
    const eol = crlf ? '\r\n' : '\n';
    const parts = lines.flatMap((line) => (sse ? [encoder.encode('data: '), typeof line === 'string' ? encoder.encode(line) : line, encoder.encode(eol + eol)] : [typeof line === 'string' ? encoder.encode(line) : line, encoder.encode(eol)]));
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  it.each(Object.keys(SOURCES))('gives exactly what it gives through another operator on generated streams (%s)', async (sourceName) => {
    const { make, sse } = SOURCES[sourceName]!;
    const absorbed = countAbsorbed();
    await fc.assert(
      fc.asyncProperty(stream, async (s) => {
        const bytes = bytesOf(wire(s).lines, sse, s.crlf);
        const results = await bothWays(() => make(bytes, s.chunk));
        for (const { fused, unfused: plain } of Object.values(results)) expect(fused).toEqual(plain);
      }),
      { numRuns: 150 },
    );
    expect(absorbed.count).toBeGreaterThan(100);
  });
});
