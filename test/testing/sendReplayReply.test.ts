// sendReplayReply on its own: a plain Node server on 127.0.0.1 answers each request with the
// reply, fault and pacing a test gives, so what goes over the wire can be checked byte by byte
// and the writer's own promise can be awaited.
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/index.js';
import type { ReplayFault } from '../../src/testing/index.js';
import type { ReplayReply } from '../../src/testing/ReplayReply.js';
import { type ReplayPacing, sendReplayReply } from '../../src/testing/sendReplayReply.js';
import { recording } from '../support/fixtures.js';
import { until } from '../support/until.js';

const text = recording('azure-text-1.jsonl');

const frame = (event: ResponseStreamEvent): string => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
const sseBody = (events: readonly ResponseStreamEvent[]): string => events.map(frame).join('');
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** A fresh SSE reply of the recording's first `count` events (a new payload list each time). */
function sseReply(count = text.events.length): ReplayReply {
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': 'req_1' },
    sse: true,
    payloads: text.events.slice(0, count).map((event) => ({ event: event.type, data: JSON.stringify(event) })),
  };
}

interface Answer {
  reply: ReplayReply;
  fault?: ReplayFault;
  pacing?: ReplayPacing;
  /** The signal to pass instead of one that aborts when the response closes. */
  signal?: AbortSignal;
}

interface Loopback {
  url: string;
  port: number;
  /** The promise of each sendReplayReply call, in arrival order. */
  sends: Promise<void>[];
  /** Per request, resolves when the server's side of its response closed. */
  closes: Promise<void>[];
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** Starts a server on 127.0.0.1 answering the n-th request with `answers[n]`. */
async function serveAnswers(answers: Answer[]): Promise<Loopback> {
  const sends: Promise<void>[] = [];
  const closes: Promise<void>[] = [];
  const server = createServer((_req, res) => {
    const answer = answers[sends.length]!;
    const closed = new AbortController();
    closes.push(new Promise((resolve) => res.once('close', () => resolve())));
    res.once('close', () => closed.abort());
    res.socket?.setNoDelay(true);
    sends.push(sendReplayReply(res, answer.reply, answer.fault, answer.pacing ?? { chunkSize: undefined, delayMs: 0 }, answer.signal ?? closed.signal));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, port, sends, closes };
}

/** Everything a body delivered, with each chunk's arrival time, and how the read ended. */
async function readBody(response: Response): Promise<{ bytes: Uint8Array; chunks: { bytes: Uint8Array; at: number }[]; error: unknown; endedAt: number }> {
  const reader = response.body!.getReader();
  const chunks: { bytes: Uint8Array; at: number }[] = [];
  let error: unknown;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push({ bytes: value, at: performance.now() });
    }
  } catch (cause) {
    error = cause;
  }
  return { bytes: Buffer.concat(chunks.map((c) => c.bytes)), chunks, error, endedAt: performance.now() };
}

