/**
 * @internal Turns chunks of one input into events, synchronously and a whole chunk at a time.
 * A decoder belongs to one subscription: sources create a fresh one per subscriber.
 *
 * @example
 * ```ts
 * const decoder: ChunkDecoder<Uint8Array | string> = createSSEDecoder(emit);
 * decoder.write(bytes);
 * decoder.end();
 * ```
 */
export interface ChunkDecoder<T> {
  /** Handles one chunk, emitting every event it completes before returning. */
  write(chunk: T): void;
  /** The input is over: emits whatever a last, unterminated frame or line holds. */
  end(): void;
}
