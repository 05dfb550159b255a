import type { StreamParseError } from '../errors/StreamParseError.js';
import type { SkippedInputEvent } from '../events/ResponseStreamEvent.js';

/**
 * @internal The event a source emits in place of unparseable input under
 * `invalidInput: 'skip'`. `raw` is the error's copy, cut to 200 characters, so a stream of
 * garbage cannot pile up in diagnostics.
 *
 * @example
 * ```ts
 * subscriber.next(toSkippedInputEvent(parseError));
 * ```
 */
export function toSkippedInputEvent(error: StreamParseError): SkippedInputEvent {
  const reason = error.reason === 'missing_type' ? 'missing_type' : 'invalid_json';
  const event: SkippedInputEvent = { type: 'rx.skipped_input', reason, raw: error.raw, eventNumber: error.eventNumber };
  if (error.line !== undefined) event.line = error.line;
  return event;
}
