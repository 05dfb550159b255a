const SSE_LINE = /^(?:event:|data:|id:|retry:|:)/;

/**
 * Tells a recorded SSE body from JSON Lines by content, since file names lie: SSE when the
 * first non-blank line (after a BOM) starts with `event:`, `data:`, `id:`, `retry:` or `:`,
 * JSON Lines otherwise (an empty text included).
 *
 * @example
 * ```ts
 * detectRecordingFormat('event: response.created\ndata: {...}\n\n'); // 'sse'
 * ```
 */
export function detectRecordingFormat(text: string): 'sse' | 'jsonl' {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    if (line.trim() !== '') return SSE_LINE.test(line) ? 'sse' : 'jsonl';
    start = end + 1;
  }
  return 'jsonl';
}
