import { fromFetch } from 'rxjs/fetch';
import { APIError } from '../errors/APIError.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { fromFetchResponse } from '../sources/fromFetchResponse.js';
import type { EventsFor } from './EventsFor.js';

/** How much of a refusal's body is quoted in the error message. */
const MAX_DETAIL_CHARS = 300;
/** How much of a refusal's body is read at most; the rest is cancelled unread. */
const MAX_REFUSAL_BYTES = 4096;

/**
 * The browser half of a relay: the events for a prompt from your own server route, which takes
 * a JSON `{ prompt }` POST and answers with the response's Server-Sent Events (see
 * {@link toSSEStream}). The API key stays on the server. Each subscription sends one request;
 * unsubscribing aborts it, whether its headers or its body are on the way. A route that
 * answers with an error status fails the stream with an {@link APIError} quoting the status
 * and the start of the body.
 *
 * @param url - the relay route, `/api/chat` by default.
 * @example
 * ```ts
 * const { state$, send } = createResponseSession(relayEvents('/api/chat'));
 * ```
 */
export function relayEvents(url = '/api/chat'): EventsFor {
  return (prompt) =>
    // fromFetch with a selector rather than fetch(): nothing is sent before subscribe, and
    // unsubscribing aborts the request at any point, headers or body.
    fromFetch<ResponseStreamEvent>(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ prompt }),
      selector: (res) => (res.ok ? fromFetchResponse(res) : refusal(res)),
    });
}

/** The relay refused (400 for a bad prompt, 5xx …): an APIError in the relay's own words. */
async function refusal(res: Response): Promise<never> {
  const body = await readStart(res).catch(() => '');
  const detail = body.trim().slice(0, MAX_DETAIL_CHARS);
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => (headers[name] = value));
  throw new APIError({
    status: res.status,
    message: `the relay answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${detail === '' ? '' : `: ${detail}`}`,
    headers,
    serverMessage: detail,
  });
}

/** The first few KiB of a body as text: an error page can be any size, the message needs little. */
async function readStart(res: Response): Promise<string> {
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    while (size < MAX_REFUSAL_BYTES) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      size += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    return text;
  } finally {
    reader.releaseLock();
  }
}
