// responseState() at scale: a response of 10,000 output items (one short message each, every
// event of its lifecycle) against one of 1,000, through fromSSE(...).pipe(responseState()).
// What a UI pays per event should not grow with the number of items already shown. The same
// pair through finalResponse() (only the end state is kept, so it should be flat) and
// scanResponse() (every snapshot is handed out, so each item event pays one copy of `output`).
//
// Through fromSSE, not fromEvents: that is the pipeline an app runs, and parsing is part of
// every event's cost (the same per event at both sizes). Without it the ratio would be larger,
// so the stricter figure (pre-parsed events through fromEvents) is logged beside it.
import { Observable } from 'rxjs';
import { type ResponseSnapshot, type ResponseStreamEvent, type ResponseViewState, finalResponse, fromEvents, fromSSE, responseState, scanResponse } from 'rx-responses';
import { bodyOf } from './contenders.js';
import { itemsEvents, toWorkload } from './workloads.js';

export interface StateGrowthSummary {
  /** ns per event at 10,000 items over ns per event at 1,000 (through fromSSE, read once per burst as a UI renders). */
  responseStateItemGrowth: number;
  responseStateNsPerEvent1kItems: number;
  responseStateNsPerEvent10kItems: number;
  /** The same with every state's `items` read (each read of a new list copies it). */
  responseStateItemGrowthEveryState: number;
  /** The same for finalResponse(), whose cost per event should not grow at all. */
  finalResponseItemGrowth: number;
  finalResponseNsPerEvent10kItems: number;
  /** The same for scanResponse() (one snapshot per event, each with its own `output`). */
  scanResponseItemGrowth: number;
  scanResponseNsPerEvent10kItems: number;
}

type Operator = 'responseState' | 'finalResponse' | 'scanResponse';

interface Load {
  readonly items: number;
  readonly events: readonly ResponseStreamEvent[];
  readonly sse: ReturnType<typeof toWorkload>;
  readonly expectedText: string;
}

function loadOf(items: number, chunkSize: number): Load {
  const events = itemsEvents(items);
  const sse = toWorkload(`items-${items}`, events, chunkSize, { checkText: true });
  return { items, events: events as unknown as ResponseStreamEvent[], sse, expectedText: sse.expectedText ?? '' };
}

/**
 * How the responseState() consumer reads: `render` reads the latest state once per burst of
 * states (in a microtask after the first), as a UI renders: React renders once per burst of
 * `useSyncExternalStore` updates, Angular signals and Vue refs once per tick, `coalesceFrames()`
 * once per frame. `every` reads every state, the worst case (a consumer that logs each state).
 */
type Reader = 'render' | 'every';

/**
 * Time of one run in ms. For responseState(), the consumer reads what a streaming UI reads to
 * render a state: the status, the whole text, how many items there are and the last item's
 * text (the one that is growing); reading nothing would hide the cost of the list it is given.
 * For scanResponse() it reads the text and the number of items of every snapshot;
 * finalResponse() emits once.
 */
async function runOnce(load: Load, source: 'sse' | 'events', operator: Operator = 'responseState', reader: Reader = 'render'): Promise<number> {
  if (operator !== 'responseState') return runSnapshots(load, operator);
  let states = 0;
  let reads = 0;
  let checksum = 0;
  let last: ResponseViewState | undefined;
  let pending = false;
  const read = (): void => {
    pending = false;
    const state = last as ResponseViewState;
    const items = state.items;
    const tail = items[items.length - 1];
    checksum += state.status.length + state.text.length + items.length + (tail?.kind === 'message' ? tail.text.length : 0);
    reads++;
  };
  const start = performance.now();
  const events$: Observable<ResponseStreamEvent> = source === 'sse' ? fromSSE(bodyOf(load.sse)) : fromEvents(load.events);
  await new Promise<void>((resolve, reject) =>
    events$.pipe(responseState()).subscribe({
      next(state) {
        states++;
        last = state;
        if (reader === 'every') read();
        else if (!pending) {
          pending = true;
          queueMicrotask(read);
        }
      },
      error: reject,
      complete() {
        if (pending) read();
        resolve();
      },
    }),
  );
  const ms = performance.now() - start;
  if (last?.status !== 'completed' || last.items.length !== load.items || last.text !== load.expectedText || checksum === 0 || states < load.items || reads === 0) {
    throw new Error(`responseState() on ${load.items} items ended wrong: ${last?.status}, ${last?.items.length} items`);
  }
  if (reader === 'render' && source === 'sse' && reads * 10 > states) {
    throw new Error(`responseState() on ${load.items} items: ${reads} reads of ${states} states, not once per burst`);
  }
  return ms;
}

