import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { type SocketEnd, openWebSocket } from '../../../src/client/ws/openWebSocket.js';
import { until } from '../../support/until.js';

/** Stands in for the key's redactor: every `KEY` becomes `[k]`. */
const redact = (text: string): string => text.replaceAll('KEY', '[k]');

/** A platform WebSocket (as in a browser) that the test drives, recording what it was asked. */
class FakeWebSocket extends EventTarget {
  static made: FakeWebSocket[] = [];
  static refuse: Error | undefined;
  readyState = 0;
  readonly args: unknown[];
  readonly sent: string[] = [];
  readonly closes: unknown[][] = [];
  constructor(...args: unknown[]) {
    super();
    if (FakeWebSocket.refuse !== undefined) throw FakeWebSocket.refuse;
    this.args = args;
    FakeWebSocket.made.push(this);
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(...args: unknown[]): void {
    this.closes.push(args);
    if (args[0] === 4999) throw new Error('the platform refused that code');
  }
  emit(type: string, fields: Record<string, unknown> = {}): void {
    this.dispatchEvent(Object.assign(new Event(type), fields));
  }
}

interface Recorded {
  opened: number;
  messages: (string | undefined)[];
  ends: SocketEnd[];
}

function open(headers: Record<string, string> = {}, url = 'wss://api.example/v1/responses') {
  const seen: Recorded = { opened: 0, messages: [], ends: [] };
  const connection = openWebSocket(url, headers, redact, {
    open: () => (seen.opened += 1),
    message: (text) => seen.messages.push(text),
    close: (end) => seen.ends.push(end),
  });
  return { connection, seen, ws: FakeWebSocket.made.at(-1) };
}

describe('openWebSocket on a platform WebSocket (not Node)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    FakeWebSocket.made = [];
    FakeWebSocket.refuse = undefined;
  });
  const platform = (): void => {
    vi.stubGlobal('WebSocket', FakeWebSocket);
    vi.stubGlobal('process', undefined);
  };

  it('opens the URL without options, and reports open, text, binary and the close with its reason redacted', () => {
    platform();
    const { connection, seen, ws } = open();
    expect(ws?.args).toEqual(['wss://api.example/v1/responses']);
    ws!.emit('open');
    ws!.emit('message', { data: '{"type":"response.created"}' });
    ws!.emit('message', { data: new ArrayBuffer(2) });
    connection.send('hello');
    expect(ws!.sent).toEqual(['hello']);
    ws!.emit('close', { code: 1011, reason: 'bad KEY' });
    ws!.emit('close', { code: 1000, reason: 'twice' });
    expect(seen).toStrictEqual({ opened: 1, messages: ['{"type":"response.created"}', undefined], ends: [{ code: 1011, reason: 'bad [k]' }] });
  });

  it('takes a process without a Node version for a platform that is not Node', () => {
    vi.stubGlobal('WebSocket', FakeWebSocket);
    vi.stubGlobal('process', { versions: {} });
    const { seen } = open();
    expect(FakeWebSocket.made).toHaveLength(1);
    expect(seen.ends).toEqual([]);
    vi.stubGlobal('process', {});
    open();
    expect(FakeWebSocket.made).toHaveLength(2);
  });

  it("passes on the error event's error, or a plain one, with the close", () => {
    platform();
    const first = open();
    const cause = new Error('network down');
    first.ws!.emit('error', { error: cause });
    first.ws!.emit('close', { code: 1006, reason: '' });
    expect(first.seen.ends).toEqual([{ code: 1006, reason: '', error: cause }]);
    const second = open();
    second.ws!.emit('error');
    second.ws!.emit('close', { code: 1006, reason: '' });
    expect(second.seen.ends[0]?.error).toEqual(new Error('WebSocket error'));
  });

  it('reports nothing once closed by the caller: aborts a socket still connecting, closes an open one with the code and reason', () => {
    platform();
    const connecting = open();
    connecting.connection.close(1000, 'bye');
    expect(connecting.ws!.closes).toEqual([[]]);
    connecting.ws!.emit('open');
    connecting.ws!.emit('message', { data: 'late' });
    connecting.ws!.emit('close', { code: 1006, reason: '' });
    expect(connecting.seen).toEqual({ opened: 0, messages: [], ends: [] });
    connecting.connection.close(1000, 'again');
    expect(connecting.ws!.closes).toEqual([[]]);

    const opened = open();
    opened.ws!.readyState = 1;
    opened.connection.close(1000, 'done');
    expect(opened.ws!.closes).toEqual([[1000, 'done']]);
  });

  it('aborts when the platform refuses the close code', () => {
    platform();
    const { connection, ws } = open();
    ws!.readyState = 1;
    connection.close(4999, 'odd');
    expect(ws!.closes).toEqual([[4999, 'odd'], []]);
  });

  it('cannot send headers from a browser: fails with APIConnectionError, after it returned, without a socket', async () => {
    platform();
    const { seen } = open({ authorization: 'Bearer KEY' });
    expect(FakeWebSocket.made).toHaveLength(0);
    expect(seen.ends).toEqual([]);
    await Promise.resolve();
    expect(seen.ends).toHaveLength(1);
    expect(seen.ends[0]).toMatchObject({ code: 1006, reason: '', rejection: { retryable: false, error: { name: 'APIConnectionError' } } });
    expect(seen.ends[0]?.rejection?.error.message).toMatch(/^A browser WebSocket cannot send headers/);
  });

  it('fails with APIConnectionError, key redacted, when the platform refuses the URL', async () => {
    platform();
    const refusal = new SyntaxError('bad URL with KEY');
    FakeWebSocket.refuse = refusal;
    const { seen } = open({}, 'wss://KEY@bad');
    expect(seen.ends).toEqual([]);
    await Promise.resolve();
    expect(seen.ends).toHaveLength(1);
    expect(seen.ends[0]).toMatchObject({ code: 1006, reason: '', rejection: { retryable: false } });
    const error = seen.ends[0]!.rejection!.error;
    expect(error).toMatchObject({ name: 'APIConnectionError', message: 'Cannot open a WebSocket to wss://[k]@bad: bad URL with [k]' });
    expect(error.cause).toBe(refusal);
  });

  it('sends nothing and closes nothing before the socket exists', () => {
    platform();
    FakeWebSocket.refuse = new Error('no');
    const { connection } = open();
    expect(() => connection.send('x')).not.toThrow();
    expect(() => connection.close(1000, '')).not.toThrow();
  });
});

