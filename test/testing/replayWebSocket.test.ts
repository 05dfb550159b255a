// openai-node's own WebSocket mode client (ResponsesWS, openai@6) against the replay server:
// evidence that the server speaks the protocol as the reference client expects it.
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/index.js';
import { type ReplayServer, type ReplayWebSocketOptions, startReplayServer } from '../../src/testing/index.js';
import { resumableRecording } from '../client/resumableRecording.js';
import { until } from '../support/until.js';

const recording = resumableRecording();
const EVENTS = recording.events;
const TERMINAL = new Set(['response.completed', 'response.failed', 'response.incomplete']);

let server: ReplayServer | undefined;
let sockets: ResponsesWS[] = [];

async function start(webSocket: ReplayWebSocketOptions = {}): Promise<ReplayServer> {
  server = await startReplayServer({ recording: recording.text, webSocket });
  return server;
}

function openaiSocket(): ResponsesWS {
  const client = new OpenAI({ apiKey: 'sk-test-openai', baseURL: server!.baseURL, maxRetries: 0 });
  const socket = new ResponsesWS(client);
  sockets.push(socket);
  return socket;
}

/** Sends one response.create and collects events until a terminal event or an error. */
function run(socket: ResponsesWS, input: string): Promise<{ events: unknown[]; error?: unknown }> {
  return new Promise((resolve) => {
    const events: unknown[] = [];
    const onEvent = (event: { type: string }): void => {
      if (event.type === 'error') return;
      events.push(event);
      if (TERMINAL.has(event.type)) finish();
    };
    const onError = (error: unknown): void => finish(error);
    const finish = (error?: unknown): void => {
      socket.off('event', onEvent);
      socket.off('error', onError);
      resolve(error === undefined ? { events } : { events, error });
    };
    socket.on('event', onEvent);
    socket.on('error', onError);
    socket.send({ type: 'response.create', model: 'gpt-5-nano', input } as never);
  });
}

afterEach(async () => {
  for (const socket of sockets) socket.close();
  sockets = [];
  if (server !== undefined) {
    await until(() => server?.openWebSockets() === 0, 'the client to close its WebSocket');
    await server.close();
    server = undefined;
  }
});

describe('replay server in WebSocket mode, driven by openai-node ResponsesWS', () => {
  it('accepts the upgrade with the key and streams the recording as JSON messages', async () => {
    const s = await start();
    const { events, error } = await run(openaiSocket(), 'Say hello');
    expect(error).toBeUndefined();
    expect(events).toEqual(EVENTS);
    expect(s.requests[0]?.headers.authorization).toBe('Bearer sk-test-openai');
    expect(s.socketMessages[0]?.message).toEqual({ type: 'response.create', model: 'gpt-5-nano', input: 'Say hello' });
  });

  it('serves scripted responses one after another on one connection', async () => {
    const second: ResponseStreamEvent[] = EVENTS.map((event) =>
      event.type === 'response.output_text.delta' ? ({ ...event, delta: String(event.delta).toUpperCase() } as ResponseStreamEvent) : event,
    );
    const s = await start({ responses: [EVENTS, second] });
    const socket = openaiSocket();
    const first = await run(socket, 'one');
    const next = await run(socket, 'two');
    expect(first.events).toEqual(EVENTS);
    expect(next.events).toEqual(second);
    expect(s.webSocketConnections()).toBe(1);
  });

  it('sends an error message that openai-node reports as an API error', async () => {
    await start({ faults: [{ kind: 'error', status: 429, code: 'rate_limit_exceeded', message: 'Slow down', afterEvents: 1 }] });
    const { events, error } = await run(openaiSocket(), 'Hi');
    expect(events).toEqual(EVENTS.slice(0, 1));
    expect((error as { error?: { error?: { code?: string }; status?: number } }).error).toMatchObject({
      type: 'error',
      status: 429,
      error: { code: 'rate_limit_exceeded', message: 'Slow down' },
    });
  });

  it('closes with the scripted code, which openai-node sees', async () => {
    await start({ faults: [{ kind: 'close', code: 1012, reason: 'restart', afterEvents: 2 }] });
    const socket = openaiSocket();
    const closed = new Promise<number>((resolve) => socket.on('close', (code: number) => resolve(code)));
    socket.on('error', () => undefined);
    socket.send({ type: 'response.create', model: 'gpt-5-nano', input: 'Hi' } as never);
    expect(await closed).toBe(1012);
  });
});
