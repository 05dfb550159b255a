import type { ClientContext } from '../ClientContext.js';

/**
 * @internal The WebSocket URL of the client's `/responses` route: `https:` becomes `wss:`,
 * `http:` becomes `ws:`, and the client's query parameters (`api-version`) are kept.
 *
 * @example
 * ```ts
 * webSocketURL(resolveClientContext({ apiKey: 'k' })); // 'wss://api.openai.com/v1/responses'
 * ```
 */
export function webSocketURL(context: ClientContext): string {
  const url = new URL(context.baseURL.href);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  url.pathname = `${url.pathname}/responses`;
  for (const [name, value] of Object.entries(context.query)) url.searchParams.set(name, value);
  return url.href;
}
