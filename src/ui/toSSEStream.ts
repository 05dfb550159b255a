import type { Observable, Subscription } from 'rxjs';
import type { ResponseErrorEvent, ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { isRxResponsesError } from '../errors/RxResponsesError.js';

/** The `error` event sent for a failure that is not one of this library's errors. */
const FOREIGN_FAILURE = { code: 'stream_truncated', message: 'The upstream stream failed before its terminal event', param: null } as const;

/**
 * Encodes events back into a `text/event-stream` body, for relaying a response from your server
 * to a browser (or to anything that reads the Responses API wire format, `fromSSE()` included).
 *
 * - Framing is the API's own: `event: <type>\ndata: <json>\n\n`, one chunk per event, so every
 *   event is flushed as it comes. `rx.skipped_input` events (input the source could not parse)
 *   are not sent.
 * - Lazy: the source is subscribed when the body is first read, not when the stream is made.
 *   Cancelling the stream (what a server runtime does to a `Response` body whose client
 *   disconnected) unsubscribes from the source at once, which aborts the upstream request.
 * - An upstream error becomes one last `error` event in the API's nested shape,
 *   `{"type":"error","sequence_number":n,"error":{"code","message","param"}}`, and then the body
 *   closes normally, so the client's parser sees why instead of a broken connection (and
 *   `finalResponse()` there raises a `ResponseStreamError` with that code). This library's
 *   errors give their `code`, the server's message (or their own, which never holds a key) and
 *   `param`; any other error gives `stream_truncated` and a fixed message, as its text may hold
 *   internal details. `sequence_number` follows the last one sent, when events carried one.
 * - The source pushes; events are queued in the stream without limit until read.
 *
 * @example
 * ```ts
 * // A route handler relaying OpenAI to the browser:
 * export async function POST(): Promise<Response> {
 *   const events$ = fromFetchResponse(await fetch(OPENAI_URL, init));
 *   return new Response(toSSEStream(events$), { headers: { 'content-type': 'text/event-stream' } });
 * }
 * ```
 */
export function toSSEStream(events$: Observable<ResponseStreamEvent>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let subscription: Subscription | undefined;
  let finished = false;
  let lastSequenceNumber: number | undefined;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (subscription !== undefined || finished) return;
        const send = (event: { readonly type: string }): void => {
          controller.enqueue(encoder.encode(frame(event)));
        };
        const close = (): void => {
          if (finished) return;
          finished = true;
          controller.close();
        };
        const fail = (err: unknown): void => {
          if (finished) return;
          send(errorEvent(err, lastSequenceNumber));
          close();
        };
        subscription = events$.subscribe({
          next(event) {
            if (finished || event.type === 'rx.skipped_input') return;
            try {
              send(event);
            } catch (err) {
              // An event that cannot be encoded (a BigInt, a cycle: never parsed JSON) ends the body.
              fail(err);
              subscription?.unsubscribe();
              return;
            }
            const seq = (event as { sequence_number?: unknown }).sequence_number;
            if (typeof seq === 'number') lastSequenceNumber = seq;
          },
          error: fail,
          complete: close,
        });
        if (finished) subscription.unsubscribe();
      },
      cancel() {
        finished = true;
        subscription?.unsubscribe();
      },
    },
    // Pull only when the body is read: nothing upstream starts before someone consumes it.
    { highWaterMark: 0 },
  );
}

function frame(event: { readonly type: string }): string {
  // A type with a line break would split the frame; the JSON payload carries the type anyway.
  const name = /[\r\n]/.test(event.type) ? '' : `event: ${event.type}\n`;
  return `${name}data: ${JSON.stringify(event)}\n\n`;
}

function errorEvent(err: unknown, lastSequenceNumber: number | undefined): ResponseErrorEvent {
  let detail: { code: string; message: string; param: string | null } = FOREIGN_FAILURE;
  if (isRxResponsesError(err)) {
    const fields = err as unknown as { serverMessage?: unknown; param?: unknown };
    detail = {
      code: err.code,
      message: typeof fields.serverMessage === 'string' && fields.serverMessage !== '' ? fields.serverMessage : err.message,
      param: typeof fields.param === 'string' ? fields.param : null,
    };
  }
  return {
    type: 'error',
    ...(lastSequenceNumber === undefined ? {} : { sequence_number: lastSequenceNumber + 1 }),
    error: detail,
  };
}
