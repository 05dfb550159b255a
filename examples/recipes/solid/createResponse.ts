// Solid: from() turns anything with `subscribe` into a signal, and RxJS observables qualify as
// they are. It subscribes now and unsubscribes when the owner (component or root) is disposed.
// No JSX here: Solid's JSX needs its own compiler; use the accessor in your components.
import { type Accessor, from } from 'solid-js';
import { createResponseSession, type EventsFor, idleResponseState, type ResponseViewState } from 'rx-responses';

/**
 * The view state of a response as an accessor, with `send(prompt)` and `stop()`. Call it in a
 * component (or `createRoot`).
 *
 * @example
 * ```tsx
 * const chat = createResponse(relayEvents('/api/chat'));
 * return <pre onClick={() => chat.send('Hi')}>{chat.state().text}</pre>;
 * ```
 */
export function createResponse(eventsFor: EventsFor): { state: Accessor<ResponseViewState>; send: (prompt: string) => void; stop: () => void } {
  const { state$, send, stop } = createResponseSession(eventsFor);
  // The initial value only types the accessor: state$ replaces it synchronously anyway.
  const state = from(state$, idleResponseState());
  return { state, send, stop };
}
