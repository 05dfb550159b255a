// npm run bench [-- --json] [--chunk 16384] [--n 200000] [--runs 5] [--quick] [--node20-only]
// [--only concurrency] [--streams 1000] [--deltas 2000]
// One process, no network: every contender reads the same SSE bytes from memory (the HTTP and
// concurrency workloads use loopback servers; the latter's runs in a worker thread). Then the
// text workload again on Node 24 against the latest peers, in a second process of its own
// (bench/runNode24.ts, bench/node24.ts); --node20-only leaves that out.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Contender, lowerBound, naiveDeepClone, oursEvents, oursFetchFinal, oursFinal, oursHttp, oursSnapshots, oursTextDeltas } from './contenders.js';
import { startReplayServer } from 'rx-responses/testing';
import { agentTurns } from './agentTurns.js';
import { aiSdk, openaiNode, openaiNodeHttp } from './installedPeers.js';
import { type Measured, measure, table } from './measure.js';
import { runNode24 } from './runNode24.js';
import { type ConcurrencyRow, isReplayWorker, measureConcurrency, serveReplayInWorker } from './concurrency.js';
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
    'node20-only': { type: 'boolean', default: false },
    only: { type: 'string' },
    streams: { type: 'string' },
    deltas: { type: 'string' },
  },
});
const chunkSize = Number(args.chunk);
// --quick picks smaller defaults; --n and --runs, when given, win over both.
const N = Number(args.n ?? (args.quick ? 20_000 : 200_000));
const RUNS = Number(args.runs ?? (args.quick ? 2 : 5));
const log = (line = '') => process.stderr.write(`${line}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
// Many streams at once: 1,000 streams of 2,000 deltas (--quick: 100 of 400).
const STREAMS = Number(args.streams ?? (args.quick ? 100 : 1000));
const DELTAS = Number(args.deltas ?? (args.quick ? 400 : 2000));

/** The concurrency workload (bench/concurrency.ts): its table, and its keys for the summary. */
async function concurrency(): Promise<Record<string, number>> {
  const rows = await measureConcurrency(new URL(import.meta.url), { streams: STREAMS, deltas: DELTAS, chunkSize, log });
  log('');
  log(concurrencyTable(rows));
  const [ours, openai] = [rows.find((r) => r.contender.startsWith('ours')), rows.find((r) => r.contender.startsWith('openai'))];
  const ok = (r: ConcurrencyRow | undefined) => (r?.failed === undefined ? r : undefined);
  return {
    heapPerStreamToOpenAI: (ok(ours)?.heapPerStream ?? Number.NaN) / (ok(openai)?.heapPerStream ?? Number.NaN),
    heapPerStreamBytes: Math.round(ok(ours)?.heapPerStream ?? Number.NaN),
    heapPerStreamBytesOpenAI: Math.round(ok(openai)?.heapPerStream ?? Number.NaN),
    concurrentEventsPerSec: Math.round(ok(ours)?.eventsPerSec ?? Number.NaN),
    concurrentEventsPerSecOpenAI: Math.round(ok(openai)?.eventsPerSec ?? Number.NaN),
    concurrentStreams: STREAMS,
    concurrentDeltasPerStream: DELTAS,
  };
}

function concurrencyTable(rows: ConcurrencyRow[]): string {
  const lines = [
    `| ${STREAMS} streams × ${DELTAS} deltas, loopback | heap per open stream KB | events/s (all streams) | all open after ms | all at gate after ms | total ms (less gate) | heap after MB |`,
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    if (r.failed !== undefined) lines.push(`| ${r.contender} | failed: ${r.failed} | | | | | |`);
    else {
      const cells = [(r.heapPerStream / 1e3).toFixed(1), Math.round(r.eventsPerSec).toLocaleString('en-US'), r.openMs.toFixed(0), r.gateMs.toFixed(0), r.flowMs.toFixed(0), r.heapAfterMB.toFixed(1)];
      lines.push(`| ${r.contender} | ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}

function printSummary(summary: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(summary)) log(`${key.padEnd(28)} ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : value}`);
  if (args.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
}

