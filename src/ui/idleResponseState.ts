import type { ResponseViewState } from './ResponseViewState.js';

const IDLE: ResponseViewState = Object.freeze({
  status: 'idle',
  text: '',
  items: Object.freeze([]),
  reasoning: Object.freeze([]),
  toolCalls: Object.freeze([]),
  usage: undefined,
  error: undefined,
  incompleteReason: undefined,
  responseId: undefined,
  responseIndex: 0,
  diagnostics: Object.freeze([]),
});

/**
 * The state before anything arrived: the first value `responseState()` emits, and a ready-made
 * initial value for adapters that need one before subscribing. Always the same frozen object.
 *
 * @example
 * ```ts
 * const state = toSignal(events$.pipe(responseState()), { initialValue: idleResponseState() });
 * ```
 */
export function idleResponseState(): ResponseViewState {
  return IDLE;
}
