import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { ReplayFault } from './ReplayFault.js';
import type { ReplayReply } from './ReplayReply.js';

/** @internal How a reply's body is cut into socket writes. */
export interface ReplayPacing {
  /** Bytes per write; `undefined` writes one payload per write. */
  chunkSize: number | undefined;
  /** Milliseconds between writes. */
  delayMs: number;
}

/**
 * @internal Writes `reply` to `res`, applying the faults that change how bytes go out
 * (`drop`, `stall`, `splitBytes`). Stops quietly as soon as `signal` aborts (the connection
 * closed), so no write or timer outlives the socket.
 *
 * @example
 * ```ts
 * await sendReplayReply(res, reply, { kind: 'drop', afterEvents: 2 }, { chunkSize: undefined, delayMs: 0 }, signal);
 * ```
 */
export async function sendReplayReply(
  res: ServerResponse,
  reply: ReplayReply,
  fault: ReplayFault | undefined,
  pacing: ReplayPacing,
  signal: AbortSignal,
): Promise<void> {
  const { body, starts } = encode(reply);
  const payloadEnd = (n: number): number => starts[Math.min(Math.max(0, n), starts.length - 1)] ?? body.length;

  let limit = body.length;
  if (fault?.kind === 'drop') {
    const { afterBytes, afterEvents } = fault;
    limit = Math.min(limit, afterBytes ?? Infinity, afterEvents === undefined ? Infinity : payloadEnd(afterEvents));
    if (afterBytes === undefined && afterEvents === undefined) limit = 0;
    limit = Math.max(0, limit);
  }
  const stallAt = fault?.kind === 'stall' ? Math.min(limit, payloadEnd(fault.afterEvents)) : undefined;

  const cuts = new Set<number>([limit]);
  if (stallAt !== undefined) cuts.add(stallAt);
  const step = fault?.kind === 'splitBytes' ? 1 : pacing.chunkSize;
  if (step === undefined) for (let n = 1; n < starts.length; n++) cuts.add(payloadEnd(n));
  else for (let offset = step; offset < limit; offset += step) cuts.add(offset);
  const ends = [...cuts].filter((end) => end > 0 && end <= limit).sort((a, b) => a - b);

  const headers = reply.sse ? reply.headers : { ...reply.headers, 'content-length': String(body.length) };
  res.writeHead(reply.status, headers);
  // The client sees the status at once, even when the first body byte is late or never comes.
  res.flushHeaders();

  let offset = 0;
  const stall = async (): Promise<void> => {
    if (fault?.kind !== 'stall' || offset !== stallAt) return;
    const { ms, until } = fault;
    if (until === undefined) await (ms === undefined ? aborted(signal) : quietly(sleep(ms, undefined, { signal })));
    else await gate(until, ms, signal);
  };
  for (const end of ends) {
    await stall();
    if (offset > 0) await quietly(pacing.delayMs > 0 ? sleep(pacing.delayMs, undefined, { signal }) : nextTurn(undefined, { signal }));
    if (signal.aborted) return;
    await write(res, body.subarray(offset, end), signal);
    offset = end;
  }
  await stall();
  if (signal.aborted) return;
  if (fault?.kind === 'drop') {
    // end() flushes what was written, then sends FIN; the body stays unfinished.
    const socket = res.socket;
    socket?.end(() => socket.destroy());
    return;
  }
  res.end();
}

/** A reply's body as bytes, and where each payload starts in it (plus where the last one ends). */
interface EncodedBody {
  sse: boolean;
  body: Buffer;
  starts: number[];
}

/**
 * Encoded once per payload list: a server answering many requests with the same stream (a load
 * test's thousand clients) shares one body instead of building a copy per open response.
 */
const encodedBodies = new WeakMap<ReplayReply['payloads'], EncodedBody>();

function encode(reply: ReplayReply): EncodedBody {
  const known = encodedBodies.get(reply.payloads);
  if (known !== undefined && known.sse === reply.sse) return known;
  const pieces = reply.payloads.map((p) =>
    Buffer.from(reply.sse ? `${p.event === undefined ? '' : `event: ${p.event}\n`}data: ${p.data}\n\n` : p.data, 'utf8'),
  );
  // starts[n]: byte offset where payload n starts, i.e. where the first n payloads end.
  const starts = [0];
  for (const piece of pieces) starts.push((starts.at(-1) ?? 0) + piece.length);
  const encoded = { sse: reply.sse, body: Buffer.concat(pieces), starts };
  encodedBodies.set(reply.payloads, encoded);
  return encoded;
}

function write(res: ServerResponse, chunk: Uint8Array, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done);
    res.write(chunk, done);
  });
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * Resolves once `until` settles (either way), `ms` passes (when given) or `signal` aborts (the
 * connection closed), whichever comes first, leaving no timer or listener behind.
 */
async function gate(until: PromiseLike<unknown>, ms: number | undefined, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  const over = new AbortController();
  const end = (): void => over.abort();
  signal.addEventListener('abort', end, { once: true });
  Promise.resolve(until).then(end, end);
  if (ms !== undefined) sleep(ms, undefined, { signal: over.signal }).then(end, () => undefined);
  await aborted(over.signal);
  signal.removeEventListener('abort', end);
}

/** Waits for a cancellable timer; cancellation (the connection closed) is not an error here. */
async function quietly(timer: Promise<unknown>): Promise<void> {
  try {
    await timer;
  } catch {
    // aborted: the caller checks the signal
  }
}
