/**
 * @internal A reply before it is written: a status, headers and a body made of payloads.
 *
 * @example
 * ```ts
 * const reply: ReplayReply = { status: 200, headers: { 'content-type': 'application/json' }, sse: false, payloads: [{ data: '{}' }] };
 * ```
 */
export interface ReplayReply {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /**
   * True: each payload is one SSE frame (`event:` + `data:` + blank line), sent with chunked
   * encoding. False: the single payload's `data` is the whole body, sent with a length.
   */
  sse: boolean;
  payloads: { event?: string; data: string }[];
}