/** A server that answers every upgrade with the raw HTTP reply `answer` writes. */
async function refusingServer(answer: (socket: Duplex) => void): Promise<{ url: string; close(): Promise<void>; upgrades: () => number }> {
  const server = createServer();
  let upgrades = 0;
  const sockets = new Set<Duplex>();
  server.on('upgrade', (_request, socket: Duplex) => {
    upgrades += 1;
    sockets.add(socket);
    socket.on('error', () => {});
    answer(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/v1/responses`,
    upgrades: () => upgrades,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function ended(headers: Record<string, string>, url: string): Promise<SocketEnd> {
  return new Promise((resolve) => {
    openWebSocket(url, headers, redact, { open: () => {}, message: () => {}, close: resolve });
  });
}

describe('openWebSocket on Node (ws): a connection', () => {
  let server: WebSocketServer | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  it('sends the headers, offers no compression, reports text, binary as undefined, and the close code and reason', async () => {
    const upgrades: Record<string, string | string[] | undefined>[] = [];
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    server.on('connection', (socket, request) => {
      upgrades.push(request.headers);
      socket.send('héllo €');
      socket.send(Buffer.from([1, 2, 3]), { binary: true });
      socket.close(1001, 'going KEY away');
    });
    await new Promise((resolve) => server!.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const seen: Recorded = { opened: 0, messages: [], ends: [] };
    await new Promise<void>((resolve) => {
      openWebSocket(`ws://127.0.0.1:${port}/v1/responses`, { authorization: 'Bearer KEY' }, redact, {
        open: () => (seen.opened += 1),
        message: (text) => seen.messages.push(text),
        close: (end) => {
          seen.ends.push(end);
          resolve();
        },
      });
    });
    expect(seen).toStrictEqual({ opened: 1, messages: ['héllo €', undefined], ends: [{ code: 1001, reason: 'going [k] away' }] });
    expect(upgrades[0]).toMatchObject({ authorization: 'Bearer KEY' });
    expect(upgrades[0]?.['sec-websocket-extensions']).toBeUndefined();
  });

  it('closes with the code and reason given, and reports nothing after', async () => {
    const closes: [number, string][] = [];
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    server.on('connection', (socket) => socket.on('close', (code, reason) => closes.push([code, reason.toString()])));
    await new Promise((resolve) => server!.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const seen: Recorded = { opened: 0, messages: [], ends: [] };
    let connection: ReturnType<typeof openWebSocket> | undefined;
    await new Promise<void>((resolve) => {
      connection = openWebSocket(`ws://127.0.0.1:${port}/v1/responses`, {}, redact, {
        open: () => {
          seen.opened += 1;
          resolve();
        },
        message: (text) => seen.messages.push(text),
        close: (end) => seen.ends.push(end),
      });
    });
    connection!.close(4001, 'finished');
    await until(() => closes.length > 0, 'the server to see the close');
    expect(closes).toEqual([[4001, 'finished']]);
    expect(seen.ends).toEqual([]);
  });

  it('reports no message the server sent after the caller closed', async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    // Sent as the upgrade completes: they arrive while the client is already closing.
    server.on('connection', (socket) => {
      for (let i = 0; i < 3; i++) socket.send(`late ${i}`);
    });
    await new Promise((resolve) => server!.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const seen: Recorded = { opened: 0, messages: [], ends: [] };
    let serverClosed = false;
    server.on('connection', (socket) => socket.on('close', () => (serverClosed = true)));
    const connection: ReturnType<typeof openWebSocket> = openWebSocket(`ws://127.0.0.1:${port}/v1/responses`, {}, redact, {
      open: () => {
        seen.opened += 1;
        connection.close(1000, 'bye');
      },
      message: (text) => seen.messages.push(text),
      close: (end) => seen.ends.push(end),
    });
    await until(() => serverClosed, 'the server to see the close');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual({ opened: 1, messages: [], ends: [] });
  });

  it('reports a refused connection with the platform error', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const end = await ended({}, `ws://127.0.0.1:${port}/v1/responses`);
    expect(end).toMatchObject({ code: 1006, reason: '', error: { code: 'ECONNREFUSED' } });
    expect(end.rejection).toBeUndefined();
  });
});

