import { Subject, shareReplay, startWith, switchMap } from 'rxjs';
import { coalesceFrames } from './coalesceFrames.js';
import type { EventsFor } from './EventsFor.js';
import { idleResponseState } from './idleResponseState.js';
import type { ResponseSession } from './ResponseSession.js';
import { responseState } from './responseState.js';

/**
 * Prompts in, view states out: the framework-free state machine behind a chat UI. Each
 * `send(prompt)` subscribes to `eventsFor(prompt)` (aborting a request still running),
 * `stop()` aborts and keeps the partial answer as `status: 'stopped'`, and `state$` gives the
 * idle state at once, then one {@link ResponseViewState} per visible change, at most one per
 * animation frame. Nothing runs before the first reader of `state$`, and the last reader
 * leaving aborts a running request: a framework adapter only subscribes and unsubscribes.
 *
 * @example
 * ```ts
 * const { state$, send, stop } = createResponseSession(relayEvents('/api/chat'));
 * const subscription = state$.subscribe((state) => (output.textContent = state.text));
 * send('Say hello');
 * ```
 */
export function createResponseSession(eventsFor: EventsFor): ResponseSession {
  const prompts = new Subject<string>();
  const stops = new Subject<void>();
  const state$ = prompts.pipe(
    // switchMap: a new prompt unsubscribes from (so aborts) the previous request.
    switchMap((prompt) => eventsFor(prompt).pipe(responseState({ stop: stops }), coalesceFrames())),
    // Readers get a value synchronously: Svelte's store contract and React's snapshots need one.
    startWith(idleResponseState()),
    // One upstream subscription however many components read it; nothing runs before the first
    // reader (so StrictMode's throw-away mounts cost nothing) and the last one leaving tears down.
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  return { state$, send: (prompt) => prompts.next(prompt), stop: () => stops.next() };
}
