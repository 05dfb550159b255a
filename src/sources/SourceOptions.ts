/** @internal The default of `maxEventBytes`: far above any real event, far below a runaway one. */
export const DEFAULT_MAX_EVENT_BYTES = 64 * 1024 * 1024;

/**
 * Options shared by every source.
 *
 * @example
 * ```ts
 * fromJSONL(recording, { invalidInput: 'skip', maxEventBytes: 16 * 1024 * 1024 }).subscribe((event) => {
 *   if (event.type === 'rx.skipped_input') report(event.line, event.reason);
 * });
 * ```
 */
export interface SourceOptions {
  /**
   * What to do with a payload that is not JSON, or is JSON without a string `type`.
   *
   * - `'error'` (default): every event before it is delivered, then the observable errors with
   *   a `StreamParseError` and the input is cancelled.
   * - `'skip'`: a `SkippedInputEvent` (`type: 'rx.skipped_input'`) takes its place and the
   *   stream goes on, so a reducer can report it as a diagnostic instead of losing the response.
   */
  invalidInput?: 'error' | 'skip';
  /**
   * The largest single event accepted, in bytes of UTF-8: an SSE event's data, or a JSON Lines
   * line. Default 64 MiB (a response with a large base64 image passes). An event past it ends
   * the stream with a `StreamParseError` of code `event_too_large` (whatever `invalidInput`
   * says); every event before it is delivered. The limit holds while an event is being
   * received, so an event that never ends cannot make the source buffer more than this (plus
   * one chunk) before it errors. `Infinity` turns it off.
   */
  maxEventBytes?: number;
}
