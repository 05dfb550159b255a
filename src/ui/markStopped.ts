import type { ResponseViewState } from './ResponseViewState.js';

/**
 * The state to show after the user stopped a response by unsubscribing: a copy with
 * `status: 'stopped'` when it was still `idle` or `streaming`, else `state` itself (a
 * response that already finished or failed keeps its outcome). Everything received so far is
 * kept, and every other part keeps its identity. `responseState({ stop })` does this for you.
 *
 * @example
 * ```ts
 * stopButton.onclick = () => {
 *   subscription.unsubscribe(); // aborts the request
 *   render(markStopped(lastState));
 * };
 * ```
 */
export function markStopped(state: ResponseViewState): ResponseViewState {
  if (state.status !== 'idle' && state.status !== 'streaming') return state;
  return Object.freeze({ ...state, status: 'stopped' });
}
