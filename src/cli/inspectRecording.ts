import { concatMap } from 'rxjs';
import { fromRecording, splitResponses } from '../index.js';
import type { ResponseReport } from './ResponseReport.js';
import { reportResponse, toReport } from './reportResponse.js';

/**
 * Reports every response of a recording (SSE or JSON Lines, told apart by content), in order.
 *
 * Each response is reported by {@link reportResponse}, the same code `stream --json` uses for
 * its summary line. Invalid input is handled in the sources' default `'error'` mode: the
 * response the bad line falls in reports the `StreamParseError`, and nothing after that line is
 * read. When the very first line is bad, there is no response to blame, and the one entry
 * returned has no id, no status and that error.
 *
 * @example
 * ```ts
 * const reports = await inspectRecording(await readFile('stream.jsonl', 'utf8'));
 * for (const r of reports) console.log(r.id, r.status, r.error?.name ?? 'ok');
 * ```
 */
export function inspectRecording(text: string): Promise<ResponseReport[]> {
  return new Promise((resolve) => {
    const reports: ResponseReport[] = [];
    const blamed = new Set<unknown>();
    fromRecording(text)
      .pipe(
        splitResponses(),
        concatMap((events) => reportResponse(events)),
      )
      .subscribe({
        next({ report, sourceError }) {
          reports.push(report);
          if (sourceError !== undefined) blamed.add(sourceError);
        },
        error(error: unknown) {
          // The response the error occurred in has normally reported it already (inner streams
          // error before the outer one); otherwise the input failed before any event.
          if (!blamed.has(error)) reports.push(toReport(undefined, error));
          resolve(reports);
        },
        complete: () => resolve(reports),
      });
  });
}
