import { isDoneSentinel } from './parseEventData.js';
import type { ChunkDecoder } from './ChunkDecoder.js';
import { createTextInput } from './createTextInput.js';
import type { PayloadEmitter } from './createPayloadEmitter.js';

const LEFT_BRACE = 0x7b;
const CARRIAGE_RETURN = 0x0d;
/** RFC 7464 (`application/json-seq`) starts every record with this character. */
const RECORD_SEPARATOR = 0x1e;

/**
 * @internal Decodes JSON Lines (LF or CRLF) into one payload per line, counting physical lines
 * so errors can point at them. Blank lines, a leading BOM, `[DONE]`/`data: [DONE]` lines and
 * json-seq record separators are dropped.
 *
 * @example
 * ```ts
 * const decoder = createJSONLDecoder(createPayloadEmitter(subscriber, options));
 * decoder.write('{"type":"keepalive"}\n');
 * decoder.end();
 * ```
 */
export function createJSONLDecoder(emit: PayloadEmitter): ChunkDecoder<Uint8Array | string> {
  const input = createTextInput();
  const limit = emit.maxEventBytes;
  let lineNumber = 0;
  // The unterminated tail of the text seen so far.
  let pending = '';
  // A bound on its size in bytes: exact for whole chunks, its length for a chunk's tail (which
  // undercounts by less than one chunk), so an endless line stops within a chunk of the limit.
  let pendingBytes = 0;

  const onLine = (line: string): void => {
    lineNumber++;
    const last = line.length - 1;
    if (last >= 0 && line.charCodeAt(last) === CARRIAGE_RETURN) line = line.slice(0, last);
    if (line.length === 0) return;
    // Nearly every line is an object; only the odd ones pay for trimming and sentinel checks.
    if (line.charCodeAt(0) !== LEFT_BRACE) {
      line = line.trim();
      if (line.charCodeAt(0) === RECORD_SEPARATOR) line = line.slice(1).trim();
      if (line.length === 0 || isDoneSentinel(line) || (line.startsWith('data:') && isDoneSentinel(line.slice(5)))) return;
    }
    emit(line, lineNumber);
  };

  const feed = (text: string, bytes: number): void => {
    let newline = text.indexOf('\n');
    if (newline === -1) {
      pendingBytes += bytes;
      if (pendingBytes > limit) {
        emit.tooLarge(pending === '' ? text : pending, lineNumber + 1);
        return;
      }
      pending += text;
      return;
    }
    let start = 0;
    if (pending !== '') {
      onLine(pending + text.slice(0, newline));
      pending = '';
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    while (newline !== -1) {
      onLine(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    pending = text.slice(start);
    pendingBytes = pending.length;
  };

  return {
    write(chunk) {
      const text = input.text(chunk);
      feed(text, typeof chunk === 'string' ? text.length : chunk.byteLength);
    },
    end() {
      const text = input.end();
      feed(text, text.length);
      if (pending !== '') {
        const last = pending;
        pending = '';
        onLine(last);
      }
    },
  };
}
