// The part every recipe shares, so each framework adapter is only its own few lines: prompts in,
// view states out, on top of the library's one UI core, `responseState()`.
import { type Observable, Subject, shareReplay, startWith, switchMap } from 'rxjs';
import { coalesceFrames, idleResponseState, responseState, type ResponseViewState } from 'rx-responses';
import type { EventsFor } from './relayEvents.js';

/**
 * One conversation turn at a time, as a stream of view states.
 *
 * @example
 * ```ts
 * const session = createResponseSession(relayEvents());
 * session.state$.subscribe((s) => (output.textContent = s.text));
 * session.send('Say hello');
 * ```
 */
export interface ResponseSession {
  /**
   * The idle state at once on subscribe, then a new (immutable) state per visible change, at most
   * one per animation frame. Never errors: failures are `status: 'failed'`. Shared: any number of
   * readers, one request per prompt; when the last reader leaves, a running request is aborted.
   */
  readonly state$: Observable<ResponseViewState>;
  /** Starts a request for `prompt`, aborting one still running. Ignored while nobody reads `state$`. */
  send(prompt: string): void;
  /** Aborts the running request; its last state stays on screen, marked `stopped`. */
  stop(): void;
}

/**
 * Prompts in, view states out: the state machine behind every recipe here.
 *
 * @example
 * ```ts
 * const { state$, send, stop } = createResponseSession((prompt) => client.responses.stream({ model, input: prompt }));
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
