/**
 * Every kind of deviation the reducer and the sources report. Codes are stable; messages are
 * for people.
 *
 * - `item_id_changed`: an event names a different `item_id` than the item at its `output_index`
 *   (gateways that rotate ids), or `output_item.done` carries another id; the new id was taken.
 * - `item_id_mismatch`: an event's `item_id` names another existing item than the one at its
 *   `output_index`; it applied to the item at `output_index`, which kept its id.
 * - `duplicate_item_id`: two items of one response carry the same `id`.
 * - `duplicate_call_id`: two calls of the same type (e.g. two `function_call`s) carry the same `call_id`.
 * - `call_id_changed`: `output_item.done` carries another `call_id` than the item it finishes.
 * - `done_mismatch`: a `*.done` value differs from the accumulated deltas (the `done` value wins).
 * - `response_id_changed`: a lifecycle event carries another response id within the same response.
 * - `sequence_gap`: `sequence_number` jumped forward by more than one.
 * - `sequence_regression`: `sequence_number` repeated or went backwards (duplicate or reorder).
 * - `event_after_terminal`: an event arrived after the response's terminal event; it was ignored.
 * - `unknown_item`: an event addressed an item or part that was never added; a placeholder was made.
 * - `item_type_mismatch`: an event addressed an item or part of another type; it was ignored.
 * - `unknown_event_type`: an event type this library does not know; it passed through unchanged.
 * - `missing_terminal`: the stream ended without a terminal event.
 * - `missing_created`: the first event of a response was not `response.created`/`response.queued`.
 * - `output_index_conflict`: an item or part added at an index already taken; it replaced what was there.
 * - `index_out_of_range`: an index (`output_index`, `content_index`, `summary_index`,
 *   `annotation_index`, `command_index`) past the end of what exists; the item or part was
 *   appended at the next free slot instead (no index allocates anything).
 * - `invalid_index`: an index that is not a non-negative safe integer (negative, fractional,
 *   a string, `NaN`, `null`, ...); it was treated as absent.
 * - `terminal_output_missing`: the terminal response lacks output that the stream delivered;
 *   the streamed items were kept.
 * - `terminal_output_differs`: the terminal response's item differs from the streamed one; the
 *   terminal one was adopted.
 * - `terminal_missing_fields`: the terminal response lacks `id`/`model`; the streamed values were kept.
 * - `missing_output_index`: item events without `output_index` (items found by `item_id`); once per response.
 * - `missing_sequence_number`: events without `sequence_number`; once per response.
 * - `skipped_input`: an input line or payload that could not be parsed was skipped.
 * - `response_abandoned`: a new response started before the previous one reached a terminal event.
 */
export type DiagnosticCode =
  | 'item_id_changed'
  | 'item_id_mismatch'
  | 'duplicate_item_id'
  | 'duplicate_call_id'
  | 'call_id_changed'
  | 'done_mismatch'
  | 'response_id_changed'
  | 'sequence_gap'
  | 'sequence_regression'
  | 'event_after_terminal'
  | 'unknown_item'
  | 'item_type_mismatch'
  | 'unknown_event_type'
  | 'missing_terminal'
  | 'missing_created'
  | 'output_index_conflict'
  | 'index_out_of_range'
  | 'invalid_index'
  | 'terminal_output_missing'
  | 'terminal_output_differs'
  | 'terminal_missing_fields'
  | 'missing_output_index'
  | 'missing_sequence_number'
  | 'skipped_input'
  | 'response_abandoned';

/**
 * One observed deviation from the protocol. Diagnostics never stop the stream; they explain
 * what the reducer did about it.
 *
 * @example
 * ```ts
 * stream.pipe(diagnostics()).subscribe((d) => console.warn(d.code, d.message));
 * ```
 */
export interface Diagnostic {
  /** What kind of deviation this is. */
  readonly code: DiagnosticCode;
  /** A sentence for people. */
  readonly message: string;
  /** The type of the event that caused it, if an event did. */
  readonly eventType?: string;
  /** 1-based position of that event within its response. */
  readonly eventNumber?: number;
  /** The event's `sequence_number`, if it had one. */
  readonly sequenceNumber?: number;
  /** The output item concerned, if any. */
  readonly outputIndex?: number;
}
