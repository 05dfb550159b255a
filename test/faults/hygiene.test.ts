// Resource hygiene: 1,000 streams, each with a random fault and left at a random point, must
// leave no connection open at the server, no socket or timer behind (test/setup/noOpenHandles.ts
// checks the file), and no memory: the stream objects are collected and the heap returns near
// its baseline.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Observable, Subscription } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ResponseStreamEvent, createClient, finalResponse, isRxResponsesError, textDeltas } from '../../src/index.js';
import { type ReplayFault, type ReplayServer, startReplayServer } from '../../src/testing/index.js';
import { fastScheduler } from '../client/fakeFetch.js';
import { runPool } from './cases.js';
import { recordedStream } from './recordedStream.js';
import { writeReport } from './writeReport.js';

const SEED = 20_260_707;
const STREAMS = 1_000;
const WARM_UP = 100;
const CONCURRENCY = 20;
/**
 * Heap growth allowed after 1,000 streams, once garbage is collected. A stream that kept its
 * events (a replay buffer, a body, a reader) would hold at least the 5 kB recording, so a leak
 * of every stream is >= 5 MB on top of the ~1 MB the server's request log legitimately keeps.
 */
const HEAP_TOLERANCE_BYTES = 10 * 1024 * 1024;

const RECORDING = recordedStream('azure-text-1.jsonl');
const FAULTS = ['none', 'drop', 'stall', 'reset', 'status 500'] as const;
const LEAVES = ['at the end', 'after k events', 'after t ms', 'at once'] as const;
type FaultKind = (typeof FAULTS)[number];
type Leave = (typeof LEAVES)[number];

interface Plan {
  fault: FaultKind;
  leave: Leave;
  /** The drop's byte offset, the stall's event count, or k for 'after k events'. */
  at: number;
  /** Milliseconds for 'after t ms'. */
  ms: number;
  subscribers: number;
}

/** mulberry32: a small seeded PRNG, so a failing run can be replayed exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function plans(count: number, random: () => number): Plan[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, () => {
    const fault = random() < 0.4 ? 'none' : pick(FAULTS.slice(1));
    const leave = random() < 0.1 ? 'at once' : pick(LEAVES.slice(0, 3));
    const at = fault === 'drop' ? Math.floor(random() * (RECORDING.body.length + 1)) : Math.floor(random() * (RECORDING.events.length + 1));
    return { fault, leave, at, ms: Math.floor(random() * 30), subscribers: 1 + Math.floor(random() * 3) };
  });
}

function replayFault(plan: Plan): ReplayFault | undefined {
  switch (plan.fault) {
    case 'drop':
      return { kind: 'drop', afterBytes: plan.at };
    case 'stall':
      return { kind: 'stall', afterEvents: plan.at };
    case 'reset':
      return { kind: 'reset' };
    case 'status 500':
      return { kind: 'status', status: 500 };
    default:
      return undefined;
  }
}

let server: ReplayServer;
const planById = new Map<string, Plan>();
/** Every error a subscriber saw: all must be this library's typed errors. */
const untyped: unknown[] = [];
const tally = new Map<string, number>();
const count = (key: string): void => void tally.set(key, (tally.get(key) ?? 0) + 1);

beforeAll(async () => {
  server = await startReplayServer({
    recording: RECORDING.text,
    chunkSize: 128,
    delayMs: 1,
    faults: (request) => {
      const plan = planById.get(request.headers['x-stream-id'] ?? '');
      return plan === undefined ? undefined : replayFault(plan);
    },
  });
});

afterAll(async () => {
  await server.close();
});

/**
 * One stream: its own client (so the server can tell whose request it is), 1 to 3 subscribers
 * on the shared stream, left as the plan says. Resolves once every subscriber is done or gone.
 * Returns a weak reference to the stream, to check that nothing keeps it alive.
 */
