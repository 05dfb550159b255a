import type { Subscriber } from 'rxjs';
import { ClientOptionsError } from '../errors/ClientOptionsError.js';
import { StreamParseError, isStreamParseError } from '../errors/StreamParseError.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { parseEventData } from './parseEventData.js';
import type { PayloadSink } from './PayloadSink.js';
import { DEFAULT_MAX_EVENT_BYTES, type SourceOptions } from './SourceOptions.js';
import { toSkippedInputEvent } from './toSkippedInputEvent.js';

/**
 * @internal Receives one payload (SSE `data:` value or JSON Lines line) with its 1-based
 * physical line, if the input has lines. A decoder that sees an event grow past
 * `maxEventBytes` before it ends calls `tooLarge` with what it has of it.
 *
 * @example
 * ```ts
 * const emit: PayloadEmitter = createPayloadEmitter(subscriber, undefined);
 * emit('{"type":"keepalive"}', undefined);
 * ```
 */
export interface PayloadEmitter {
  (data: string, line: number | undefined): void;
  /** The source's limit for one event, in UTF-8 bytes (`Infinity` for none). */
  readonly maxEventBytes: number;
  /** Ends the stream with an `event_too_large` error for the event being received. */
  tooLarge(start: string, line: number | undefined): void;
}

/**
 * @internal Parses payloads and delivers them to `subscriber`, applying `invalidInput` and
 * `maxEventBytes`. Counts payloads for `eventNumber`, so the n-th payload is the n-th value
 * emitted (skipped inputs included). A `sink` (see `withPayloadSink`) is offered each payload
 * first; one it absorbs is neither parsed nor emitted, but still counted.
 *
 * @throws {@link ClientOptionsError} when `maxEventBytes` is not a number > 0.
 *
 * @example
 * ```ts
 * const emit = createPayloadEmitter(subscriber, { invalidInput: 'skip' });
 * emit('{"type":"keepalive"}', 1);
 * ```
 */
export function createPayloadEmitter(subscriber: Subscriber<ResponseStreamEvent>, options: SourceOptions | undefined, sink?: PayloadSink): PayloadEmitter {
  const skip = options?.invalidInput === 'skip';
  const maxEventBytes = checkMaxEventBytes(options?.maxEventBytes);
  // Below this many UTF-16 units a payload cannot exceed the limit (3 bytes per unit at most).
  const surelySmall = maxEventBytes / 3;
  // Reused for every payload: the parser only reads it when it throws, and this runs per event.
  const position: { eventNumber: number; line?: number } = { eventNumber: 0, line: undefined };
  const tooLarge = (start: string, line: number | undefined): void => {
    if (subscriber.closed) return;
    const eventNumber = position.eventNumber + 1;
    subscriber.error(new StreamParseError({ reason: 'event_too_large', raw: start.slice(0, 201), eventNumber, ...(line === undefined ? {} : { line }), maxEventBytes }));
  };
  const emit = (data: string, line: number | undefined): void => {
    // A chunk can hold many payloads; after an error or an unsubscribe mid-chunk the rest is dropped.
    if (subscriber.closed) return;
    if (data.length > surelySmall && utf8Length(data) > maxEventBytes) {
      tooLarge(data, line);
      return;
    }
    position.eventNumber++;
    position.line = line;
    if (sink !== undefined && sink.absorbPayload(data)) return;
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
  return Object.assign(emit, { maxEventBytes, tooLarge });
}

function checkMaxEventBytes(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_EVENT_BYTES;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new ClientOptionsError('maxEventBytes', `Invalid maxEventBytes: expected a number of bytes > 0 (Infinity for none), got ${String(value)}`);
  }
  return value;
}

/**
 * @internal The UTF-8 size of `text` in bytes (a lone surrogate counts 3, as `TextEncoder`
 * writes U+FFFD for it).
 *
 * @example
 * ```ts
 * utf8Length('€'); // 3
 * ```
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) bytes += 1;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: 2 units, 4 bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}
