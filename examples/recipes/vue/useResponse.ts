// Vue: a composable holding the state in a shallowRef. States are immutable with structural
// sharing, so Vue only needs to track the reference; a deep ref would proxy every item for nothing.
import { onScopeDispose, type ShallowRef, shallowRef } from 'vue';
import { createResponseSession, type EventsFor, idleResponseState, type ResponseViewState } from 'rx-responses';

/**
 * The view state of a response as a shallow ref, with `send(prompt)` and `stop()`. Call it in
 * `setup()` (or any effect scope).
 *
 * @example
 * ```ts
 * const { state, send } = useResponse(relayEvents('/api/chat'));
 * // template: <pre>{{ state.text }}</pre>
 * ```
 */
export function useResponse(eventsFor: EventsFor): { state: Readonly<ShallowRef<ResponseViewState>>; send: (prompt: string) => void; stop: () => void } {
  const { state$, send, stop } = createResponseSession(eventsFor);
  const state = shallowRef(idleResponseState());
  const subscription = state$.subscribe((next) => (state.value = next));
  // The component (or effect scope) going away aborts a running request.
  onScopeDispose(() => subscription.unsubscribe());
  return { state, send, stop };
}
