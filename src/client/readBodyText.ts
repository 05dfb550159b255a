/**
 * @internal Reads a body as UTF-8 text, stopping (and cancelling the rest) after `maxBytes`.
 * `onBytes` runs per chunk, so an idle timeout can watch the read.
 *
 * @example
 * ```ts
 * const text = await readBodyText(response.body, 64 * 1024);
 * ```
 */
export async function readBodyText(body: ReadableStream<Uint8Array> | null, maxBytes = Infinity, onBytes?: () => void): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onBytes?.();
      size += value.byteLength;
      text += decoder.decode(value, { stream: true });
      if (size >= maxBytes) {
        reader.cancel().catch(() => {});
        return text;
      }
    }
    return text + decoder.decode();
  } finally {
    reader.releaseLock();
  }
}
