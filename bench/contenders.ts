// Everything that consumes a workload: the floor (parse only), this library at five depths,
// openai-node and the Vercel AI SDK, each reading the same chunks through a ReadableStream.
// The peers are built from the modules handed in (bench/installedPeers.ts: the devDependency
// versions, on Node 20; bench/node24.ts: the latest ones, on Node 24), so this file imports
// neither and both runs share the same contender code.
import { type EventSourceMessage, createParser } from 'eventsource-parser';
import { lastValueFrom, tap } from 'rxjs';
import { createClient, finalResponse, fromFetchResponse, fromSSE, scanResponse, textDeltas } from 'rx-responses';
import type { Workload } from './workloads.js';

/** What one run measured. */
export interface RunResult {
  /** Events (or stream parts) the contender handed to its consumer. */
  readonly consumed: number;
  /** Highest heapUsed seen during the run, in bytes. */
  readonly peakHeap: number;
  /** The final response (where the contender produces one). */
  readonly final?: unknown;
  /** The answer text the contender arrived at, or just its length (checked against the workload's). */
  readonly text?: string;
  readonly textLength?: number;
  /** True when `consumed` counts every event of the workload (checked against its count). */
  readonly countsEvents?: boolean;
}

export interface Contender {
  readonly name: string;
  /** Skip workloads where the contender cannot run (e.g. the naive baseline at large N). */
  readonly accepts?: (workload: Workload) => boolean;
  run(workload: Workload): Promise<RunResult>;
}

/**
 * Tracks the heap during a run. In timing runs it samples heapUsed every few thousand calls
 * (which includes garbage not yet collected). In memory runs (`HeapProbe.live = true`, needs
 * --expose-gc) it collects garbage before each sample, so the peak is what was really kept
 * alive: the number that says whether memory grows with the response.
 */
export class HeapProbe {
  static live = false;
  peak = process.memoryUsage().heapUsed;
  private calls = 0;
  tick(): void {
    const every = HeapProbe.live ? 16383 : 2047;
    if ((++this.calls & every) === 0) this.sample();
  }
  sample(): void {
    if (HeapProbe.live) (globalThis as { gc?: () => void }).gc?.();
    const used = process.memoryUsage().heapUsed;
    if (used > this.peak) this.peak = used;
  }
}

/**
 * The workload's chunks as a fresh body, one chunk per read, as a socket would deliver them.
 * `onRead`, when given, is called before each read.
 */
