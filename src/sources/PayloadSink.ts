import { Observable, type Subscriber, type TeardownLogic } from 'rxjs';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';

/**
 * @internal A consumer that may take an event's raw JSON before the source parses it. When
 * `absorbPayload` returns `true`, the source neither parses the payload nor emits its event.
 * Only a consumer that is the source's one direct subscriber may do this, since the event it
 * skips is then observed by nobody (see {@link withPayloadSink}).
 */
export interface PayloadSink {
  absorbPayload(data: string): boolean;
}

const SINK = Symbol('rx-responses.withPayloadSink');

type SinkAware = Observable<ResponseStreamEvent> & { [SINK]?: (sink: PayloadSink) => Observable<ResponseStreamEvent> };

/**
 * @internal A source of events parsed from payloads: `start` runs once per subscription, with
 * the sink that subscription offers its payloads to (or `undefined`).
 *
 * @example
 * ```ts
 * const source = payloadSource((subscriber, sink) => readChunks(body, subscriber, createSSEDecoder(createPayloadEmitter(subscriber, options, sink))));
 * ```
 */
export function payloadSource(
  start: (subscriber: Subscriber<ResponseStreamEvent>, sink: PayloadSink | undefined) => TeardownLogic,
): Observable<ResponseStreamEvent> {
  const source: SinkAware = new Observable<ResponseStreamEvent>((subscriber) => start(subscriber, undefined));
  source[SINK] = (sink) => new Observable<ResponseStreamEvent>((subscriber) => start(subscriber, sink));
  return source;
}

/**
 * @internal `source` with its payloads offered to `sink` first, when `source` came straight from
 * {@link payloadSource} (so the caller is its only direct subscriber); else `source` itself.
 *
 * @example
 * ```ts
 * const events = withPayloadSink(source, accumulator);
 * ```
 */
export function withPayloadSink(source: Observable<ResponseStreamEvent>, sink: PayloadSink): Observable<ResponseStreamEvent> {
  const fuse = (source as SinkAware)[SINK];
  return fuse === undefined ? source : fuse(sink);
}
