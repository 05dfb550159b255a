import type { IncomingMessage } from 'node:http';
import type { RecordedRequest } from './RecordedRequest.js';

/**
 * @internal Reads a request to the end and records it: lower-cased headers, the query as a
 * record, and the body parsed as JSON when it is JSON.
 *
 * @example
 * ```ts
 * const request = await readRecordedRequest(req, 1);
 * request.path; // '/v1/responses'
 * ```
 */
export async function readRecordedRequest(req: IncomingMessage, attempt: number): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: text === '' ? undefined : parseJSONOrText(text),
    attempt,
  };
}

function parseJSONOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
