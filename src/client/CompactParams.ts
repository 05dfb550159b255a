/**
 * The body of `POST /responses/compact`: the conversation to compact, given as `input` items
 * and/or `previous_response_id`. Other fields of the API are passed through as given.
 *
 * @example
 * ```ts
 * const params: CompactParams = { model: 'gpt-5-nano', previous_response_id: 'resp_123' };
 * ```
 */
export interface CompactParams {
  /** The model that compacts, e.g. `gpt-5-nano`. */
  model: string;
  /** Text, or a list of input items, to compact. */
  input?: string | readonly unknown[];
  /** Compact the conversation up to this response. */
  previous_response_id?: string | null;
  /** A system (developer) message placed before the input. */
  instructions?: string | null;
  [field: string]: unknown;
}

/**
 * What `compact()` emits: the compacted window, to send as the `input` of the next request.
 *
 * @example
 * ```ts
 * const compacted: CompactedResponse = await lastValueFrom(client.responses.compact(params));
 * client.responses.stream({ model, input: [...compacted.output, nextMessage] });
 * ```
 */
export interface CompactedResponse {
  id: string;
  object: 'response.compaction' | (string & {});
  created_at: number;
  /** The compacted items (a `compaction` item with encrypted content, and kept messages). */
  output: unknown[];
  usage?: Record<string, unknown> | null;
  [field: string]: unknown;
}