/** finalResponse() or scanResponse() through fromSSE; the end state is checked as above. */
async function runSnapshots(load: Load, operator: 'finalResponse' | 'scanResponse'): Promise<number> {
  let checksum = 0;
  let status: unknown;
  let items = -1;
  let text = '';
  const start = performance.now();
  const events$ = fromSSE(bodyOf(load.sse));
  await new Promise<void>((resolve, reject) => {
    if (operator === 'finalResponse') {
      events$.pipe(finalResponse()).subscribe({
        next(response) {
          status = response.status;
          items = response.output.length;
          text = response.output_text;
          checksum++;
        },
        error: reject,
        complete: resolve,
      });
    } else {
      events$.pipe(scanResponse()).subscribe({
        next(s: ResponseSnapshot) {
          checksum += s.outputText.length + s.output.length;
          status = s.phase;
          items = s.output.length;
          text = s.outputText;
        },
        error: reject,
        complete: resolve,
      });
    }
  });
  const ms = performance.now() - start;
  if (status !== 'completed' || items !== load.items || text !== load.expectedText || checksum === 0) {
    throw new Error(`${operator}() on ${load.items} items ended wrong: ${String(status)}, ${items} items`);
  }
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function measureStateGrowth(options: { runs: number; chunkSize: number; log: (line: string) => void }): Promise<StateGrowthSummary> {
  const small = loadOf(1_000, options.chunkSize);
  const large = loadOf(10_000, options.chunkSize);
  options.log(`  responseState(): ${small.items} and ${large.items} items of one delta each (${small.sse.eventCount} and ${large.sse.eventCount} events) ...`);
  const perEvent = async (source: 'sse' | 'events', operator: Operator = 'responseState', reader: Reader = 'render'): Promise<[number, number]> => {
    // Warm up, then interleave so drift of the machine affects both sizes alike.
    await runOnce(small, source, operator, reader);
    const smallTimes: number[] = [];
    const largeTimes: number[] = [];
    for (let r = 0; r < options.runs; r++) {
      smallTimes.push(await runOnce(small, source, operator, reader));
      largeTimes.push(await runOnce(large, source, operator, reader));
    }
    return [(median(smallTimes) * 1e6) / small.sse.eventCount, (median(largeTimes) * 1e6) / large.sse.eventCount];
  };
  const [ns1k, ns10k] = await perEvent('sse');
  const [every1k, every10k] = await perEvent('sse', 'responseState', 'every');
  options.log(`  responseState(): ${ns1k.toFixed(0)} / ${ns10k.toFixed(0)} ns per event read once per burst; ${every1k.toFixed(0)} / ${every10k.toFixed(0)} with every state read`);
  // Pre-parsed events arrive in one synchronous burst, so only every state read means anything.
  const [pre1k, pre10k] = await perEvent('events', 'responseState', 'every');
  options.log(`  responseState(): pre-parsed events (fromEvents), every state read: ${pre1k.toFixed(0)} / ${pre10k.toFixed(0)} ns per event, growth ${(pre10k / pre1k).toFixed(2)}`);
  const [final1k, final10k] = await perEvent('sse', 'finalResponse');
  const [scan1k, scan10k] = await perEvent('sse', 'scanResponse');
  options.log(`  finalResponse(): ${final1k.toFixed(0)} / ${final10k.toFixed(0)} ns per event; scanResponse(): ${scan1k.toFixed(0)} / ${scan10k.toFixed(0)} ns per event`);
  return {
    responseStateItemGrowth: ns10k / ns1k,
    responseStateNsPerEvent1kItems: ns1k,
    responseStateNsPerEvent10kItems: ns10k,
    responseStateItemGrowthEveryState: every10k / every1k,
    finalResponseItemGrowth: final10k / final1k,
    finalResponseNsPerEvent10kItems: final10k,
    scanResponseItemGrowth: scan10k / scan1k,
    scanResponseNsPerEvent10kItems: scan10k,
  };
}
