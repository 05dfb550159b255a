/**
 * Turns a JSON Lines recording into the SSE body a server would have sent for it:
 * `event: <type>` + `data: <line>` + a blank line per non-blank line, with `eol` as line break.
 * A line that is not JSON with a string `type` gets no `event:` line, and its data is kept
 * byte for byte, so parse errors survive the conversion.
 */
export function jsonlToSSE(jsonl: string, eol: '\n' | '\r\n' = '\n'): string {
  let out = '';
  for (const rawLine of jsonl.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') continue;
    const type = typeOf(line);
    if (type !== undefined) out += `event: ${type}${eol}`;
    out += `data: ${line}${eol}${eol}`;
  }
  return out;
}

function typeOf(line: string): string | undefined {
  try {
    const value: unknown = JSON.parse(line);
    const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}
