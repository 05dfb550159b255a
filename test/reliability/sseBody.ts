const encoder = new TextEncoder();

/** The SSE frame a server sends for one event: `event:` name, one `data:` line, a blank line. */
export function sseFrame(event: { type: string }, eol = '\n'): string {
  return `event: ${event.type}${eol}data: ${JSON.stringify(event)}${eol}${eol}`;
}

/** A whole SSE body for `events`, every line ended by `eol` (LF, CRLF or a lone CR). */
export function sseBody(events: readonly { type: string }[], eol = '\n'): string {
  return events.map((event) => sseFrame(event, eol)).join('');
}

/**
 * A pull-based byte stream over the UTF-8 encoding of `texts` (encoded one by one, as they are
 * pulled), handed out in chunks of exactly `size` bytes (the last one shorter). Lets a test send
 * hundreds of megabytes without holding them.
 */
export function byteStream(texts: Iterable<string>, size: number): ReadableStream<Uint8Array> {
  const source = texts[Symbol.iterator]();
  let pending: Uint8Array[] = [];
  let buffered = 0;
  let exhausted = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      while (buffered < size && !exhausted) {
        const next = source.next();
        if (next.done === true) {
          exhausted = true;
          break;
        }
        const bytes = encoder.encode(next.value);
        if (bytes.length === 0) continue;
        pending.push(bytes);
        buffered += bytes.length;
      }
      if (buffered === 0) {
        controller.close();
        return;
      }
      const take = Math.min(size, buffered);
      const chunk = new Uint8Array(take);
      let filled = 0;
      while (filled < take) {
        const head = pending[0] as Uint8Array;
        const n = Math.min(head.length, take - filled);
        chunk.set(head.subarray(0, n), filled);
        filled += n;
        if (n === head.length) pending.shift();
        else pending[0] = head.subarray(n);
      }
      buffered -= take;
      if (buffered === 0) pending = [];
      controller.enqueue(chunk);
    },
  });
}
