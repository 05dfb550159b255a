import type { ReasoningUpdate } from '../index.js';
import { printable } from './printable.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Clear the whole line and go back to its start. */
const CLEAR_LINE = '\r\u001b[2K';

/**
 * The stream a status line is written to: `process.stderr`, or a test double.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const stream: StatusStream = { write: (text) => lines.push(text), isTTY: false };
 * ```
 */
export interface StatusStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * The reasoning status line of the demo, fed with `reasoning()` updates.
 *
 * @example
 * ```ts
 * const status: ReasoningStatus = createReasoningStatus(process.stderr);
 * status.textStarting();
 * ```
 */
export interface ReasoningStatus {
  /** Shows the progress of one reasoning item. */
  update(update: ReasoningUpdate): void;
  /** Call before writing answer text to a terminal: removes the line and stops redrawing it. */
  textStarting(): void;
}

/**
 * A status line for reasoning progress on `stream`. On a terminal it is one line, redrawn on
 * every update (a spinner, the size of the summary so far and its last words) and replaced by
 * a plain line when the reasoning ends. Elsewhere (a pipe, a file, CI logs) it writes one
 * plain line when reasoning starts and one when it ends.
 *
 * @example
 * ```ts
 * const status = createReasoningStatus(process.stderr);
 * events.pipe(reasoning()).subscribe((r) => status.update(r));
 * ```
 */
export function createReasoningStatus(stream: StatusStream, now: () => number = Date.now): ReasoningStatus {
  const started = new Map<string, number>();
  const finished = new Set<string>();
  let drawn = false;
  let textWritten = false;
  let frame = 0;

  function clear(): void {
    if (drawn) stream.write(CLEAR_LINE);
    drawn = false;
  }

  return {
    update(update) {
      const key = `${update.responseIndex}:${update.outputIndex}`;
      if (finished.has(key)) return;
      const size = update.summary.join('\n\n').length + update.text.length;
      if (!started.has(key)) {
        started.set(key, now());
        if (!stream.isTTY) stream.write('Reasoning started…\n');
      }
      if (update.done) {
        finished.add(key);
        const seconds = ((now() - (started.get(key) ?? now())) / 1000).toFixed(1);
        const line = `Reasoning done: ${size} characters in ${seconds} s\n`;
        if (!stream.isTTY) stream.write(line);
        else if (!textWritten) {
          clear();
          stream.write(line);
        }
        return;
      }
      if (!stream.isTTY || textWritten) return;
      const latest = `${update.summary.at(-1) ?? ''}${update.text}`.replace(/\s+/g, ' ').trim();
      const head = `${SPINNER[frame++ % SPINNER.length] ?? ''} Reasoning… ${size} characters`;
      const room = (stream.columns || 80) - head.length - 4;
      const tail = room > 10 && latest !== '' ? ` · ${room < latest.length ? `…${latest.slice(-(room - 1))}` : latest}` : '';
      stream.write(`${CLEAR_LINE}${head}${printable(tail)}`);
      drawn = true;
    },
    textStarting() {
      clear();
      textWritten = true;
    },
  };
}
