const encoder = new TextEncoder();

/** One line of an SSE body, by byte offset; `end` is the offset of the LF that ends it. */
export interface LayoutLine {
  readonly kind: 'event' | 'data' | 'comment' | 'blank';
  readonly start: number;
  readonly end: number;
}

/** One frame (the lines up to and including its blank line), by byte offset. */
export interface LayoutFrame {
  readonly start: number;
  readonly end: number;
  /** Index of the event its `data:` line carries; `undefined` for a keep-alive comment frame. */
  readonly event: number | undefined;
  /** Its `data:` line, if it has one. */
  readonly data: LayoutLine | undefined;
}

/** An SSE body (LF line breaks) with the byte position of every line and frame. */
export interface SSELayout {
  readonly bytes: Uint8Array;
  readonly lines: readonly LayoutLine[];
  readonly frames: readonly LayoutFrame[];
}

/**
 * Lays out `events` as a server would send them (`event:` + `data:` + blank line), with a
 * `: ping` keep-alive frame after every `pingEvery`-th event, and records where each line and
 * frame sits, so a test can tell which events a byte-level change can possibly affect.
 */
export function layoutSSE(events: readonly { type: string }[], pingEvery = 3): SSELayout {
  const parts: Uint8Array[] = [];
  const lines: LayoutLine[] = [];
  const frames: LayoutFrame[] = [];
  let offset = 0;
  const line = (kind: LayoutLine['kind'], text: string): LayoutLine => {
    const bytes = encoder.encode(`${text}\n`);
    parts.push(bytes);
    const placed = { kind, start: offset, end: offset + bytes.length - 1 };
    lines.push(placed);
    offset += bytes.length;
    return placed;
  };
  events.forEach((event, index) => {
    const start = offset;
    line('event', `event: ${event.type}`);
    const data = line('data', `data: ${JSON.stringify(event)}`);
    line('blank', '');
    frames.push({ start, end: offset, event: index, data });
    if ((index + 1) % pingEvery === 0) {
      const pingStart = offset;
      line('comment', ': ping');
      line('blank', '');
      frames.push({ start: pingStart, end: offset, event: undefined, data: undefined });
    }
  });
  const bytes = new Uint8Array(offset);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, lines, frames };
}

/** Index of the frame holding byte `offset`; `frames.length` for the end of the body. */
export function frameAt(layout: SSELayout, offset: number): number {
  const index = layout.frames.findIndex((frame) => frame.start <= offset && offset < frame.end);
  return index === -1 ? layout.frames.length : index;
}
