// The browser half of a relay (see examples/relay): POST the prompt to your own server and read
// the Server-Sent Events it streams back. The API key stays on the server.
import type { Observable } from 'rxjs';
import { fromFetch } from 'rxjs/fetch';
import { fromFetchResponse, type ResponseStreamEvent } from 'rx-responses';

/**
 * What every recipe takes: the events for one prompt, as a cold observable that sends its request
 * when subscribed and aborts it when unsubscribed. `relayEvents()` is one; so is
 * `(prompt) => client.responses.stream({ model, input: prompt })` on a server or in a test.
 *
 * @example
 * ```ts
 * const eventsFor: EventsFor = (prompt) => fromEvents(recordedEvents);
 * ```
 */
export type EventsFor = (prompt: string) => Observable<ResponseStreamEvent>;

/**
 * The events for a prompt from a relay route that takes `{ prompt }` and answers with SSE.
 *
 * @example
 * ```ts
 * const { state, send } = useResponse(relayEvents('/api/chat'));
 * ```
 */
export function relayEvents(url = '/api/chat'): EventsFor {
  return (prompt) =>
    // fromFetch rather than fetch(): nothing is sent before subscribe, and with a `selector`
    // unsubscribing aborts the request at any point, headers or body.
    fromFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt }),
      selector: (res) => {
        if (!res.ok) throw new Error(`The relay answered ${res.status} ${res.statusText}`);
        return fromFetchResponse(res);
      },
    });
}
