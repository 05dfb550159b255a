/**
 * Query of `GET /responses/{id}/input_items`. `inputItems()` follows the cursor itself, so
 * `after` only sets where it starts.
 *
 * @example
 * ```ts
 * client.responses.inputItems('resp_123', { order: 'asc', limit: 100 });
 * ```
 */
export interface InputItemsParams {
  /** Start after the item with this id. */
  after?: string;
  /** Items per page, 1 to 100 (the API's default is 20). */
  limit?: number;
  /** `desc` (the API's default: newest first) or `asc`. */
  order?: 'asc' | 'desc';
  /** Extra fields to include, e.g. `message.input_image.image_url`. */
  include?: readonly string[];
}

/**
 * One item of a response's input, as the API lists it (a message, a function call output, …).
 *
 * @example
 * ```ts
 * const item: InputItem = { id: 'msg_1', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] };
 * ```
 */
export interface InputItem {
  /** The item's id, the cursor of the next page. */
  id: string;
  type: string;
  [field: string]: unknown;
}
