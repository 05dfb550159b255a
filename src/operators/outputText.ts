import { type OperatorFunction, distinctUntilChanged, map } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { scanResponse } from './scanResponse.js';

/**
 * Emits the running output text (every `output_text` part of every message, joined) each time
 * it changes, including corrections from `*.done` events and the terminal response. A new
 * response in the same stream starts again from an empty text.
 *
 * @example
 * ```ts
 * stream.pipe(outputText()).subscribe((text) => (element.textContent = text));
 * ```
 */
export function outputText(): OperatorFunction<ResponseStreamEvent, string> {
  return (source) =>
    source.pipe(
      scanResponse(),
      map((snapshot) => snapshot.outputText),
      distinctUntilChanged(),
    );
}
