/**
 * Options shared by every source.
 *
 * @example
 * ```ts
 * fromJSONL(recording, { invalidInput: 'skip' }).subscribe((event) => {
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
}