/** Resolves with 'settled' if `promise` settles within `ms`, else with 'pending'. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<'settled' | 'pending'> {
  return Promise.race([
    promise.then(
      () => 'settled' as const,
      () => 'settled' as const,
    ),
    new Promise<'pending'>((resolve) => setTimeout(resolve, ms, 'pending')),
  ]);
}

describe('sendReplayReply: bodies', () => {
  it('sends a JSON reply with its content-length, and an SSE reply chunked, without one', async () => {
    const json = '{"id":"resp_1","output":[]}';
    const loop = await serveAnswers([
      { reply: { status: 201, headers: { 'content-type': 'application/json' }, sse: false, payloads: [{ data: json }] } },
      { reply: sseReply() },
    ]);
    const first = await fetch(loop.url);
    expect(first.status).toBe(201);
    expect(first.headers.get('content-length')).toBe(String(Buffer.byteLength(json)));
    expect(first.headers.get('transfer-encoding')).toBeNull();
    expect(await first.text()).toBe(json);
    const second = await fetch(loop.url);
    expect(second.headers.get('content-length')).toBeNull();
    expect(second.headers.get('transfer-encoding')).toBe('chunked');
    expect(await second.text()).toBe(sseBody(text.events));
  });

  it('writes an SSE payload without an event name as a data line only', async () => {
    const loop = await serveAnswers([
      { reply: { status: 200, headers: {}, sse: true, payloads: [{ data: '{"a":1}' }, { event: 'named', data: '{"b":2}' }] } },
    ]);
    expect(await (await fetch(loop.url)).text()).toBe('data: {"a":1}\n\nevent: named\ndata: {"b":2}\n\n');
  });

  it('sends the same payload list as SSE frames or as a plain body, as each reply says', async () => {
    const payloads = [{ event: 'only', data: '{"x":"ü"}' }];
    const loop = await serveAnswers([
      { reply: { status: 200, headers: {}, sse: true, payloads } },
      { reply: { status: 200, headers: {}, sse: false, payloads } },
      { reply: { status: 200, headers: {}, sse: true, payloads } },
    ]);
    expect(await (await fetch(loop.url)).text()).toBe('event: only\ndata: {"x":"ü"}\n\n');
    const plain = await fetch(loop.url);
    expect(plain.headers.get('content-length')).toBe(String(Buffer.byteLength('{"x":"ü"}')));
    expect(await plain.text()).toBe('{"x":"ü"}');
    expect(await (await fetch(loop.url)).text()).toBe('event: only\ndata: {"x":"ü"}\n\n');
  });
});

describe('sendReplayReply: drop', () => {
  it('without afterBytes or afterEvents sends the status and headers, no body byte, then closes', async () => {
    const loop = await serveAnswers([{ reply: sseReply(), fault: { kind: 'drop' } }]);
    const response = await fetch(loop.url);
    expect(response.status).toBe(200);
    const read = await readBody(response);
    expect(read.bytes.length).toBe(0);
    expect(read.error).toBeInstanceOf(Error);
  });

  it('afterEvents 0 or below sends no body byte', async () => {
    const loop = await serveAnswers([
      { reply: sseReply(), fault: { kind: 'drop', afterEvents: 0 } },
      { reply: sseReply(), fault: { kind: 'drop', afterEvents: -2 } },
      { reply: sseReply(), fault: { kind: 'drop', afterBytes: -5 } },
    ]);
    for (let i = 0; i < 3; i++) {
      const read = await readBody(await fetch(loop.url));
      expect(read.bytes.length, `request ${i + 1}`).toBe(0);
      expect(read.error, `request ${i + 1}`).toBeInstanceOf(Error);
    }
  });

  it('past the end of the body sends all of it, but still breaks the connection instead of ending the body', async () => {
    const loop = await serveAnswers([
      { reply: sseReply(), fault: { kind: 'drop', afterEvents: text.events.length + 5 } },
      { reply: sseReply(), fault: { kind: 'drop', afterBytes: 10_000_000 } },
    ]);
    for (let i = 0; i < 2; i++) {
      const read = await readBody(await fetch(loop.url));
      expect(decode(read.bytes)).toBe(sseBody(text.events));
      expect(read.error).toBeInstanceOf(Error);
    }
  });

  it('with both afterBytes and afterEvents stops at whichever comes first', async () => {
    const twoEvents = Buffer.byteLength(sseBody(text.events.slice(0, 2)));
    const loop = await serveAnswers([
      { reply: sseReply(), fault: { kind: 'drop', afterBytes: twoEvents + 40, afterEvents: 2 } },
      { reply: sseReply(), fault: { kind: 'drop', afterBytes: twoEvents - 40, afterEvents: 2 } },
    ]);
    const events = await readBody(await fetch(loop.url));
    expect(decode(events.bytes)).toBe(sseBody(text.events.slice(0, 2)));
    const bytes = await readBody(await fetch(loop.url));
    expect(decode(bytes.bytes)).toBe(sseBody(text.events).slice(0, twoEvents - 40));
  });
});

describe('sendReplayReply: stall', () => {
  it('afterEvents 0 with a gate: the status comes at once, the first body byte only when the gate opens', async () => {
    let open!: () => void;
    const until = new Promise<void>((resolve) => (open = resolve));
    const loop = await serveAnswers([{ reply: sseReply(), fault: { kind: 'stall', afterEvents: 0, until } }]);
    const response = await fetch(loop.url);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const next = reader.read();
    expect(await settlesWithin(next, 200)).toBe('pending');
    open();
    let received = decode((await next).value!);
    for (let read = await reader.read(); !read.done; read = await reader.read()) received += decode(read.value);
    expect(received).toBe(sseBody(text.events));
  });

  it('afterEvents past the last event sends every event, then holds the end of the body for ms', async () => {
    const loop = await serveAnswers([{ reply: sseReply(3), fault: { kind: 'stall', afterEvents: 99, ms: 400 } }]);
    const read = await readBody(await fetch(loop.url));
    expect(read.error).toBeUndefined();
    expect(decode(read.bytes)).toBe(sseBody(text.events.slice(0, 3)));
    expect(read.endedAt - read.chunks.at(-1)!.at).toBeGreaterThanOrEqual(350);
  });

  it('without ms stops writing as soon as the client goes away', async () => {
    const loop = await serveAnswers([{ reply: sseReply(), fault: { kind: 'stall', afterEvents: 1 } }]);
    const abort = new AbortController();
    const response = await fetch(loop.url, { signal: abort.signal });
    const reader = response.body!.getReader();
    await reader.read();
    expect(await settlesWithin(loop.sends[0]!, 100)).toBe('pending');
    abort.abort();
    expect(await settlesWithin(loop.sends[0]!, 1000)).toBe('settled');
  });

  it('with a gate that never opens stops as soon as the client goes away', async () => {
    const loop = await serveAnswers([{ reply: sseReply(), fault: { kind: 'stall', afterEvents: 1, until: new Promise(() => undefined) } }]);
    const abort = new AbortController();
    const reader = (await fetch(loop.url, { signal: abort.signal })).body!.getReader();
    await reader.read();
    expect(await settlesWithin(loop.sends[0]!, 100)).toBe('pending');
    abort.abort();
    expect(await settlesWithin(loop.sends[0]!, 1000)).toBe('settled');
  });

  it('with a long ms stops as soon as the client goes away', async () => {
    const loop = await serveAnswers([{ reply: sseReply(), fault: { kind: 'stall', afterEvents: 1, ms: 20_000 } }]);
    const abort = new AbortController();
    const reader = (await fetch(loop.url, { signal: abort.signal })).body!.getReader();
    await reader.read();
    abort.abort();
    expect(await settlesWithin(loop.sends[0]!, 1000)).toBe('settled');
  });
});

describe('sendReplayReply: pacing', () => {
  it('writes one payload per write when no chunkSize is given', async () => {
    const loop = await serveAnswers([{ reply: sseReply(4), pacing: { chunkSize: undefined, delayMs: 60 } }]);
    const read = await readBody(await fetch(loop.url));
    expect(read.chunks.map((c) => decode(c.bytes))).toEqual(text.events.slice(0, 4).map(frame));
  });

  it('writes at most chunkSize bytes per write', async () => {
    const loop = await serveAnswers([{ reply: sseReply(3), pacing: { chunkSize: 200, delayMs: 40 } }]);
    const read = await readBody(await fetch(loop.url));
    expect(decode(read.bytes)).toBe(sseBody(text.events.slice(0, 3)));
    expect(read.chunks.length).toBe(Math.ceil(Buffer.byteLength(sseBody(text.events.slice(0, 3))) / 200));
    expect(read.chunks.every((c) => c.bytes.length <= 200)).toBe(true);
  });

  it('waits delayMs between writes, never before the first', async () => {
    const loop = await serveAnswers([{ reply: sseReply(1), pacing: { chunkSize: undefined, delayMs: 3000 } }]);
    const started = performance.now();
    const read = await readBody(await fetch(loop.url));
    expect(decode(read.bytes)).toBe(frame(text.events[0]!));
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('stops waiting between writes as soon as the client goes away', async () => {
    const loop = await serveAnswers([{ reply: sseReply(), pacing: { chunkSize: undefined, delayMs: 20_000 } }]);
    const abort = new AbortController();
    const reader = (await fetch(loop.url, { signal: abort.signal })).body!.getReader();
    await reader.read();
    abort.abort();
    expect(await settlesWithin(loop.sends[0]!, 1000)).toBe('settled');
  });
});

describe('sendReplayReply: more of drop, stall and pacing', () => {
  it('drop closes its side of the connection entirely, even when the client keeps its own side open', async () => {
    const loop = await serveAnswers([{ reply: sseReply(), fault: { kind: 'drop', afterEvents: 1 } }]);
    const socket = connect({ port: loop.port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()));
    socket.write('GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    await ended;
    await until(() => loop.closes.length === 1, 'the request to arrive');
    expect(await settlesWithin(loop.closes[0]!, 1000)).toBe('settled');
    socket.destroy();
  });

  it('stall afterEvents with a chunkSize still pauses exactly after those events', async () => {
    const firstTwo = Buffer.byteLength(sseBody(text.events.slice(0, 2)));
    const chunkSize = 1000;
    expect(firstTwo % chunkSize).not.toBe(0);
    const loop = await serveAnswers([{ reply: sseReply(), fault: { kind: 'stall', afterEvents: 2, ms: 400 }, pacing: { chunkSize, delayMs: 0 } }]);
    const read = await readBody(await fetch(loop.url));
    expect(decode(read.bytes)).toBe(sseBody(text.events));
    const gap = read.chunks.findIndex((chunk, i) => i + 1 < read.chunks.length && read.chunks[i + 1]!.at - chunk.at >= 350);
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(read.chunks.slice(0, gap + 1).reduce((n, c) => n + c.bytes.length, 0)).toBe(firstTwo);
  });

  it('stall afterEvents 0 pauses once, for ms, before the first body byte', async () => {
    const loop = await serveAnswers([{ reply: sseReply(2), fault: { kind: 'stall', afterEvents: 0, ms: 600 } }]);
    const response = await fetch(loop.url);
    const headersAt = performance.now();
    const read = await readBody(response);
    const wait = read.chunks[0]!.at - headersAt;
    expect(wait).toBeGreaterThanOrEqual(550);
    expect(wait).toBeLessThan(1000);
    expect(decode(read.bytes)).toBe(sseBody(text.events.slice(0, 2)));
  });

  it('splitBytes writes one byte at a time, also for a JSON body', async () => {
    const loop = await serveAnswers([{ reply: { status: 200, headers: {}, sse: false, payloads: [{ data: '{"ok":1}' }] }, fault: { kind: 'splitBytes' }, pacing: { chunkSize: undefined, delayMs: 30 } }]);
    const read = await readBody(await fetch(loop.url));
    expect(read.chunks.map((c) => decode(c.bytes))).toEqual(['{', '"', 'o', 'k', '"', ':', '1', '}']);
  });

  it('leaves no abort listener behind per write: a long stream raises no listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const loop = await serveAnswers([{ reply: sseReply(), pacing: { chunkSize: 64, delayMs: 0 } }]);
      expect(Buffer.byteLength(sseBody(text.events)) / 64).toBeGreaterThan(20);
      expect(decode((await readBody(await fetch(loop.url))).bytes)).toBe(sseBody(text.events));
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.includes('MaxListenersExceeded'))).toEqual([]);
  });

  it('a gate that opens before its ms leaves no timer running', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const loop = await serveAnswers([{ reply: sseReply(2) }, { reply: sseReply(2), fault: { kind: 'stall', afterEvents: 1, ms: 60_000, until: Promise.resolve() } }]);
    await readBody(await fetch(loop.url));
    const before = timers();
    const read = await readBody(await fetch(loop.url));
    expect(decode(read.bytes)).toBe(sseBody(text.events.slice(0, 2)));
    await loop.sends[1];
    expect(timers()).toBeLessThanOrEqual(before);
  });
});

describe('sendReplayReply: a signal that is already aborted (the connection closed before the reply)', () => {
  it('writes no body byte and does not end the body', async () => {
    const loop = await serveAnswers([
      { reply: sseReply(), signal: AbortSignal.abort() },
      { reply: { status: 200, headers: {}, sse: true, payloads: [] }, signal: AbortSignal.abort() },
    ]);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(loop.url);
      await loop.sends[i];
      const reader = response.body!.getReader();
      expect(await settlesWithin(reader.read(), 200), `request ${i + 1}`).toBe('pending');
      await reader.cancel();
    }
  });

  it('returns at once from a stall without ms, or with a gate that never opens', async () => {
    const never = new Promise(() => undefined);
    const loop = await serveAnswers([
      { reply: sseReply(), fault: { kind: 'stall', afterEvents: 0 }, signal: AbortSignal.abort() },
      { reply: sseReply(), fault: { kind: 'stall', afterEvents: 0, until: never }, signal: AbortSignal.abort() },
    ]);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(loop.url);
      expect(await settlesWithin(loop.sends[i]!, 500), `request ${i + 1}`).toBe('settled');
      await response.body?.cancel();
    }
  });
});
