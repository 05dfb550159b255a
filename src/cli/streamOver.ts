import type { ResponseCreateParams, ResponsesClient } from '../index.js';
import { printStream } from './printStream.js';
import { UsageError } from './UsageError.js';

/**
 * How `stream` talks to the server: `http` (`POST /responses` with SSE) or `websocket`
 * (WebSocket mode, one `response.create` on a socket to `/responses`).
 *
 * @example
 * ```ts
 * const transport: Transport = parseTransport('stream', values.transport);
 * ```
 */
export type Transport = 'http' | 'websocket';

/**
 * The `--transport` value, `http` when absent.
 *
 * @throws {@link UsageError} for any other value.
 *
 * @example
 * ```ts
 * parseTransport('stream', 'websocket'); // 'websocket'
 * ```
 */
export function parseTransport(command: string, value: string | undefined): Transport {
  if (value === undefined || value === 'http') return 'http';
  if (value === 'websocket' || value === 'ws') return 'websocket';
  throw new UsageError(`${command}: --transport must be http or websocket, got ${JSON.stringify(value)}`);
}

/**
 * Streams one response over `transport` and prints it with `printStream`, closing the socket
 * afterwards in WebSocket mode. Resolves to `printStream`'s exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await streamOver(client, { model, input: prompt }, 'websocket', { json: false });
 * ```
 */
export async function streamOver(client: ResponsesClient, params: ResponseCreateParams, transport: Transport, options: { json: boolean }): Promise<number> {
  if (transport === 'http') return printStream(client.responses.stream(params), options);
  const socket = client.responses.connect();
  try {
    return await printStream(socket.create(params), options);
  } finally {
    socket.close();
  }
}
