import type { Subscriber } from 'rxjs';
import { isStreamParseError } from '../errors/StreamParseError.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { parseEventData } from './parseEventData.js';
import type { SourceOptions } from './SourceOptions.js';
import { toSkippedInputEvent } from './toSkippedInputEvent.js';

/**
 * @internal Receives one payload (SSE `data:` value or JSON Lines line) with its 1-based
 * physical line, if the input has lines.
 *
 * @example
 * ```ts
 * const emit: PayloadEmitter = createPayloadEmitter(subscriber, undefined);
 * emit('{"type":"keepalive"}', undefined);
 * ```
 */
export type PayloadEmitter = (data: string, line: number | undefined) => void;

/**
 * @internal Parses payloads and delivers them to `subscriber`, applying `invalidInput`.
 * Counts payloads for `eventNumber`, so the n-th payload is the n-th value emitted (skipped
 * inputs included).
 *
 * @example
 * ```ts
 * const emit = createPayloadEmitter(subscriber, { invalidInput: 'skip' });
 * emit('{"type":"keepalive"}', 1);
 * ```
 */
export function createPayloadEmitter(subscriber: Subscriber<ResponseStreamEvent>, options: SourceOptions | undefined): PayloadEmitter {
  const skip = options?.invalidInput === 'skip';
  // Reused for every payload: the parser only reads it when it throws, and this runs per event.
  const position: { eventNumber: number; line?: number } = { eventNumber: 0, line: undefined };
  return (data, line) => {
    // A chunk can hold many payloads; after an error or an unsubscribe mid-chunk the rest is dropped.
    if (subscriber.closed) return;
    position.eventNumber++;
    position.line = line;
    let event: ResponseStreamEvent;
    try {
      event = parseEventData(data, position);
    } catch (error) {
      if (skip && isStreamParseError(error)) {
        subscriber.next(toSkippedInputEvent(error));
      } else {
        subscriber.error(error);
      }
      return;
    }
    subscriber.next(event);
  };
}
