import type { ResponseOutputItem } from '../events/Response.js';

/**
 * Joins the text of every `output_text` part of every `message` item, in output order, with
 * no separator: the same rule as openai-node's `output_text`.
 *
 * @example
 * ```ts
 * const text = outputTextOf(response.output);
 * ```
 */
export function outputTextOf(output: readonly ResponseOutputItem[]): string {
  let text = '';
  for (const item of output) {
    if (item?.type !== 'message') continue;
    const content = (item as { content?: unknown }).content;
    if (!Array.isArray(content)) continue;
    for (const part of content) {
      if (part?.type === 'output_text' && typeof part.text === 'string') text += part.text;
    }
  }
  return text;
}
