// The browser side of the relay: POST the prompt, read the answer's Server-Sent Events.
import type { Observable } from 'rxjs';
import { fromFetch } from 'rxjs/fetch';
import { type ResponseStreamEvent, fromFetchResponse } from 'rx-responses';

/**
 * The events of one answer from the relay (`POST /api/chat`). Cold: each subscription sends one
 * request, and unsubscribing aborts it, whether the headers have arrived or the body is
 * streaming, so the relay sees the connection close and stops the upstream request too.
 *
 * @example
 * ```ts
 * const subscription = chat('/api/chat', 'Hi').pipe(responseState()).subscribe(render);
 * stopButton.onclick = () => subscription.unsubscribe();
 * ```
 */
export function chat(url: string, prompt: string): Observable<ResponseStreamEvent> {
  // fromFetch with a selector (not fetch() + from()): nothing is sent before subscribe, and
  // unsubscribing aborts the request at any point, headers or body.
  return fromFetch<ResponseStreamEvent>(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ prompt }),
    selector: (res) => (res.ok ? fromFetchResponse(res) : refusal(res)),
  });
}

/** A relay that refused the request (400 for a bad prompt …): fail with its own words. */
async function refusal(res: Response): Promise<never> {
  const detail = await res.text().catch(() => '');
  throw new Error(`the relay answered ${res.status} ${res.statusText}${detail === '' ? '' : `: ${detail.slice(0, 300)}`}`);
}
