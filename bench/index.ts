// npm run bench [-- --json] [--chunk 16384] [--n 200000] [--runs 5] [--quick]
// One process, no network: every contender reads the same SSE bytes from memory.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type Contender,
  HeapProbe,
  type RunResult,
  aiSdk,
  lowerBound,
  naiveDeepClone,
  openaiNode,
  oursEvents,
  oursFinal,
  oursSnapshots,
  oursTextDeltas,
  openaiHttp,
  oursHttp,
} from './contenders.js';
import { startReplayServer } from 'rx-responses/testing';
import { agentTurns } from './agentTurns.js';
import { measurePartialJSON } from './partialJSON.js';
import { measureStateGrowth } from './stateGrowth.js';
import { type Workload, completedText, fixtureEvents, mixedEvents, textEvents, toWorkload } from './workloads.js';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    chunk: { type: 'string', default: '16384' },
    n: { type: 'string' },
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const chunkSize = Number(args.chunk);
// --quick picks smaller defaults; --n and --runs, when given, win over both.
const N = Number(args.n ?? (args.quick ? 20_000 : 200_000));
const RUNS = Number(args.runs ?? (args.quick ? 2 : 5));
const log = (line = '') => process.stderr.write(`${line}\n`);
const gc = (globalThis as { gc?: () => void }).gc;

interface Measured {
  /** Why the contender could not finish this workload, if it could not. */
  failed?: string;
  workload: string;
  contender: string;
  eventsPerSec: number;
  mbPerSec: number;
  medianMs: number;
  minMs: number;
  peakHeapMB: number;
  /** Peak of the heap that was really alive (collected before each sample), from a separate run. */
  peakLiveMB: number;
  rssGrowthMB: number;
  consumed: number;
}

async function measure(contender: Contender, workload: Workload, runs: number): Promise<Measured> {
  const times: number[] = [];
  let peakHeap = 0;
  let rssGrowth = 0;
  let last: RunResult | undefined;
  for (let r = 0; r < runs; r++) {
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage.rss();
    const start = performance.now();
    try {
      last = await contender.run(workload);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 120) ?? '';
      return failedRow(workload, contender, reason);
    }
    times.push(performance.now() - start);
    const wrong = wrongResult(workload, last);
    if (wrong !== undefined) return failedRow(workload, contender, `wrong result: ${wrong}`);
    peakHeap = Math.max(peakHeap, last.peakHeap - heapBefore);
    rssGrowth = Math.max(rssGrowth, process.memoryUsage.rss() - rssBefore);
  }
  // One more run, untimed, for the live heap.
  HeapProbe.live = true;
  gc?.();
  const liveBefore = process.memoryUsage().heapUsed;
  const memoryRun = await contender.run(workload);
  HeapProbe.live = false;
  const peakLive = memoryRun.peakHeap - liveBefore;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  return {
    workload: workload.name,
    contender: contender.name,
    eventsPerSec: workload.eventCount / (median / 1000),
    mbPerSec: workload.bytes / 1e6 / (median / 1000),
    medianMs: median,
    minMs: times[0] ?? 0,
    peakHeapMB: peakHeap / 1e6,
    peakLiveMB: peakLive / 1e6,
    rssGrowthMB: rssGrowth / 1e6,
    consumed: last?.consumed ?? 0,
  };
}

function failedRow(workload: Workload, contender: Contender, reason: string): Measured {
  return { failed: reason, workload: workload.name, contender: contender.name, eventsPerSec: Number.NaN, mbPerSec: Number.NaN, medianMs: Number.NaN, minMs: Number.NaN, peakHeapMB: Number.NaN, peakLiveMB: Number.NaN, rssGrowthMB: Number.NaN, consumed: 0 };
}

/**
 * Why a run's result is wrong, if it is: a fast contender that drops events or gets the text
 * wrong must not win. Events are counted where a contender sees every event; the answer text
 * (or its length) is compared where the workload knows it.
 */
