import type { ItemProgress } from './itemProgress.js';
import { printable } from './printable.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Milliseconds between spinner frames while something is in progress. */
const FRAME_MS = 80;
/** Clear the whole line and go back to its start. */
const CLEAR_LINE = '\r\u001b[2K';
/** Longest detail (arguments, query, code) quoted in a finished tool's line. */
const MAX_DETAIL = 100;

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
 * The progress status line of `stream` and `demo`, fed with {@link ItemProgress} updates.
 *
 * @example
 * ```ts
 * const status: ProgressStatus = createProgressStatus(process.stderr);
 * status.text('Hello');
 * ```
 */
export interface ProgressStatus {
  /** Shows the progress of one reasoning or tool item (function call, web search, code interpreter, …). */
  item(progress: ItemProgress): void;
  /**
   * Call with each chunk of answer text just before it is written to the same terminal: the
   * line is removed and no longer redrawn, so it never cuts through the answer.
   */
  text(chunk: string): void;
  /** Removes the line and stops the animation; call once the stream is over. */
  end(): void;
}

interface Activity {
  readonly startedAt: number;
  /** What the line shows while it runs, e.g. `Reasoning… 120 characters`. */
  head: string;
  /** The latest words of what it produces, shown after the head when there is room. */
  tail: string;
}

/**
 * A status line for reasoning and tool progress. On a terminal it is one line, animated (a
 * spinner, what is running, its size so far and its latest words) and replaced by a plain line
 * when an item finishes; once answer text has been written to the terminal (see
 * {@link ProgressStatus.text}) only the plain lines remain, each on a line of its own.
 * Elsewhere (a pipe, a file, CI logs) it writes one plain line when an item starts and one when
 * it ends.
 *
 * @example
 * ```ts
 * const status = createProgressStatus(process.stderr);
 * events.pipe(itemProgress()).subscribe((progress) => status.item(progress));
 * ```
 */
export function createProgressStatus(stream: StatusStream, now: () => number = Date.now): ProgressStatus {
  const tty = stream.isTTY === true;
  const active = new Map<string, Activity>();
  const finished = new Set<string>();
  let drawn = false;
  let lastShown = '';
  let textWritten = false;
  /** Whether the terminal's cursor is at the start of a line (answer text may have left it mid-line). */
  let atLineStart = true;
  let frame = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  function clear(): void {
    if (drawn) stream.write(CLEAR_LINE);
    drawn = false;
  }

  function stopTimer(): void {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  }

  function draw(): void {
    const activity = [...active.values()].at(-1);
    if (!tty || textWritten || activity === undefined) {
      clear();
      stopTimer();
      return;
    }
    const head = `${SPINNER[frame % SPINNER.length] ?? ''} ${activity.head}`;
    const room = (stream.columns || 80) - head.length - 4;
    const latest = activity.tail.replace(/\s+/g, ' ').trim();
    const tail = room > 10 && latest !== '' ? ` · ${room < latest.length ? `…${latest.slice(-(room - 1))}` : latest}` : '';
    const shown = `${printable(head)}${printable(tail)}`;
    if (!drawn || shown !== lastShown) stream.write(`${CLEAR_LINE}${shown}`);
    lastShown = shown;
    drawn = true;
    if (timer === undefined) {
      timer = setInterval(() => {
        frame++;
        draw();
      }, FRAME_MS);
      // The animation alone must never keep the process alive.
      timer.unref?.();
    }
  }

  /** Writes a line that stays. */
  function line(text: string): void {
    clear();
    if (tty && !atLineStart) stream.write('\n');
    stream.write(`${printable(text)}\n`);
    atLineStart = true;
  }

  /** Starts, updates or finishes the activity `key`; returns it, or `undefined` once finished. */
  function track(key: string, head: string, tail: string, startLine: string): Activity | undefined {
    if (finished.has(key)) return undefined;
    let activity = active.get(key);
    if (activity === undefined) {
      activity = { startedAt: now(), head, tail };
      active.set(key, activity);
      if (!tty) line(startLine);
    }
    activity.head = head;
    activity.tail = tail;
    return activity;
  }

  function finish(key: string, activity: Activity, describe: (seconds: string) => string): void {
    finished.add(key);
    active.delete(key);
    line(describe(((now() - activity.startedAt) / 1000).toFixed(1)));
    draw();
  }

  return {
    item(progress) {
      const key = `${progress.responseIndex}:${progress.outputIndex}`;
      const label = `${progress.label.charAt(0).toUpperCase()}${progress.label.slice(1)}`;
      const size = progress.size > 0 ? ` ${progress.size} characters` : '';
      const activity = track(key, `${label}…${size}`, progress.detail, `${label} started…`);
      if (activity === undefined) return;
      if (!progress.done) {
        draw();
        return;
      }
      const verb = progress.failed ? 'failed' : 'done';
      if (progress.kind === 'reasoning') {
        // Reasoning that is only sent encrypted has no summary to count.
        finish(key, activity, (seconds) => (progress.size > 0 ? `${label} ${verb}: ${progress.size} characters in ${seconds} s` : `${label} ${verb} in ${seconds} s (no summary)`));
        return;
      }
      const detail = progress.detail.replace(/\s+/g, ' ').trim();
      const quoted = detail === '' ? '' : `: ${detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 1)}…` : detail}`;
      finish(key, activity, (seconds) => `${label} ${verb} in ${seconds} s${quoted}`);
    },
    text(chunk) {
      if (!textWritten) {
        clear();
        stopTimer();
        textWritten = true;
      }
      if (chunk !== '') atLineStart = chunk.endsWith('\n');
    },
    end() {
      clear();
      stopTimer();
      active.clear();
    },
  };
}