describe('openWebSocket on Node (ws): a refused upgrade', () => {
  let server: Awaited<ReturnType<typeof refusingServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it.each([
    [408, true, 'APIError'],
    [409, true, 'ConflictError'],
    [429, true, 'RateLimitError'],
    [500, true, 'InternalServerError'],
    [599, true, 'InternalServerError'],
    [400, false, 'BadRequestError'],
    [404, false, 'NotFoundError'],
    [499, false, 'APIError'],
  ])('%i is the error of its status, retryable: %s', async (status, retryable, name) => {
    const body = JSON.stringify({ error: { message: 'No KEY here', code: 'some_code' } });
    server = await refusingServer((socket) =>
      socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\nx-request-id: req_ws\r\nx-multi: a\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`),
    );
    const end = await ended({ authorization: 'Bearer KEY' }, server.url);
    expect(end.rejection?.retryable).toBe(retryable);
    expect(end.rejection?.error).toMatchObject({ name, status, code: 'some_code', requestID: 'req_ws', serverMessage: 'No [k] here' });
    expect(end.rejection?.error.message).toBe(`${status} Refused: No [k] here (code some_code, request req_ws)`);
  });

  it('joins a header sent twice', async () => {
    server = await refusingServer((socket) => socket.end('HTTP/1.1 403 Forbidden\r\nx-multi: a\r\nx-multi: b\r\ncontent-length: 0\r\n\r\n'));
    const end = await ended({}, server.url);
    expect(end.rejection?.error).toMatchObject({ name: 'PermissionDeniedError', headers: expect.objectContaining({ 'x-multi': 'a, b' }) });
  });

  it('joins the cookies of a refusal that sets two', async () => {
    server = await refusingServer((socket) => socket.end('HTTP/1.1 403 Forbidden\r\nset-cookie: a=1\r\nset-cookie: b=2\r\ncontent-length: 0\r\n\r\n'));
    const end = await ended({}, server.url);
    expect(end.rejection?.error).toMatchObject({ name: 'PermissionDeniedError', headers: expect.objectContaining({ 'set-cookie': 'a=1, b=2' }) });
  });

  it.each([300, 302, 399])('does not follow a redirect (%i), and says why', async (status) => {
    server = await refusingServer((socket) => socket.end(`HTTP/1.1 ${status} Moved\r\nlocation: ws://elsewhere.example/\r\ncontent-length: 0\r\n\r\n`));
    const end = await ended({ authorization: 'Bearer KEY' }, server.url);
    expect(end.rejection?.retryable).toBe(false);
    expect(end.rejection?.error).toMatchObject({ name: 'APIConnectionError' });
    expect(end.rejection?.error.message).toBe(
      `The WebSocket upgrade was redirected (${status}); redirects are not followed, so the API key never goes to another address. Use the final URL as baseURL.`,
    );
    expect(server.upgrades()).toBe(1);
  });

  it('takes a 2xx answer to the upgrade for the error of its status, not for a redirect', async () => {
    server = await refusingServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\nhello'));
    const end = await ended({}, server.url);
    expect(end.rejection?.retryable).toBe(false);
    expect(end.rejection?.error).toMatchObject({ name: 'APIError', status: 200 });
    expect(end.rejection?.error.message).toBe('200 OK: the server sent text/plain: "hello"');
  });

  it('stops at exactly 64 KiB of a body the server never ends', async () => {
    const chunk = 'y'.repeat(16 * 1024);
    server = await refusingServer((socket) => {
      socket.write(`HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain\r\ncontent-length: ${1024 * 1024}\r\n\r\n`);
      for (let i = 0; i < 4; i++) socket.write(chunk);
    });
    const end = await ended({}, server.url);
    expect(end.rejection?.error).toMatchObject({ name: 'InternalServerError', status: 502 });
    expect(end.rejection?.error.message).toBe(`502 Bad Gateway: the server sent text/plain: "${'y'.repeat(200)}…"`);
  });

  it('keeps only the first 64 KiB of a longer body: a JSON error cut there is read as text', async () => {
    // The error message comes first; the padding pushes the end of the JSON past 64 KiB.
    const body = JSON.stringify({ error: { message: 'Too long', padding: 'z'.repeat(70 * 1024) } });
    const head = 60 * 1024;
    server = await refusingServer((socket) => {
      socket.write(`HTTP/1.1 503 Busy\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, head)}`);
      // The rest in a chunk of its own, which crosses the 64 KiB mark.
      setTimeout(() => socket.end(body.slice(head)), 30);
    });
    const end = await ended({}, server.url);
    expect(end.rejection?.error).toMatchObject({ name: 'InternalServerError', status: 503 });
    expect(end.rejection?.error.message).toBe(`503 Busy: the server sent application/json: ${JSON.stringify(`${body.slice(0, 200)}…`)}`);
  });

  it('reports the part of a body that arrived before the connection broke', async () => {
    server = await refusingServer((socket) => {
      socket.write('HTTP/1.1 500 Oops\r\ncontent-type: text/plain\r\ncontent-length: 1000\r\n\r\npartial body');
      setTimeout(() => socket.destroy(), 30);
    });
    const end = await ended({}, server.url);
    expect(end.rejection?.retryable).toBe(true);
    expect(end.rejection?.error).toMatchObject({ name: 'InternalServerError', status: 500 });
    expect(end.rejection?.error.message).toBe('500 Oops: the server sent text/plain: "partial body"');
  });

  it('stops reading a refusal body at 64 KiB, even one the server never ends', async () => {
    const chunk = 'x'.repeat(16 * 1024);
    server = await refusingServer((socket) => {
      socket.write(`HTTP/1.1 503 Busy\r\ncontent-type: text/plain\r\ncontent-length: ${1024 * 1024}\r\n\r\n`);
      for (let i = 0; i < 5; i++) socket.write(chunk);
    });
    const end = await ended({}, server.url);
    expect(end.rejection?.retryable).toBe(true);
    expect(end.rejection?.error).toMatchObject({ name: 'InternalServerError', status: 503 });
    expect(end.rejection?.error.message).toBe(`503 Busy: the server sent text/plain: "${'x'.repeat(200)}…"`);
  });
});
