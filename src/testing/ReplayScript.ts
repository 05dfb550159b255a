import type { Response, ResponseStreamEvent, StreamErrorInfo } from '../index.js';

/**
 * @internal What a replay server knows about the one response it serves.
 *
 * @example
 * ```ts
 * const script: ReplayScript = { events: [], responseId: undefined, response: { id: '', output: [] }, streamError: undefined, inputItems: [] };
 * ```
 */
export interface ReplayScript {
  /** The events of the first response of the input, in order. */
  readonly events: readonly ResponseStreamEvent[];
  /**
   * The response's id as the stream last gave it (a stream whose id changes on the way is served
   * under its final id), the `:id` of the `GET` and `cancel` routes.
   */
  readonly responseId: string | undefined;
  /**
   * The terminal event's `response`; for a stream that stops without one, the response as
   * accumulated up to its last event.
   */
  readonly response: Response;
  /** Set when the stream ended with an `error` event and carries no terminal response. */
  readonly streamError: StreamErrorInfo | undefined;
  /** What `GET /v1/responses/:id/input_items` lists, oldest first. */
  readonly inputItems: readonly { id: string; type: string; [field: string]: unknown }[];
}
