// The Node 24 run of `npm run bench`: the floor, rx-responses and the latest peers (openai 7,
// ai 7 with @ai-sdk/openai 4, which need Node 22+) on the text workload, all in this one process
// and interleaved, so their ratios hold on a busy machine. bench/runNode24.ts installs Node 24
// and the peers under .tmp/ and starts this file with that binary:
//   node24 --expose-gc .tmp/bench/node24.js [--n 200000] [--chunk 16384] [--runs 5] [--quick] [--peers .tmp/bench-peers]
// rx-responses resolves to this package's dist/ (the package imports itself by name), and the
// peers from --peers (its peers.mjs re-exports them from its own node_modules). Without --peers,
// or when they fail to load, the floor and rx-responses still run. Progress goes to stderr; the
// result is the last line on stdout, one JSON object (Node24Result).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type AISDKModules, type Contender, type OpenAIClass, aiSdkStream, lowerBound, openaiStream, oursFetchFinal, oursFinal } from './contenders.js';
import { measureInterleaved } from './measure.js';
import type { Node24Result } from './runNode24.js';
import { textEvents, toWorkload } from './workloads.js';

/** The packages peers.mjs re-exports (bench/runNode24.ts installs them). */
const LATEST_PEERS = ['openai', 'ai', '@ai-sdk/openai'] as const;

interface PeerModules {
  OpenAI: OpenAIClass;
  streamText: AISDKModules['streamText'];
  createOpenAI: AISDKModules['createOpenAI'];
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      n: { type: 'string' },
      chunk: { type: 'string', default: '16384' },
      runs: { type: 'string' },
      quick: { type: 'boolean', default: false },
      peers: { type: 'string' },
    },
  });
  const N = Number(args.n ?? (args.quick ? 20_000 : 200_000));
  const RUNS = Number(args.runs ?? (args.quick ? 2 : 5));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const notes: string[] = [];
  const peers: Record<string, string> = {};
  const contenders: Contender[] = [lowerBound, oursFetchFinal, oursFinal];
  let openaiLatest: Contender | undefined;
  let aiSdkLatest: Contender | undefined;
  if (args.peers !== undefined) {
    try {
      const modules = (await import(pathToFileURL(join(args.peers, 'peers.mjs')).href)) as PeerModules;
      for (const name of LATEST_PEERS) {
        peers[name] = (JSON.parse(readFileSync(join(args.peers, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
      }
      openaiLatest = openaiStream(modules.OpenAI, `openai-node@${peers.openai} responses.stream() + finalResponse()`);
      aiSdkLatest = aiSdkStream(modules, `AI SDK (ai@${peers.ai}, @ai-sdk/openai@${peers['@ai-sdk/openai']}) streamText fullStream`);
      contenders.push(openaiLatest, aiSdkLatest);
    } catch (error) {
      notes.push(`the latest peers did not load on Node ${process.version} (${(error instanceof Error ? error.message : String(error)).split('\n')[0]}); the floor and rx-responses ran without them`);
    }
  }
  const text = toWorkload('text', textEvents(N), Number(args.chunk), { checkText: true });
  log(`Node ${process.version}, ${contenders.length} contenders in one process, interleaved, on text ${text.eventCount} events / ${(text.bytes / 1e6).toFixed(1)} MB:`);
  for (const contender of contenders) log(`  ${text.name}: ${contender.name}`);
  const slow = (c: Contender) => c === openaiLatest || c === aiSdkLatest;
  const rows = await measureInterleaved(contenders, text, (c) => (slow(c) ? Math.max(1, Math.min(RUNS, 3)) : RUNS));
  const rate = (c: Contender | undefined) => rows.find((r) => r.contender === c?.name && r.failed === undefined)?.eventsPerSec;
  const ours = rate(oursFetchFinal);
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? a / b : null);
  const result: Node24Result = {
    node: process.version,
    peers,
    notes,
    rows,
    ratioToOpenAILatest: ratio(ours, rate(openaiLatest)),
    ratioToAISDKLatest: ratio(ours, rate(aiSdkLatest)),
    ratioToLowerBoundNode24: ratio(ours, rate(lowerBound)),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
