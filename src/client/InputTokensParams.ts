/**
 * The body of `POST /responses/input_tokens`: what a `create` would send, to count its input
 * tokens without running it.
 *
 * @example
 * ```ts
 * const params: InputTokensParams = { model: 'gpt-5-nano', input: 'How many tokens is this?' };
 * ```
 */
export interface InputTokensParams {
  model?: string;
  input?: string | readonly unknown[];
  instructions?: string | null;
  previous_response_id?: string | null;
  [field: string]: unknown;
}

/**
 * What `inputTokens()` emits.
 *
 * @example
 * ```ts
 * const { input_tokens } = await lastValueFrom(client.responses.inputTokens(params));
 * ```
 */
export interface InputTokenCount {
  object: 'response.input_tokens' | (string & {});
  input_tokens: number;
  [field: string]: unknown;
}
