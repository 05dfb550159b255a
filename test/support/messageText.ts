/**
 * The answer text of a response's `output`, as the API documents `output_text`: the `text` of
 * every `output_text` part of every `message` item, in order, joined with nothing between.
 * Written here from the documented rule, so tests of the library's own `outputTextOf()` (and
 * of everything built on it) compare against something that is not that function.
 */
export function messageText(output: readonly unknown[] | undefined): string {
  const texts: string[] = [];
  for (const item of output ?? []) {
    const { type, content } = (item ?? {}) as { type?: unknown; content?: unknown };
    if (type !== 'message' || !Array.isArray(content)) continue;
    for (const part of content as { type?: unknown; text?: unknown }[]) {
      if (part?.type === 'output_text' && typeof part.text === 'string') texts.push(part.text);
    }
  }
  return texts.join('');
}
