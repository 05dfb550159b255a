import { Observable } from 'rxjs';
import { StreamParseError } from '../errors/StreamParseError.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { readChunks } from './readChunks.js';
import type { SourceOptions } from './SourceOptions.js';
import { toSkippedInputEvent } from './toSkippedInputEvent.js';

/**
 * What {@link fromOpenAIStream} accepts: anything async-iterable, such as openai-node's
 * `Stream` (from `responses.create({ stream: true })`) or `ResponseStream` (from
 * `responses.stream()`), optionally with the `controller` that aborts its request.
 *
 * @example
 * ```ts
 * const stream: OpenAIStreamLike = await client.responses.create({ model, input, stream: true });
 * ```
 */
export type OpenAIStreamLike = AsyncIterable<unknown> & { controller?: AbortController };

/**
 * Events from an openai-node stream object, or any async iterable of event objects.
 *
 * Objects without a string `type` become a `StreamParseError` (reason `missing_type`), or a
 * skipped input under `invalidInput: 'skip'`. Unsubscribing calls the iterator's `return()`
 * and aborts `stream.controller` at once: the abort is what frees a read that is pending
 * inside openai-node. Such a stream can be iterated once only, so subscribe once.
 *
 * @example
 * ```ts
 * const stream = await client.responses.create({ model: 'gpt-5', input: 'Hi', stream: true });
 * fromOpenAIStream(stream).subscribe((event) => console.log(event.type));
 * ```
 */
export function fromOpenAIStream(stream: OpenAIStreamLike, options?: SourceOptions): Observable<ResponseStreamEvent> {
  return new Observable<ResponseStreamEvent>((subscriber) => {
    const skip = options?.invalidInput === 'skip';
    let eventNumber = 0;
    const decoder = {
      write(value: unknown): void {
        if (subscriber.closed) return;
        eventNumber++;
        if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
          subscriber.next(value as ResponseStreamEvent);
          return;
        }
        const error = new StreamParseError({ reason: 'missing_type', raw: describe(value), eventNumber });
        if (skip) subscriber.next(toSkippedInputEvent(error));
        else subscriber.error(error);
      },
      end(): void {},
    };
    return readChunks<unknown>(stream, subscriber, decoder, () => stream.controller?.abort());
  });
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Cyclic objects, BigInts and null-prototype objects have no string form to show.
    return Object.prototype.toString.call(value);
  }
}
