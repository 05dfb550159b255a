// Timing one contender on one workload, the checks that make a wrong answer a failed row, and
// the Markdown table both Node runs print (bench/index.ts on Node 20, bench/node24.ts on Node 24).
import { type Contender, HeapProbe, type RunResult } from './contenders.js';
import type { Workload } from './workloads.js';

const gc = (globalThis as { gc?: () => void }).gc;

export interface Measured {
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

export async function measure(contender: Contender, workload: Workload, runs: number): Promise<Measured> {
  const [row] = await measureInterleaved([contender], workload, () => runs);
  return row!;
}

/**
 * Times several contenders on one workload round-robin: run r of each before run r + 1 of any,
 * so a machine that slows down or speeds up meanwhile affects all of them alike and the ratios
 * between them hold. `runsOf` says how many timed runs each gets (fewer for the slow peers); the
 * median is reported. A contender that throws or arrives at a wrong answer is a failed row and
 * runs no more. Each one that finished gets one more, untimed run for its live heap.
 */
export async function measureInterleaved(contenders: readonly Contender[], workload: Workload, runsOf: (contender: Contender) => number): Promise<Measured[]> {
  const states = contenders.map((contender) => ({ contender, times: [] as number[], peakHeap: 0, rssGrowth: 0, last: undefined as RunResult | undefined, failed: undefined as string | undefined }));
  const rounds = Math.max(0, ...contenders.map(runsOf));
  for (let r = 0; r < rounds; r++) {
    for (const state of states) {
      if (state.failed !== undefined || r >= runsOf(state.contender)) continue;
      gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const rssBefore = process.memoryUsage.rss();
      const start = performance.now();
      try {
        state.last = await state.contender.run(workload);
      } catch (error) {
        state.failed = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 120) ?? '';
        continue;
      }
      state.times.push(performance.now() - start);
      const wrong = wrongResult(workload, state.last);
      if (wrong !== undefined) {
        state.failed = `wrong result: ${wrong}`;
        continue;
      }
      state.peakHeap = Math.max(state.peakHeap, state.last.peakHeap - heapBefore);
      state.rssGrowth = Math.max(state.rssGrowth, process.memoryUsage.rss() - rssBefore);
    }
  }
  const rows: Measured[] = [];
  for (const { contender, times, peakHeap, rssGrowth, last, failed } of states) {
    if (failed !== undefined) {
      rows.push(failedRow(workload, contender, failed));
      continue;
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
    rows.push({
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
    });
  }
  return rows;
}

export function failedRow(workload: Workload, contender: Contender, reason: string): Measured {
  return { failed: reason, workload: workload.name, contender: contender.name, eventsPerSec: Number.NaN, mbPerSec: Number.NaN, medianMs: Number.NaN, minMs: Number.NaN, peakHeapMB: Number.NaN, peakLiveMB: Number.NaN, rssGrowthMB: Number.NaN, consumed: 0 };
}

/**
 * Why a run's result is wrong, if it is: a fast contender that drops events or gets the text
 * wrong must not win. Events are counted where a contender sees every event; the answer text
 * (or its length) is compared where the workload knows it.
 */
export function wrongResult(workload: Workload, result: RunResult): string | undefined {
  if (result.text !== undefined && workload.expectedText !== undefined && result.text !== workload.expectedText) {
    return `text of ${result.text.length} characters, expected ${workload.expectedText.length}`;
  }
  if (result.textLength !== undefined && workload.expectedText !== undefined && result.textLength !== workload.expectedText.length) {
    return `${result.textLength} characters of deltas, expected ${workload.expectedText.length}`;
  }
  if (result.countsEvents === true && result.consumed !== workload.eventCount) return `${result.consumed} events, expected ${workload.eventCount}`;
  return undefined;
}

export function table(rows: Measured[], lower: Map<string, number>, openai: Map<string, number>, openaiColumn = 'x openai-node'): string {
  const header = ['workload', 'contender', 'events/s', 'MB/s', 'median ms', 'min ms', 'x lowerBound', openaiColumn, 'peak heap MB', 'peak live MB', 'RSS growth MB'];
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