export function bodyOf(workload: Workload, onRead?: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      onRead?.();
      const chunk = workload.chunks[i++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

/**
 * The floor's way of reading a body: each chunk decoded with a streaming TextDecoder and fed to
 * eventsource-parser, which calls `onEvent` itself for every event (no wrapper: the floor
 * pays no extra call per event).
 */
async function parseBody(workload: Workload, onEvent: (message: EventSourceMessage) => void): Promise<void> {
  const parser = createParser({ onEvent });
  const decoder = new TextDecoder();
  const reader = bodyOf(workload).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  parser.feed(decoder.decode());
}

/** The workload as a fetch `Response`, as a server would send it. */
function responseOf(workload: Workload, onRead?: () => void): Response {
  return new Response(bodyOf(workload, onRead), { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

function fakeFetch(workload: Workload): typeof fetch {
  return async () => responseOf(workload);
}

export const lowerBound: Contender = {
  name: 'lowerBound (eventsource-parser + JSON.parse)',
  async run(workload) {
    const probe = new HeapProbe();
    let consumed = 0;
    let sink: unknown;
    await parseBody(workload, (message) => {
      sink = JSON.parse(message.data);
      consumed++;
      probe.tick();
    });
    probe.sample();
    return { consumed, peakHeap: probe.peak, final: sink, countsEvents: true };
  },
};

export const oursEvents: Contender = {
  name: 'ours: typed events (fromSSE)',
  async run(workload) {
    const probe = new HeapProbe();
    let consumed = 0;
    await new Promise<void>((resolve, reject) =>
      fromSSE(bodyOf(workload)).subscribe({
        next: () => {
          consumed++;
          probe.tick();
        },
        error: reject,
        complete: resolve,
      }),
    );
    probe.sample();
    return { consumed, peakHeap: probe.peak, countsEvents: true };
  },
};

export const oursTextDeltas: Contender = {
  name: 'ours: textDeltas()',
  async run(workload) {
    const probe = new HeapProbe();
    let consumed = 0;
    let length = 0;
    await new Promise<void>((resolve, reject) =>
      fromSSE(bodyOf(workload))
        .pipe(textDeltas())
        .subscribe({
          next: (delta) => {
            length += delta.length;
            consumed++;
            probe.tick();
          },
          error: reject,
          complete: resolve,
        }),
    );
    probe.sample();
    return { consumed, peakHeap: probe.peak, final: length, textLength: length };
  },
};

export const oursSnapshots: Contender = {
  name: 'ours: scanResponse() (every snapshot)',
  async run(workload) {
    const probe = new HeapProbe();
    let consumed = 0;
    let seen = 0;
    let text = '';
    await new Promise<void>((resolve, reject) =>
      fromSSE(bodyOf(workload))
        .pipe(scanResponse())
        .subscribe({
          next: (snapshot) => {
            // Read what a UI reads from each snapshot.
            text = snapshot.outputText;
            seen += text.length + snapshot.response.output.length;
            consumed++;
            probe.tick();
          },
          error: reject,
          complete: resolve,
        }),
    );
    probe.sample();
    return { consumed, peakHeap: probe.peak, final: seen, text, countsEvents: true };
  },
};

export const oursFinal: Contender = {
  name: 'ours: finalResponse()',
  async run(workload) {
    const probe = new HeapProbe();
    let consumed = 0;
    const final = await lastValueFrom(
      fromSSE(bodyOf(workload)).pipe(
        tap(() => {
          consumed++;
          probe.tick();
        }),
        finalResponse(),
      ),
    );
    probe.sample();
    return { consumed, peakHeap: probe.peak, final, text: final.output_text, countsEvents: true };
  },
};

/**
 * The shortest way to the final response, the one the targets name:
 * `fromFetchResponse(res).pipe(finalResponse())` with nothing between the two. Nothing counts
 * the events here; the final text is checked against the workload's instead.
 */
export const oursFetchFinal: Contender = {
  name: 'ours: fromFetchResponse() + finalResponse()',
  async run(workload) {
    const probe = new HeapProbe();
    // Nothing sits between the two to tick the probe: the body samples the heap instead, every
    // 64th read (of 16 KiB), which costs nothing next to the parsing.
    let reads = 0;
    const sampleEvery64 = () => {
      if ((++reads & 63) === 0) probe.sample();
    };
    const final = await lastValueFrom(fromFetchResponse(responseOf(workload, sampleEvery64)).pipe(finalResponse()));
    probe.sample();
    return { consumed: workload.eventCount, peakHeap: probe.peak, final, text: final.output_text };
  },
};

/** What the bench uses of openai-node's default export (the same in versions 6 and 7). */
export type OpenAIClass = new (options: { apiKey: string; baseURL?: string; fetch?: typeof fetch; maxRetries: number }) => {
  responses: { stream(body: { model: string; input: string }): AsyncIterable<unknown> & { finalResponse(): Promise<{ output_text: string }> } };
};

/** What the bench uses of `ai` and `@ai-sdk/openai` (the same in ai 5 / @ai-sdk/openai 2 and ai 7 / 4). */
export interface AISDKModules {
  streamText(options: { model: never; prompt: string; maxRetries: number; tools: never }): { fullStream: AsyncIterable<unknown>; text: PromiseLike<string> };
  createOpenAI(options: { apiKey: string; fetch: typeof fetch }): { responses(modelId: string): unknown; tools: { webSearch(args: Record<string, never>): unknown } };
}

/** openai-node's `responses.stream()`, every event iterated, then `finalResponse()`. */
export function openaiStream(OpenAI: OpenAIClass, name: string): Contender {
  return {
    name,
    async run(workload) {
      return streamWithOpenAI(new OpenAI({ apiKey: 'sk-bench-not-a-key', fetch: fakeFetch(workload), maxRetries: 0 }));
    },
  };
}

/** The AI SDK's `streamText()` on the OpenAI provider's Responses model, every part of `fullStream` iterated. */
export function aiSdkStream({ streamText, createOpenAI }: AISDKModules, name: string): Contender {
  return {
    name,
    async run(workload) {
      const probe = new HeapProbe();
      const provider = createOpenAI({ apiKey: 'sk-bench-not-a-key', fetch: fakeFetch(workload) });
      // Declaring the provider's web search tool lets the SDK map web_search_call items.
      const result = streamText({ model: provider.responses('gpt-5-bench') as never, prompt: 'bench', maxRetries: 0, tools: { web_search: provider.tools.webSearch({}) } as never });
      let consumed = 0;
      for await (const _part of result.fullStream) {
        consumed++;
        probe.tick();
      }
      probe.sample();
      const text = await result.text;
      return { consumed, peakHeap: probe.peak, final: text, text };
    },
  };
}

/** What an immutable reducer costs without structural sharing: a deep clone per event. */
export const naiveDeepClone: Contender = {
  name: 'naive immutable (deep clone per event)',
  accepts: (workload) => workload.eventCount <= 20_000,
  async run(workload) {
    const probe = new HeapProbe();
    let consumed = 0;
    let snapshot: { output: { content: { text: string }[] }[] } = { output: [] };
    await parseBody(workload, (message) => {
      const event = JSON.parse(message.data) as { type: string; delta?: string; output_index?: number; content_index?: number; item?: never; part?: never };
      const next = structuredClone(snapshot);
      if (event.type === 'response.output_item.added') next.output[event.output_index ?? 0] = event.item as never;
      else if (event.type === 'response.content_part.added') next.output[event.output_index ?? 0]!.content[event.content_index ?? 0] = event.part as never;
      else if (event.type === 'response.output_text.delta') next.output[event.output_index ?? 0]!.content[event.content_index ?? 0]!.text += event.delta;
      snapshot = next;
      consumed++;
      probe.tick();
    });
    probe.sample();
    return { consumed, peakHeap: probe.peak, final: snapshot };
  },
};

/** Over real HTTP: the loopback replay server sends the workload's events in 16 KiB writes. */
export interface HttpTarget {
  readonly baseURL: string;
}

export function oursHttp(target: HttpTarget, replay = true): Contender {
  return {
    name: `ours over HTTP: createClient().responses.stream(${replay ? '' : 'p, { replay: false }'}) + finalResponse()`,
    async run() {
      const probe = new HeapProbe();
      let consumed = 0;
      const client = createClient({ apiKey: 'sk-bench-not-a-key', baseURL: target.baseURL, maxRetries: 0 });
      const final = await lastValueFrom(
        client.responses.stream({ model: 'gpt-5-bench', input: 'bench' }, { replay }).pipe(
          tap(() => {
            consumed++;
            probe.tick();
          }),
          finalResponse(),
        ),
      );
      probe.sample();
      return { consumed, peakHeap: probe.peak, final, text: final.output_text, countsEvents: true };
    },
  };
}

/** One openai-node run, whatever the client reads from: every event iterated, then `finalResponse()`. */
async function streamWithOpenAI(client: InstanceType<OpenAIClass>): Promise<RunResult> {
  const probe = new HeapProbe();
  const stream = client.responses.stream({ model: 'gpt-5-bench', input: 'bench' });
  let consumed = 0;
  for await (const _event of stream) {
    consumed++;
    probe.tick();
  }
  const final = await stream.finalResponse();
  probe.sample();
  return { consumed, peakHeap: probe.peak, final, text: final.output_text, countsEvents: true };
}

export function openaiHttp(OpenAI: OpenAIClass, target: HttpTarget): Contender {
  return {
    name: 'openai-node@6 over HTTP: responses.stream() + finalResponse()',
    async run() {
      return streamWithOpenAI(new OpenAI({ apiKey: 'sk-bench-not-a-key', baseURL: target.baseURL, maxRetries: 0 }));
    },
  };
}
