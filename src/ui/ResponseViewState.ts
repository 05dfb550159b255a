import type { ResponseUsage } from '../events/Response.js';
import type { RxResponsesError } from '../errors/RxResponsesError.js';
import type { Diagnostic } from '../reduce/Diagnostic.js';
import type { ItemView, ToolCallItemView } from './ItemView.js';

/**
 * Where a response stands, as a UI shows it.
 *
 * - `idle`: nothing has arrived yet.
 * - `streaming`: events are arriving.
 * - `completed` / `incomplete`: the server finished the response (`incomplete`: see
 *   `incompleteReason`).
 * - `failed`: `response.failed`, an `error` event, a stream cut short or a source error; `error`
 *   says which.
 * - `stopped`: the user stopped it. `responseState()` emits it only when its `stop` notifier
 *   fires; {@link markStopped} gives it for a state you hold when you unsubscribe yourself.
 *
 * @example
 * ```ts
 * const busy = (status: ResponseViewStatus) => status === 'idle' || status === 'streaming';
 * ```
 */
export type ResponseViewStatus = 'idle' | 'streaming' | 'completed' | 'incomplete' | 'failed' | 'stopped';

/**
 * Everything a UI renders about one response, framework-free. Immutable: a new object means
 * something changed, and every part that did not change (each item view, `items`,
 * `reasoning`, `toolCalls`, `usage`, `diagnostics`, `error`) is the same object as in the
 * previous state, so `===` comparisons (`distinctUntilChanged`, `useSyncExternalStore`, Angular
 * signals, `memo`) skip work.
 *
 * @example
 * ```ts
 * stream.pipe(responseState()).subscribe((s) => {
 *   output.textContent = s.status === 'failed' ? `${s.text}\n\n[${s.error?.code}]` : s.text;
 * });
 * ```
 */
export interface ResponseViewState {
  readonly status: ResponseViewStatus;
  /** The text of every message's `output_text` parts, joined (openai-node's `output_text`). */
  readonly text: string;
  /**
   * One view per output item, in output order. Built when first read (one copy of the views),
   * then the same array on every read; a state whose views did not change shares the previous
   * state's array. A UI that reads the latest state once per render pays that copy once per
   * render, not once per event.
   */
  readonly items: readonly ItemView[];
  /** Per reasoning item: its summary paragraphs joined with a blank line (its raw reasoning text when it has no summary). */
  readonly reasoning: readonly string[];
  /** The items that are tool calls (see {@link isToolCallView}), in output order. */
  readonly toolCalls: readonly ToolCallItemView[];
  /** Token usage, from the terminal response; `undefined` until then or when the server sent none. */
  readonly usage: ResponseUsage | undefined;
  /**
   * Why the response failed when `status === 'failed'`: the same typed error `finalResponse()`
   * raises (`ResponseFailedError`, `ResponseStreamError`, `StreamTruncatedError`,
   * `StreamParseError`, an HTTP error …), carrying the last snapshot. `undefined` otherwise.
   */
  readonly error: RxResponsesError | undefined;
  /** `incomplete_details.reason` when `status === 'incomplete'` (`max_output_tokens`, `content_filter` …). */
  readonly incompleteReason: string | undefined;
  /** The response id, once the server sent one. */
  readonly responseId: string | undefined;
  /**
   * 0-based position of the response within the stream. A stream that carries several responses
   * (an agent loop) shows the latest one: items and text start over when the next one begins.
   */
  readonly responseIndex: number;
  /** Every deviation from the protocol the reducer noticed in this response (see `diagnostics()`). */
  readonly diagnostics: readonly Diagnostic[];
}
