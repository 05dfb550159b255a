// The agent-like workload of WebSocket mode: responses in a row through loopback, each a short
// text of ~40 deltas after a fixed server-side delay (a model thinking), measured end to end:
// total time of all turns, and the median time from `create` to the first event.
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import { lastValueFrom, tap } from 'rxjs';
import { createClient, finalResponse } from 'rx-responses';
import { startReplayServer } from 'rx-responses/testing';
import { completedText, textEvents } from './workloads.js';

/** One contender's result on the agent workload. */
export interface AgentRow {
  contender: string;
  totalMs: number;
  medianFirstEventMs: number;
  /** Set when a turn did not end with the expected text. */
  failed?: string;
}

const TERMINAL = new Set(['response.completed', 'response.failed', 'response.incomplete', 'error']);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Runs `turns` responses in a row for rx-responses over WebSocket, rx-responses over HTTP and
 * openai-node's WebSocket mode, against one replay server that waits `firstEventDelayMs`
 * before the first event of every response (over both transports).
 */
export async function agentTurns(options: { turns: number; deltas: number; firstEventDelayMs: number }): Promise<AgentRow[]> {
  const events = textEvents(options.deltas);
  const expected = completedText(events);
  const delay = options.firstEventDelayMs;
  const server = await startReplayServer({
    events: events as never,
    // Over HTTP the same delay, as a stall before the first event of every streamed response.
    faults: () => ({ kind: 'stall', afterEvents: 0, ms: delay }),
    webSocket: { firstEventDelayMs: delay },
  });
  const params = { model: 'gpt-5-nano', input: 'Next step?' };
  const rows: AgentRow[] = [];
  const timed = async (contender: string, turn: (onFirst: () => void) => Promise<string>, done?: () => void): Promise<void> => {
    const firsts: number[] = [];
    const start = performance.now();
    let failed: string | undefined;
    try {
      for (let i = 0; i < options.turns && failed === undefined; i++) {
        const t0 = performance.now();
        let first: number | undefined;
        const text = await turn(() => (first ??= performance.now() - t0));
        firsts.push(first ?? Number.NaN);
        if (text !== expected) failed = `turn ${i + 1}: wrong text`;
      }
    } catch (error) {
      failed = (error instanceof Error ? error.message : String(error)).slice(0, 120);
    } finally {
      done?.();
    }
    rows.push({ contender, totalMs: performance.now() - start, medianFirstEventMs: median(firsts), ...(failed === undefined ? {} : { failed }) });
  };
  try {
    const client = createClient({ apiKey: 'bench', baseURL: server.baseURL });
    const socket = client.responses.connect();
    await timed(
      'ours over WebSocket: connect().create()',
      async (onFirst) => (await lastValueFrom(socket.create(params).pipe(tap({ next: onFirst }), finalResponse()))).output_text,
      () => socket.close(),
    );
    await timed('ours over HTTP: stream()', async (onFirst) => (await lastValueFrom(client.responses.stream(params).pipe(tap({ next: onFirst }), finalResponse()))).output_text);
    const openai = new ResponsesWS(new OpenAI({ apiKey: 'bench', baseURL: server.baseURL, maxRetries: 0 }));
    await timed(
      'openai-node@6 WebSocket: ResponsesWS',
      (onFirst) =>
        new Promise<string>((resolve, reject) => {
          let text = '';
          const onEvent = (event: { type: string; delta?: string }): void => {
            onFirst();
            if (event.type === 'response.output_text.delta') text += event.delta ?? '';
            if (!TERMINAL.has(event.type)) return;
            cleanup();
            if (event.type === 'response.completed') resolve(text);
            else reject(new Error(`ended with ${event.type}`));
          };
          const onError = (error: Error): void => {
            cleanup();
            reject(error);
          };
          const cleanup = (): void => {
            openai.off('event', onEvent as never);
            openai.off('error', onError);
          };
          openai.on('event', onEvent as never);
          openai.on('error', onError);
          openai.send({ type: 'response.create', ...params } as never);
        }),
      () => openai.close(),
    );
  } finally {
    await server.close();
  }
  return rows;
}
