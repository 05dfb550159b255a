/**
 * The body of `POST /responses`, passed through as given. The fields most calls use are
 * typed; every other field of the API (`tools`, `reasoning`, `text`, `store`, …) is accepted
 * as is. `stream` is left out because the method decides it.
 *
 * @example
 * ```ts
 * const params: ResponseCreateParams = { model: 'gpt-5-nano', input: 'Say hello', background: true };
 * ```
 */
export interface ResponseCreateParams {
  /** The model id, e.g. `gpt-5-nano`. */
  model?: string;
  /** Text, or a list of input items (messages, function call outputs, …). */
  input?: string | readonly unknown[];
  /** A system (developer) message placed before the input. */
  instructions?: string | null;
  /** Run in the background, so a dropped stream can be resumed (see `resume`). */
  background?: boolean | null;
  /** Continue the conversation of an earlier response. */
  previous_response_id?: string | null;
  /** Upper bound on generated tokens, reasoning included. */
  max_output_tokens?: number | null;
  /** Set by the client: `stream()` streams, `create()` does not. */
  stream?: never;
  [field: string]: unknown;
}