function wrongResult(workload: Workload, result: RunResult): string | undefined {
  if (result.text !== undefined && workload.expectedText !== undefined && result.text !== workload.expectedText) {
    return `text of ${result.text.length} characters, expected ${workload.expectedText.length}`;
  }
  if (result.textLength !== undefined && workload.expectedText !== undefined && result.textLength !== workload.expectedText.length) {
    return `${result.textLength} characters of deltas, expected ${workload.expectedText.length}`;
  }
  if (result.countsEvents === true && result.consumed !== workload.eventCount) return `${result.consumed} events, expected ${workload.eventCount}`;
  return undefined;
}

function table(rows: Measured[], lower: Map<string, number>, openai: Map<string, number>): string {
  const header = ['workload', 'contender', 'events/s', 'MB/s', 'median ms', 'min ms', 'x lowerBound', 'x openai-node', 'peak heap MB', 'peak live MB', 'RSS growth MB'];
  const body = rows.map((r) => [
    r.workload,
    r.contender,
    Math.round(r.eventsPerSec).toLocaleString('en-US'),
    r.mbPerSec.toFixed(1),
    r.medianMs.toFixed(1),
    r.minMs.toFixed(1),
    (r.eventsPerSec / (lower.get(r.workload) ?? Number.NaN)).toFixed(2),
    openai.has(r.workload) ? (r.eventsPerSec / (openai.get(r.workload) ?? Number.NaN)).toFixed(2) : '-',
    r.peakHeapMB.toFixed(1),
    r.peakLiveMB.toFixed(1),
    r.rssGrowthMB.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i < 2 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const fixturesDir = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
  const text = toWorkload('text', textEvents(N), chunkSize, { checkText: true });
  const mixed = toWorkload('mixed', mixedEvents(Math.round(N / 2)), chunkSize, { checkText: true });
  const fixtures = toWorkload('fixtures', fixtureEvents(fixturesDir, args.quick ? 2 : 10), chunkSize);
  const small = toWorkload('text-10k', textEvents(10_000), chunkSize, { checkText: true });
  log(`rx-responses benchmark: node ${process.version}, ${chunkSize}-byte chunks, ${RUNS} runs each (median), gc ${gc ? 'exposed' : 'NOT exposed'}`);
  log(`workloads: text ${text.eventCount} events / ${(text.bytes / 1e6).toFixed(1)} MB; mixed ${mixed.eventCount} / ${(mixed.bytes / 1e6).toFixed(1)} MB; fixtures ${fixtures.eventCount} / ${(fixtures.bytes / 1e6).toFixed(1)} MB`);

  const ours = [oursEvents, oursTextDeltas, oursSnapshots, oursFinal];
  const peers = [openaiNode, aiSdk];
  const rows: Measured[] = [];
  const lower = new Map<string, number>();
  const openai = new Map<string, number>();
  for (const workload of [text, mixed, fixtures]) {
    // Interleave so slow drift of the machine affects every contender alike.
    const contenders = [lowerBound, ...ours, ...(workload === fixtures ? [openaiNode] : peers)];
    for (const contender of contenders) {
      if (contender.accepts && !contender.accepts(workload)) continue;
      log(`  ${workload.name}: ${contender.name} ...`);
      const slow = contender === aiSdk || contender === openaiNode;
      const m = await measure(contender, workload, slow ? Math.max(1, Math.min(RUNS, 3)) : RUNS);
      rows.push(m);
      if (contender === lowerBound) lower.set(workload.name, m.eventsPerSec);
      if (contender === openaiNode) openai.set(workload.name, m.eventsPerSec);
    }
  }
  // Over real HTTP, against the loopback replay server (16 KiB writes).
  const httpEvents = textEvents(N);
  const server = await startReplayServer({ events: httpEvents as never, chunkSize });
  const http: Workload = { name: 'http-text', eventCount: httpEvents.length, bytes: text.bytes, chunks: [], expectedText: completedText(httpEvents) };
  try {
    for (const contender of [oursHttp(server), oursHttp(server, false), openaiHttp(server)]) {
      log(`  ${http.name}: ${contender.name} ...`);
      rows.push(await measure(contender, http, Math.max(1, Math.min(RUNS, 3))));
    }
  } finally {
    await server.close();
  }
  const httpOurs = rows.find((r) => r.workload === 'http-text' && r.contender === oursHttp(server).name);
  const httpOpenAI = rows.find((r) => r.workload === 'http-text' && r.contender.startsWith('openai'));
  if (httpOpenAI) openai.set('http-text', httpOpenAI.eventsPerSec);

  // WebSocket mode against HTTP, as an agent uses it: 20 short responses in a row.
  log('  agent turns: 20 responses of 40 deltas, 20 ms before each first event ...');
  const agent = await agentTurns({ turns: 20, deltas: 40, firstEventDelayMs: 20 });
  const agentTotal = (prefix: string) => agent.find((row) => row.contender.startsWith(prefix) && row.failed === undefined)?.totalMs ?? Number.NaN;

  // The naive baseline and the per-event growth check at small N.
  const smallLower = await measure(lowerBound, small, RUNS);
  lower.set(small.name, smallLower.eventsPerSec);
  const smallRows = [smallLower, await measure(oursSnapshots, small, RUNS), await measure(naiveDeepClone, small, 1)];
  rows.push(...smallRows);

  const partialJSON = await measurePartialJSON({ runs: Math.max(3, RUNS), quick: args.quick, log });
  const stateGrowth = await measureStateGrowth({ runs: Math.max(3, RUNS), chunkSize, log });

  const find = (w: string, c: Contender) => rows.find((r) => r.workload === w && r.contender === c.name);
  const final = await oursFinal.run(text);
  const outputSize = JSON.stringify(final.final).length;
  const nsPerEvent = (r: Measured | undefined, w: Workload) => (r ? (r.medianMs * 1e6) / w.eventCount : Number.NaN);
  const summary = {
    ratioToLowerBound: (find('text', oursFinal)?.eventsPerSec ?? 0) / (lower.get('text') ?? 1),
    ratioSnapshotsToLowerBound: (find('text', oursSnapshots)?.eventsPerSec ?? 0) / (lower.get('text') ?? 1),
    ratioToOpenAI: (find('text', oursFinal)?.eventsPerSec ?? 0) / (openai.get('text') ?? 1),
    ratioToAISDK: (find('text', oursFinal)?.eventsPerSec ?? 0) / (find('text', aiSdk)?.eventsPerSec ?? 1),
    perEventGrowth: nsPerEvent(find('text', oursSnapshots), text) / nsPerEvent(find('text-10k', oursSnapshots), small),
    // Live heap (garbage collected before each sample): what the pipeline keeps, not what the
    // young generation happens to hold between collections.
    peakHeapToOutputSize: ((find('text', oursFinal)?.peakLiveMB ?? 0) * 1e6) / outputSize,
    peakAllocatedHeapToOutputSize: ((find('text', oursFinal)?.peakHeapMB ?? 0) * 1e6) / outputSize,
    httpRatioToOpenAI: (httpOurs?.eventsPerSec ?? 0) / (httpOpenAI?.eventsPerSec ?? 1),
    wsToHTTPTime: agentTotal('ours over WebSocket') / agentTotal('ours over HTTP'),
    wsToOpenAIWSTime: agentTotal('ours over WebSocket') / agentTotal('openai-node@6 WebSocket'),
    // Streamed structured output (bench/partialJSON.ts): per-delta cost at 1 MB over 100 KB,
    // and the AI SDK's parsePartialJson time per delta over ours, at 1 MB.
    ...partialJSON,
    // responseState() per event at 10,000 output items over 1,000 (bench/stateGrowth.ts).
    ...stateGrowth,
    outputSizeBytes: outputSize,
    events: text.eventCount,
    chunkSize,
    node: process.version,
  };
  log('');
  log(table(rows.filter((r) => !r.failed), lower, openai));
  for (const r of rows.filter((x) => x.failed)) log(`${r.workload}: ${r.contender} could not process this workload: ${r.failed}`);
  log('');
  log('| agent turns (20 × 40 deltas, loopback) | total ms | median create → first event ms |');
  log('|---|---:|---:|');
  for (const r of agent) log(`| ${r.contender} | ${r.failed === undefined ? r.totalMs.toFixed(1) : `failed: ${r.failed}`} | ${r.medianFirstEventMs.toFixed(2)} |`);
  log('');
  for (const [key, value] of Object.entries(summary)) log(`${key.padEnd(28)} ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : value}`);
  if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
}

await main();
