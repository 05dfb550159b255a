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
  /**
   * Times `turns` turns on a connection made by `open` inside the clock (a lazy socket connects
   * on its first create, openai-node's in its constructor: both are counted). Two untimed turns
   * on a connection of its own come first, so no contender pays for warming up code (ws's
   * framing, the replay server) that the ones after it would find warm.
   */
  const timed = async <T>(contender: string, open: () => T, turnOn: (connection: T, onFirst: () => void) => Promise<string>, close: (connection: T) => void): Promise<void> => {
    const warm = open();
    try {
      for (let i = 0; i < 2; i++) await turnOn(warm, () => undefined);
    } catch {
      // A failure shows in the timed turns.
    } finally {
      close(warm);
    }
    const firsts: number[] = [];
    const start = performance.now();
    let failed: string | undefined;
    let connection: T | undefined;
    try {
      connection = open();
      for (let i = 0; i < options.turns && failed === undefined; i++) {
        const t0 = performance.now();
        let first: number | undefined;
        const text = await turnOn(connection, () => (first ??= performance.now() - t0));
        firsts.push(first ?? Number.NaN);
        if (text !== expected) failed = `turn ${i + 1}: wrong text`;
      }
    } catch (error) {
      failed = (error instanceof Error ? error.message : String(error)).slice(0, 120);
    } finally {
      if (connection !== undefined) close(connection);
    }
    rows.push({ contender, totalMs: performance.now() - start, medianFirstEventMs: median(firsts), ...(failed === undefined ? {} : { failed }) });
  };
  try {
    const client = createClient({ apiKey: 'bench', baseURL: server.baseURL });
    await timed(
      'ours over WebSocket: connect().create()',
      () => client.responses.connect(),
      async (socket, onFirst) => (await lastValueFrom(socket.create(params).pipe(tap({ next: onFirst }), finalResponse()))).output_text,
      (socket) => socket.close(),
    );
    await timed(
      'ours over HTTP: stream()',
      () => client,
      async (http, onFirst) => (await lastValueFrom(http.responses.stream(params).pipe(tap({ next: onFirst }), finalResponse()))).output_text,
      () => undefined,
    );
    await timed(
      'openai-node@6 WebSocket: ResponsesWS',
      () => new ResponsesWS(new OpenAI({ apiKey: 'bench', baseURL: server.baseURL, maxRetries: 0 })),
      (openai, onFirst) =>
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
      (openai) => openai.close(),
    );
  } finally {
    await server.close();
  }
  return rows;
}
