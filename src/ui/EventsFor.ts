import type { Observable } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';

/**
 * The events of one response for a prompt, as a cold observable: it sends its request when
 * subscribed and aborts it when unsubscribed. What {@link createResponseSession} takes.
 * {@link relayEvents} gives one for a browser; on a server or in a test,
 * `(prompt) => client.responses.stream({ model, input: prompt })` is one too.
 *
 * @example
 * ```ts
 * const eventsFor: EventsFor = (prompt) => client.responses.stream({ model: 'gpt-5-nano', input: prompt });
 * ```
 */
export type EventsFor = (prompt: string) => Observable<ResponseStreamEvent>;
