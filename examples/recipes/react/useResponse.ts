// React: useSyncExternalStore over the shared state stream. States are immutable and re-emitted
// only on change, so the cached `latest` is the same object until something changed: exactly
// the snapshot React wants (no tearing, no extra renders).
import { useState, useSyncExternalStore } from 'react';
import { createResponseSession, type EventsFor, idleResponseState, type ResponseViewState } from 'rx-responses';

/**
 * The view state of a response, with `send(prompt)` to start one and `stop()` to abort it.
 * `eventsFor` is read on first render only: pass a stable function (module level).
 *
 * @example
 * ```tsx
 * const { state, send, stop } = useResponse(relayEvents('/api/chat'));
 * return <pre onClick={() => send('Hi')}>{state.text}</pre>;
 * ```
 */
export function useResponse(eventsFor: EventsFor): { state: ResponseViewState; send: (prompt: string) => void; stop: () => void } {
  // Creating the store does nothing but allocate: StrictMode may build one twice and drop one.
  const [store] = useState(() => {
    const session = createResponseSession(eventsFor);
    let latest = idleResponseState();
    return {
      ...session,
      // React subscribes on mount and unsubscribes on unmount (StrictMode: mount, unmount,
      // mount). Subscribing starts no request, and the last unsubscribe aborts a running one.
      subscribe(onChange: () => void) {
        const subscription = session.state$.subscribe((state) => {
          latest = state;
          onChange();
        });
        return () => subscription.unsubscribe();
      },
      getSnapshot: () => latest,
    };
  });
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  return { state, send: store.send, stop: store.stop };
}
