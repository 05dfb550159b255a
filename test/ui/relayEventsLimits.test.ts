// relayEvents(): a refusal without a body, and one whose first 4 KiB arrive exactly.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAPIError, relayEvents } from '../../src/index.js';

let server: Server | undefined;

afterEach(async () => {
  vi.unstubAllGlobals();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const refusalOf = async (url?: string): Promise<unknown> => lastValueFrom(relayEvents(url)('Hi')).catch((e: unknown) => e);

describe('relayEvents() refusal limits', () => {
  it('gives the status alone for a refusal without a body', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response(null, { status: 503, statusText: 'Service Unavailable' })));
    const error = await refusalOf();
    expect(isAPIError(error)).toBe(true);
    expect((error as Error).message).toBe('the relay answered 503 Service Unavailable');
  });

  it('stops reading once 4096 bytes arrived, even when the body never ends', async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(400, 'Bad Request');
        res.write('q'.repeat(4096));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const error = await refusalOf(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`);
    expect((error as Error).message).toBe(`the relay answered 400 Bad Request: ${'q'.repeat(300)}`);
  }, 5000);
});
