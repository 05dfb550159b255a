// Svelte: a store is any object with `subscribe(run) => unsubscribe` that calls `run` with the
// current value at once. An RxJS observable nearly is one: state$ already emits its current state
// synchronously on subscribe; the contract only wants a function back instead of a Subscription.
// Works with `$chat` in Svelte 4 and 5 components, and with `fromStore()` in runes.
import type { Readable } from 'svelte/store';
import { createResponseSession, type EventsFor, type ResponseViewState } from 'rx-responses';

/**
 * A readable store of the view state of a response, with `send(prompt)` and `stop()`.
 *
 * @example
 * ```svelte
 * <script>
 *   const chat = responseStore(relayEvents('/api/chat'));
 * </script>
 * <button onclick={() => chat.send('Hi')}>Send</button>
 * <pre>{$chat.text}</pre>
 * ```
 */
export function responseStore(eventsFor: EventsFor): Readable<ResponseViewState> & { send: (prompt: string) => void; stop: () => void } {
  const { state$, send, stop } = createResponseSession(eventsFor);
  return {
    subscribe(run) {
      const subscription = state$.subscribe(run);
      // The last `$chat` going away (component destroyed) aborts a running request.
      return () => subscription.unsubscribe();
    },
    send,
    stop,
  };
}