async function main(): Promise<void> {
  if (args.only !== undefined) {
    if (args.only !== 'concurrency') throw new Error(`--only: the one section that runs alone is 'concurrency', got '${args.only}'`);
    log(`rx-responses benchmark, concurrency only: node ${process.version}, ${chunkSize}-byte writes`);
    const keys = await concurrency();
    log('');
    printSummary({ ...keys, chunkSize, node: process.version });
    return;
  }
  const fixturesDir = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
  const text = toWorkload('text', textEvents(N), chunkSize, { checkText: true });
  const mixed = toWorkload('mixed', mixedEvents(Math.round(N / 2)), chunkSize, { checkText: true });
  const fixtures = toWorkload('fixtures', fixtureEvents(fixturesDir, args.quick ? 2 : 10), chunkSize);
  const small = toWorkload('text-10k', textEvents(10_000), chunkSize, { checkText: true });
  log(`rx-responses benchmark: node ${process.version}, ${chunkSize}-byte chunks, ${RUNS} runs each (median), gc ${gc ? 'exposed' : 'NOT exposed'}`);
  log(`workloads: text ${text.eventCount} events / ${(text.bytes / 1e6).toFixed(1)} MB; mixed ${mixed.eventCount} / ${(mixed.bytes / 1e6).toFixed(1)} MB; fixtures ${fixtures.eventCount} / ${(fixtures.bytes / 1e6).toFixed(1)} MB`);

  const ours = [oursEvents, oursTextDeltas, oursSnapshots, oursFinal, oursFetchFinal];
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
    for (const contender of [oursHttp(server), oursHttp(server, false), openaiNodeHttp(server)]) {
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

  const many = await concurrency();

  const partialJSON = await measurePartialJSON({ runs: Math.max(3, RUNS), quick: args.quick, log });
  const stateGrowth = await measureStateGrowth({ runs: Math.max(3, RUNS), chunkSize, log });

  // The text workload on Node 24 against the latest peers, all in one other process.
  const node24 = args['node20-only'] ? undefined : await runNode24({ n: N, chunk: chunkSize, runs: RUNS, quick: args.quick, log });

  const find = (w: string, c: Contender) => rows.find((r) => r.workload === w && r.contender === c.name);
  const final = await oursFinal.run(text);
  const outputSize = JSON.stringify(final.final).length;
  const nsPerEvent = (r: Measured | undefined, w: Workload) => (r ? (r.medianMs * 1e6) / w.eventCount : Number.NaN);
  const summary = {
    // The shortest way to the final response, fromFetchResponse(res).pipe(finalResponse()).
    ratioToLowerBound: (find('text', oursFetchFinal)?.eventsPerSec ?? 0) / (lower.get('text') ?? 1),
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
    // Many streams at once (bench/concurrency.ts): heap per open stream, ours / openai-node's,
    // and events per second over all streams.
    ...many,
    // Node 24, one process (bench/node24.ts): the latest peers' time over ours (ours:
    // fromFetchResponse + finalResponse), and ours over the floor. null when that part could not run.
    ratioToOpenAILatest: node24?.ratioToOpenAILatest ?? null,
    ratioToAISDKLatest: node24?.ratioToAISDKLatest ?? null,
    ratioToLowerBoundNode24: node24?.ratioToLowerBoundNode24 ?? null,
    nodeLatest: node24?.node ?? null,
    peersLatest: node24 === undefined ? null : Object.entries(node24.peers).map(([name, version]) => `${name}@${version}`).join(' ') || null,
    outputSizeBytes: outputSize,
    events: text.eventCount,
    chunkSize,
    node: process.version,
  };
  log('');
  log(table(rows.filter((r) => !r.failed), lower, openai));
  for (const r of rows.filter((x) => x.failed)) log(`${r.workload}: ${r.contender} could not process this workload: ${r.failed}`);
  log('');
  if (node24 !== undefined) {
    const node24Lower = new Map(node24.rows.filter((r) => r.contender === lowerBound.name).map((r) => [r.workload, r.eventsPerSec]));
    const node24OpenAI = new Map(node24.rows.filter((r) => r.contender.startsWith('openai-node') && r.failed === undefined).map((r) => [r.workload, r.eventsPerSec]));
    log(`Node 24 (${node24.node}), every contender in one process, interleaved:`);
    log(table(node24.rows.filter((r) => !r.failed), node24Lower, node24OpenAI, 'x openai-node@7'));
    for (const r of node24.rows.filter((x) => x.failed)) log(`node ${node24.node} ${r.workload}: ${r.contender} could not process this workload: ${r.failed}`);
    log('');
  }
  log('| agent turns (20 × 40 deltas, loopback) | total ms | median create → first event ms |');
  log('|---|---:|---:|');
  for (const r of agent) log(`| ${r.contender} | ${r.failed === undefined ? r.totalMs.toFixed(1) : `failed: ${r.failed}`} | ${r.medianFirstEventMs.toFixed(2)} |`);
  log('');
  printSummary(summary);
}

// The same module runs the concurrency workload's replay server in a worker thread.
await (isReplayWorker ? serveReplayInWorker() : main());
