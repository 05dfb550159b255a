// Angular: toSignal over the shared state stream. A function to call in an injection context
// (a component's field initializer or constructor) rather than an @Injectable service: it
// belongs to one component, and needs no decorator or Angular compiler.
import type { Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { createResponseSession, type EventsFor, type ResponseViewState } from 'rx-responses';

/**
 * The view state of a response as a signal, with `send(prompt)` and `stop()`.
 *
 * @example
 * ```ts
 * @Component({ template: `<pre>{{ chat.state().text }}</pre><button (click)="chat.send('Hi')">Send</button>` })
 * export class ChatComponent {
 *   readonly chat = injectResponse(relayEvents('/api/chat'));
 * }
 * ```
 */
export function injectResponse(eventsFor: EventsFor): { state: Signal<ResponseViewState>; send: (prompt: string) => void; stop: () => void } {
  const { state$, send, stop } = createResponseSession(eventsFor);
  // requireSync: state$ emits the idle state synchronously, so the signal needs no initial
  // value and its type has no `undefined`. toSignal unsubscribes when the component's
  // DestroyRef fires, which aborts a running request. The stream never errors, so the signal
  // never throws in a template.
  const state = toSignal(state$, { requireSync: true });
  return { state, send, stop };
}
