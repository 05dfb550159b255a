import { type Observable, Subscription } from 'rxjs';
import { type ResponseSnapshot, type ResponseStreamEvent, scanResponse, textDeltas } from '../index.js';
import { createProgressStatus } from './createProgressStatus.js';
import { formatUsage } from './formatUsage.js';
import { itemProgress } from './itemProgress.js';
import { oneLine } from './oneLine.js';
import { plural } from './plural.js';
import { printable } from './printable.js';
import type { ResponseReport } from './ResponseReport.js';
import { reportResponse, snapshotOf, toReport } from './reportResponse.js';
import { reraiseInterrupt } from './reraiseInterrupt.js';

/** The exit code after Ctrl-C: 128 + SIGINT, as shells report a process killed by it. */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * How {@link printStream} prints.
 *
 * @example
 * ```ts
 * const options: PrintStreamOptions = { json: true };
 * ```
 */
export interface PrintStreamOptions {
  /** One JSON line per event on stdout, then the summary line; otherwise text and a status line. */
  json: boolean;
}

/**
 * Prints a streamed response as it arrives and resolves to the exit code: 0 completed,
 * 3 incomplete, 1 failed, an `error` event, a truncated stream or a request that failed,
 * {@link INTERRUPTED_EXIT_CODE} after Ctrl-C.
 *
 * Without `json`, the answer text goes to stdout as it arrives (`textDeltas()`); reasoning and
 * tool progress ({@link itemProgress}) go to a status line on stderr; at the end, stderr gets the status, the error
 * if any (for an HTTP error: status, code and request id), the usage and the duration. With
 * `json`, stdout gets every event as one JSON line, then one summary line built by
 * `reportResponse()`, the same object `inspect --json` prints per response; an error also goes
 * to stderr, as one line.
 *
 * The first Ctrl-C (SIGINT) unsubscribes from `events`, which aborts the request, and says so
 * on stderr; a second one exits at once.
 *
 * @example
 * ```ts
 * process.exitCode = await printStream(client.responses.stream({ model, input }), { json: false });
 * ```
 */
export async function printStream(events: Observable<ResponseStreamEvent>, options: PrintStreamOptions): Promise<number> {
  const { stdout, stderr } = process;
  const status = options.json ? undefined : createProgressStatus(stderr);
  const textToTerminal = stdout.isTTY === true;
  const subscriptions = new Subscription();
  const ignore = (): void => undefined;
  const startedAt = performance.now();
  let snapshot: ResponseSnapshot | undefined;
  let interrupted = false;
  let lastText = '';

  let onInterrupt = ignore;
  const report = await new Promise<ResponseReport>((resolve) => {
    onInterrupt = () => {
      interrupted = true;
      // Dropping the last subscriber of the client's shared stream aborts its fetch.
      subscriptions.unsubscribe();
      // Whatever the cleanup still waits for, a second Ctrl-C does not.
      process.once('SIGINT', () => {
        status?.end();
        reraiseInterrupt();
      });
      resolve(toReport(snapshot, interruption()));
    };
    process.once('SIGINT', onInterrupt);

    if (options.json) {
      subscriptions.add(events.subscribe({ next: (event) => stdout.write(`${JSON.stringify(event)}\n`), error: ignore }));
    } else if (status !== undefined) {
      subscriptions.add(events.pipe(itemProgress()).subscribe({ next: (progress) => status.item(progress), error: ignore }));
      subscriptions.add(
        events.pipe(textDeltas()).subscribe({
          next(delta) {
            if (textToTerminal) status.text(delta);
            if (delta !== '') lastText = delta;
            stdout.write(textToTerminal ? printable(delta) : delta);
          },
          error: ignore,
        }),
      );
    }
    subscriptions.add(
      events.pipe(scanResponse()).subscribe({
        next: (next) => (snapshot = next),
        error: (error: unknown) => (snapshot = snapshotOf(error) ?? snapshot),
      }),
    );
    subscriptions.add(reportResponse(events).subscribe(({ report }) => resolve(report)));
  });
  process.removeListener('SIGINT', onInterrupt);
  subscriptions.unsubscribe();
  status?.end();

  const error = interrupted || report.error === null ? undefined : describeError(report.error);
  // The answer text may have left the terminal's cursor mid-line; a file or a pipe gets a
  // text that ends with a line break, as text files do.
  if (lastText !== '' && !lastText.endsWith('\n')) (textToTerminal ? stderr : stdout).write('\n');
  if (interrupted) {
    stderr.write(`\nStopped (Ctrl-C): the request was aborted${snapshot === undefined ? ' before any event arrived' : ` after ${plural(snapshot.eventCount, 'event')}`}.\n`);
  }
  if (options.json) {
    stdout.write(`${JSON.stringify(report)}\n`);
    if (error !== undefined) stderr.write(`rx-responses: ${error}\n`);
  } else {
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    stderr.write(
      `\nstatus:   ${describeStatus(report, snapshot, interrupted)}\n` +
        (error === undefined ? '' : `error:    ${error}\n`) +
        `usage:    ${formatUsage(report.usage)}\n` +
        `duration: ${seconds} s\n`,
    );
  }
  if (interrupted) return INTERRUPTED_EXIT_CODE;
  if (report.error !== null) return 1;
  return report.status === 'completed' ? 0 : report.status === 'incomplete' ? 3 : 1;
}

/** What the summary reports as the error of a response stopped with Ctrl-C. */
function interruption(): Error {
  const error = new Error('Stopped with Ctrl-C (SIGINT) before the response ended; the request was aborted');
  error.name = 'Interrupted';
  Object.assign(error, { code: 'interrupted' });
  return error;
}

function describeStatus(report: ResponseReport, snapshot: ResponseSnapshot | undefined, interrupted: boolean): string {
  if (interrupted) return 'stopped (Ctrl-C)';
  const phase = snapshot?.phase ?? 'streaming';
  if (phase === 'streaming') return snapshot === undefined || snapshot.eventCount === 0 ? 'no response (the request failed)' : 'truncated (no terminal event)';
  return `${phase}${report.incompleteReason === null ? '' : ` (${printable(report.incompleteReason)})`}`;
}

/** An error as one printable line: `Name (code): message`. */
function describeError({ name, code, message }: NonNullable<ResponseReport['error']>): string {
  return oneLine(`${name}${code === null ? '' : ` (${code})`}: ${message}`);
}
