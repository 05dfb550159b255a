import type { Observable } from 'rxjs';
import type { ResponseViewState } from './ResponseViewState.js';

/**
 * One conversation turn at a time, as a stream of view states: what
 * {@link createResponseSession} returns, and what a framework adapter wraps in a few lines.
 *
 * @example
 * ```ts
 * const session: ResponseSession = createResponseSession(relayEvents('/api/chat'));
 * session.state$.subscribe((state) => (output.textContent = state.text));
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
  /** Aborts the running request; its last state stays, marked `stopped`. */
  stop(): void;
}
