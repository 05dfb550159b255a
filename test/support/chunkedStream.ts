/**
 * A pull-based byte stream that hands out `bytes` in chunks of `size` bytes (the last one
 * shorter); `Infinity` gives everything in one chunk. Splitting at arbitrary byte offsets
 * cuts lines, frames and multi-byte characters, as a network does.
 */
export function chunkedStream(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      const end = Math.min(bytes.length, offset + size);
      controller.enqueue(bytes.subarray(offset, end));
      offset = end;
    },
  });
}
