// Many streams at once, as a relay server carries them: `streams` client streams of `deltas`
// text deltas each, all open together against the loopback replay server, for this library
// (`replay: false` + finalResponse()) and for openai-node (responses.stream() + finalResponse()),
// one after the other in this process, each with one client for all its streams. The replay
// server runs in a worker thread, so its heap (sockets, per-response state) stays out of this
// isolate's heapUsed and its writes take the other core instead of this event loop.
//
// The server writes each response in `chunkSize` pieces as fast as its client reads, but holds
// it after its last delta (before `output_text.done` and the terminal events) until every
// stream has reached that point: all streams are then open together, each holding everything a
// stream accumulates (its whole text), whatever order the client happened to read the sockets
// in. There the heap is sampled after a full collection: less the heap before the streams
// started (after a few warm-up streams, so code compiled on first use is not counted), divided
// by the streams, that is the heap per open stream. Then the gate opens and every stream ends
// and is checked against the expected text. Events per second count every event of every
// stream over the time from the first request to the last stream's end, less the time at the
// gate.
import OpenAI from 'openai';
import { lastValueFrom, tap } from 'rxjs';
import { createClient, finalResponse } from 'rx-responses';
import { startReplayServer } from 'rx-responses/testing';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { completedText, textEvents } from './workloads.js';

export interface ConcurrencyOptions {
  streams: number;
  deltas: number;
  chunkSize: number;
  log: (line: string) => void;
}

/** One contender's run of the concurrency workload. */
export interface ConcurrencyRow {
  contender: string;
  streams: number;
  /** Set when a stream failed or ended with the wrong text. */
  failed?: string;
  /** heapUsed (after gc) with every stream open at the gate, less the heap before they started, per stream. */
  heapPerStream: number;
  /** heapUsed (after gc) once every stream ended, less the heap before they started. */
  heapAfterMB: number;
  eventsPerSec: number;
  /** From the first request to every stream's first event, in ms. */
  openMs: number;
  /** From the first request to every stream at the gate, in ms. */
  gateMs: number;
  /** From the first request to the last stream's end, less the time at the gate, in ms. */
  flowMs: number;
}

interface ConcurrentContender {
  name: string;
  /** One client for every stream, as a relay server has. */
  client(baseURL: string): unknown;
  /** Opens one stream; `onEvent` is called for every event; resolves with the final response's text. */
  stream(client: unknown, onEvent: () => void): Promise<string>;
}

const PARAMS = { model: 'gpt-5-bench', input: 'bench' };

const ours: ConcurrentContender = {
  name: 'ours: createClient().responses.stream(p, { replay: false }) + finalResponse()',
  client: (baseURL) => createClient({ apiKey: 'sk-bench-not-a-key', baseURL, maxRetries: 0 }),
  async stream(client, onEvent) {
    const responses = (client as ReturnType<typeof createClient>).responses;
    const final = await lastValueFrom(responses.stream(PARAMS, { replay: false }).pipe(tap(onEvent), finalResponse()));
    return final.output_text;
  },
};

const openai: ConcurrentContender = {
  name: 'openai-node@6: responses.stream() + finalResponse()',
  client: (baseURL) => new OpenAI({ apiKey: 'sk-bench-not-a-key', baseURL, maxRetries: 0 }),
  async stream(client, onEvent) {
    const stream = (client as OpenAI).responses.stream(PARAMS);
    stream.on('event', onEvent);
    const final = await stream.finalResponse();
    return final.output_text;
  },
};

/**
 * Streams each contender runs before it is measured, a few at once, so code compiled and state
 * initialized on first use (fetch, the parsers) does not count as heap of the first contender.
 */
const WARM_UPS = 20;

/** The longest the gate waits for every stream to reach it. */
const WATCHDOG_MS = 300_000;

/** Events after the gate: output_text.done, content_part.done, output_item.done, response.completed. */
const AFTER_GATE = 4;

type ToWorker = { type: 'start'; deltas: number; chunkSize: number; warmUps: number } | { type: 'release' } | { type: 'close' };
type FromWorker = { type: 'started'; baseURL: string } | { type: 'closed' } | { type: 'error'; message: string };

/** The worker's side: one replay server at a time, started, released and closed on request. */
export async function serveReplayInWorker(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  let server: Awaited<ReturnType<typeof startReplayServer>> | undefined;
  let release = (): void => undefined;
  port.on('message', (message: ToWorker) => {
    const reply = (m: FromWorker) => port.postMessage(m);
    if (message.type === 'start') {
      const events = textEvents(message.deltas);
      const gate = new Promise<void>((resolve) => (release = resolve));
      startReplayServer({
        events: events as never,
        chunkSize: message.chunkSize,
        // The first requests warm up (compile, initialize) the client's code: no gate there.
        faults: (request) => (request.attempt <= message.warmUps ? undefined : { kind: 'stall', afterEvents: events.length - AFTER_GATE, until: gate }),
      }).then(
        (started) => {
          server = started;
          reply({ type: 'started', baseURL: started.baseURL });
        },
        (error: unknown) => reply({ type: 'error', message: String(error) }),
      );
    } else if (message.type === 'release') {
      release();
    } else {
      release();
      const closing = server?.close() ?? Promise.resolve();
      server = undefined;
      closing.then(
        () => reply({ type: 'closed' }),
        (error: unknown) => reply({ type: 'error', message: String(error) }),
      );
    }
  });
}

