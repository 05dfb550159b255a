// Streamed structured output: one JSON document cut into ~20-character deltas, as
// response.output_text.delta events through parsedOutput(), at 100 KB and at 1 MB. The AI SDK's
// parsePartialJson re-parses the whole text per delta, so it is timed on evenly spaced
// prefixes (a sample of its deltas) and its mean cost per delta compared with ours.
import { parsePartialJson } from 'ai';
import { Observable, lastValueFrom } from 'rxjs';
import { type ResponseStreamEvent, parsedOutput } from 'rx-responses';

const DELTA = 20;

/** A realistic document: records with strings (some escaped), numbers, booleans and nesting. */
export function jsonDocument(bytes: number): string {
  const items: unknown[] = [];
  let text = '[]';
  for (let i = 0; text.length < bytes; i++) {
    items.push({ id: i, title: `Item ${i}: "quoted" \u00e9t\u00e9 \ud83d\ude00`, price: i * 1.25, tags: ['a', `t${i % 7}`], inStock: i % 3 !== 0, dims: { w: i % 10, h: 2.5 } });
    if (i % 50 === 49) text = JSON.stringify({ catalog: items });
  }
  return JSON.stringify({ catalog: items });
}

function deltaEvents(text: string): ResponseStreamEvent[] {
  const events: ResponseStreamEvent[] = [{ type: 'response.created', response: { id: 'resp_b', status: 'in_progress', output: [] } }];
  for (let i = 0; i < text.length; i += DELTA) events.push({ type: 'response.output_text.delta', output_index: 0, content_index: 0, item_id: 'msg_b', delta: text.slice(i, i + DELTA) });
  events.push({ type: 'response.completed', response: { id: 'resp_b', status: 'completed', output: [] } });
  return events;
}

/** Our time per delta (ns), median of `runs`, checking the final value. */
async function oursPerDelta(text: string, runs: number): Promise<number> {
  const events = deltaEvents(text);
  const expected = text.length;
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const last = await lastValueFrom(
      new Observable<ResponseStreamEvent>((s) => {
        for (const e of events) s.next(e);
        s.complete();
      }).pipe(parsedOutput({ type: 'object' })),
    );
    times.push(performance.now() - start);
    if (!last.done || JSON.stringify(last.value).length !== expected) throw new Error('parsedOutput gave a wrong final value');
  }
  times.sort((a, b) => a - b);
  return ((times[Math.floor(times.length / 2)] as number) * 1e6) / (events.length - 2);
}

/** The AI SDK's mean time per delta (ns), from `samples` evenly spaced prefixes. */
async function aiSdkPerDelta(text: string, samples: number): Promise<number> {
  const deltas = Math.ceil(text.length / DELTA);
  let total = 0;
  for (let k = 1; k <= samples; k++) {
    const end = Math.min(text.length, Math.round((k / samples) * deltas) * DELTA);
    const prefix = text.slice(0, end);
    const start = performance.now();
    const result = await parsePartialJson(prefix);
    total += performance.now() - start;
    if (result.value === undefined && end > 2) throw new Error('parsePartialJson gave no value');
  }
  return (total * 1e6) / samples;
}

export interface PartialJSONSummary {
  partialJSONGrowth: number;
  ratioPartialJSONToAISDK: number;
  partialJSONNsPerDelta100KB: number;
  partialJSONNsPerDelta1MB: number;
  aiSdkPartialJSONNsPerDelta1MB: number;
}

export async function measurePartialJSON(options: { runs: number; quick: boolean; log: (line: string) => void }): Promise<PartialJSONSummary> {
  const small = jsonDocument(options.quick ? 10_000 : 100_000);
  const large = jsonDocument(options.quick ? 100_000 : 1_000_000);
  options.log(`  partial JSON: ${(small.length / 1e3).toFixed(0)} KB and ${(large.length / 1e3).toFixed(0)} KB in ${DELTA}-character deltas ...`);
  // Warm up, then interleave so drift of the machine affects both sizes alike.
  await oursPerDelta(small, 1);
  const smallTimes: number[] = [];
  const largeTimes: number[] = [];
  for (let r = 0; r < options.runs; r++) {
    smallTimes.push(await oursPerDelta(small, 3));
    largeTimes.push(await oursPerDelta(large, 1));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const ns100 = median(smallTimes);
  const ns1M = median(largeTimes);
  options.log('  partial JSON: AI SDK parsePartialJson on sampled prefixes ...');
  const ai1M = await aiSdkPerDelta(large, options.quick ? 10 : 60);
  return {
    partialJSONGrowth: ns1M / ns100,
    ratioPartialJSONToAISDK: ai1M / ns1M,
    partialJSONNsPerDelta100KB: ns100,
    partialJSONNsPerDelta1MB: ns1M,
    aiSdkPartialJSONNsPerDelta1MB: ai1M,
  };
}