function runStream(id: string, plan: Plan): Promise<WeakRef<Observable<ResponseStreamEvent>>> {
  planById.set(id, plan);
  const client = createClient({
    apiKey: 'sk-test+hygiene/key=%',
    baseURL: server.baseURL,
    headers: { 'x-stream-id': id },
    maxRetries: 1,
    // 1 s of client time is 50 ms: retries wait ~25 ms, the idle timeout of 2 s is 100 ms.
    scheduler: fastScheduler(20),
    timeouts: { idleMs: 2_000 },
  });
  const events$ = client.responses.stream({ model: 'gpt-5-nano', input: `stream ${id}` });
  const ref = new WeakRef(events$);
  return new Promise((resolve) => {
    const all = new Subscription();
    let open = plan.subscribers;
    let seen = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (how: string): void => {
      if (all.closed) return;
      count(`${plan.fault} / ${how}`);
      if (timer !== undefined) clearTimeout(timer);
      all.unsubscribe();
      planById.delete(id);
      resolve(ref);
    };
    const done = (error?: unknown): void => {
      if (error !== undefined && !isRxResponsesError(error)) untyped.push(error);
      if (--open === 0) finish(error === undefined ? 'completed' : 'errored');
    };
    const observer = {
      next: (): void => {
        if (plan.leave === 'after k events' && ++seen >= plan.at) finish('left after k events');
      },
      error: (error: unknown) => done(error),
      complete: () => done(),
    };
    const sources = [events$, events$.pipe(finalResponse()), events$.pipe(textDeltas())];
    for (let n = 0; n < plan.subscribers && !all.closed; n++) {
      const source = sources[n] as Observable<unknown>;
      all.add(source.subscribe(n === 0 ? observer : { error: observer.error, complete: observer.complete }));
    }
    if (plan.leave === 'at once' || (plan.leave === 'after k events' && plan.at === 0)) finish('left at once');
    else if (plan.leave === 'after t ms') timer = setTimeout(() => finish('left after t ms'), plan.ms);
  });
}

async function runStreams(list: readonly Plan[], prefix: string): Promise<WeakRef<object>[]> {
  return runPool(
    list.map((plan, index) => ({ plan, id: `${prefix}-${index}` })),
    CONCURRENCY,
    ({ plan, id }) => runStream(id, plan),
  );
}

function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  // Vitest's workers do not run with --expose-gc; the flag can still be set at run time and the
  // function taken from a fresh context.
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Heap in use after garbage collection settled: the lowest of a few collect-and-wait cycles. */
async function settledHeap(gc: () => void): Promise<number> {
  let lowest = Infinity;
  for (let cycle = 0; cycle < 5; cycle++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc();
    lowest = Math.min(lowest, process.memoryUsage().heapUsed);
  }
  return lowest;
}

describe('resource hygiene', () => {
  it(`${STREAMS} streams with random faults, left at random points, leave nothing behind`, async () => {
    const random = seeded(SEED);
    const gc = exposeGc();
    // Warm up (module code, JIT, the connection pool) before the baseline.
    await runStreams(plans(WARM_UP, random), 'warm-up');
    await server.waitForIdle(5_000);
    const baseline = await settledHeap(gc);
    const warmUpRequests = server.requests.length;
    tally.clear();

    const started = performance.now();
    const refs = await runStreams(plans(STREAMS, random), 'stream');
    const seconds = (performance.now() - started) / 1000;
    // Every connection closes at the server: aborted, finished or broken off.
    const idle = await server.waitForIdle(5_000).then(
      () => true,
      () => false,
    );
    const openConnections = server.openConnections();
    const requests = server.requests.length - warmUpRequests;
    const after = await settledHeap(gc);
    const alive = refs.filter((ref) => ref.deref() !== undefined).length;
    writeReport('fault-hygiene', {
      reproduce: 'npm run test:faults',
      seed: SEED,
      streams: STREAMS,
      concurrency: CONCURRENCY,
      seconds: Number(seconds.toFixed(1)),
      requests,
      openConnectionsAfter: openConnections,
      streamsReachableAfterGc: alive,
      heapBaselineBytes: baseline,
      heapGrowthBytes: after - baseline,
      heapToleranceBytes: HEAP_TOLERANCE_BYTES,
      outcomes: Object.fromEntries([...tally].sort()),
    });

    expect(idle, 'the server went idle').toBe(true);
    expect(openConnections).toBe(0);
    expect(untyped.map(String), 'errors that are not typed errors of this library').toEqual([]);
    expect(alive, 'streams still reachable after GC').toBe(0);
    expect(after - baseline, `heap growth (baseline ${mb(baseline)} MB)`).toBeLessThan(HEAP_TOLERANCE_BYTES);

    // The mix really happened: every fault, completed and errored streams, every way to leave.
    const total = (match: (key: string) => boolean): number => [...tally].filter(([key]) => match(key)).reduce((n, [, v]) => n + v, 0);
    for (const fault of FAULTS) expect(total((key) => key.startsWith(`${fault} /`)), `streams with fault ${fault}`).toBeGreaterThan(50);
    for (const how of ['completed', 'errored', 'left after k events', 'left after t ms', 'left at once']) {
      expect(total((key) => key.endsWith(`/ ${how}`)), `streams that ${how}`).toBeGreaterThan(20);
    }
    expect(total(() => true)).toBe(STREAMS);
    expect(requests).toBeGreaterThan(STREAMS * 0.8);
  }, 90_000);
});

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