/** True in the worker this module starts for the replay server. */
export const isReplayWorker = (workerData as { role?: string } | null)?.role === 'concurrency-replay-server';

function ask(worker: Worker, message: ToWorker, want: FromWorker['type']): Promise<FromWorker> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: FromWorker) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      if (reply.type === want) resolve(reply);
      else reject(new Error(reply.type === 'error' ? reply.message : `unexpected ${reply.type}`));
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(message);
  });
}

/**
 * Runs the workload for each contender in turn. `workerURL` is the module to start the replay
 * server's worker from: one that calls {@link serveReplayInWorker} when {@link isReplayWorker}.
 */
export async function measureConcurrency(workerURL: URL, options: ConcurrencyOptions): Promise<ConcurrencyRow[]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the concurrency workload needs node --expose-gc');
  const events = textEvents(options.deltas);
  const expected = completedText(events);
  const worker = new Worker(workerURL, {
    workerData: { role: 'concurrency-replay-server' },
    argv: [],
  });
  const rows: ConcurrencyRow[] = [];
  try {
    for (const contender of [ours, openai]) {
      options.log(`  concurrency: ${options.streams} streams × ${options.deltas} deltas: ${contender.name} ...`);
      const started = await ask(worker, { type: 'start', deltas: options.deltas, chunkSize: options.chunkSize, warmUps: WARM_UPS }, 'started');
      try {
        const release = () => worker.postMessage({ type: 'release' } satisfies ToWorker);
        rows.push(await runContender(contender, (started as { baseURL: string }).baseURL, events.length, expected, release, options, gc));
      } finally {
        await ask(worker, { type: 'close' }, 'closed');
      }
    }
  } finally {
    await worker.terminate();
  }
  return rows;
}

async function runContender(
  contender: ConcurrentContender,
  baseURL: string,
  eventsPerStream: number,
  expected: string,
  release: () => void,
  options: ConcurrencyOptions,
  gc: () => void,
): Promise<ConcurrencyRow> {
  const n = options.streams;
  const atGate = eventsPerStream - AFTER_GATE;
  const client = contender.client(baseURL);
  for (let i = 0; i < WARM_UPS; i += 5) {
    const texts = await Promise.all(Array.from({ length: 5 }, () => contender.stream(client, () => undefined)));
    if (texts.some((text) => text !== expected)) return failedRow(contender.name, n, 'wrong result in a warm-up stream');
  }
  gc();
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let opened = 0;
  let gated = 0;
  let received = 0;
  let wrong = 0;
  let firstFailure: string | undefined;
  let heapAtGate = Number.NaN;
  let openMs = Number.NaN;
  let gateMs = Number.NaN;
  let releasedAt = Number.NaN;

  const start = performance.now();
  const one = async (): Promise<void> => {
    let seen = 0;
    const onEvent = (): void => {
      received++;
      seen++;
      if (seen === 1 && ++opened === n) openMs = performance.now() - start;
      if (seen === atGate && ++gated === n) {
        // Every stream is open and holds its whole text: sample, then let them end.
        gateMs = performance.now() - start;
        gc();
        gc();
        heapAtGate = process.memoryUsage().heapUsed;
        releasedAt = performance.now();
        release();
      }
    };
    try {
      const text = await contender.stream(client, onEvent);
      if (text !== expected) {
        wrong++;
        firstFailure ??= `wrong result: text of ${text.length} characters, expected ${expected.length}`;
      }
    } catch (error) {
      wrong++;
      firstFailure ??= (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 120) ?? '';
    }
  };
  // A stream that fails before the gate keeps the others waiting there: open it on failure,
  // and after WATCHDOG_MS in any case (the row then fails), so the bench cannot hang.
  const watchdog = setTimeout(release, WATCHDOG_MS);
  try {
    await Promise.all(Array.from({ length: n }, () => one().finally(() => (wrong > 0 ? release() : undefined))));
  } finally {
    clearTimeout(watchdog);
  }
  const end = performance.now();
  gc();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const row: ConcurrencyRow = {
    contender: contender.name,
    streams: n,
    heapPerStream: (heapAtGate - baseline) / n,
    heapAfterMB: (heapAfter - baseline) / 1e6,
    eventsPerSec: received / ((gateMs + (end - releasedAt)) / 1000),
    openMs,
    gateMs,
    flowMs: gateMs + (end - releasedAt),
  };
  const total = n * eventsPerStream;
  if (wrong > 0) return { ...row, failed: `${wrong} of ${n} streams: ${firstFailure ?? ''}`, heapPerStream: Number.NaN, eventsPerSec: Number.NaN };
  if (Number.isNaN(heapAtGate)) return { ...row, failed: `not every stream reached the gate within ${WATCHDOG_MS / 1000} s`, heapPerStream: Number.NaN, eventsPerSec: Number.NaN };
  if (received !== total) return { ...row, failed: `${received} events, expected ${total}`, heapPerStream: Number.NaN, eventsPerSec: Number.NaN };
  return row;
}

function failedRow(contender: string, streams: number, failed: string): ConcurrencyRow {
  return { contender, streams, failed, heapPerStream: Number.NaN, heapAfterMB: Number.NaN, eventsPerSec: Number.NaN, openMs: Number.NaN, gateMs: Number.NaN, flowMs: Number.NaN };
}
