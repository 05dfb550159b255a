import { type Observable, catchError, concatMap, forkJoin, last, map, of } from 'rxjs';
import {
  type ResponseSnapshot,
  type ResponseStreamEvent,
  finalResponse,
  fromRecording,
  isRxResponsesError,
  scanResponse,
  splitResponses,
} from '../index.js';
import type { ResponseReport } from './ResponseReport.js';

/**
 * Reports every response of a recording (SSE or JSON Lines, told apart by content), in order.
 *
 * Each response's events go through `scanResponse()` (its last snapshot gives id, status,
 * text, usage and diagnostics, `missing_terminal` included) and through `finalResponse()`
 * (whose error, if any, becomes `error`), so the report says exactly what a program using the
 * library would get. Invalid input is handled in the sources' default `'error'` mode: the
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
          if (!blamed.has(error)) reports.push(reportWithoutResponse(error));
          resolve(reports);
        },
        complete: () => resolve(reports),
      });
  });
}

interface Outcome {
  report: ResponseReport;
  /** The error the input itself raised (as opposed to one `finalResponse()` made up). */
  sourceError: unknown;
}

function reportResponse(events: Observable<ResponseStreamEvent>): Observable<Outcome> {
  const lastSnapshot = events.pipe(
    scanResponse(),
    last(),
    map((snapshot) => ({ snapshot, sourceError: undefined as unknown })),
    catchError((error: unknown) => of({ snapshot: snapshotOf(error), sourceError: error })),
  );
  const finalError = events.pipe(
    finalResponse(),
    last(),
    map(() => null as unknown),
    catchError((error: unknown) => of(error)),
  );
  return forkJoin([lastSnapshot, finalError]).pipe(
    map(([{ snapshot, sourceError }, error]) => ({ report: toReport(snapshot, error), sourceError })),
  );
}

function snapshotOf(error: unknown): ResponseSnapshot | undefined {
  return isRxResponsesError(error) ? error.snapshot : undefined;
}

function toReport(snapshot: ResponseSnapshot | undefined, error: unknown): ResponseReport {
  const response = snapshot?.response;
  return {
    id: typeof response?.id === 'string' ? response.id : null,
    status: response?.status ?? null,
    outputText: snapshot?.outputText ?? '',
    incompleteReason: response?.incomplete_details?.reason ?? null,
    usage: response?.usage ?? null,
    error: error === null ? null : describeError(error),
    diagnostics: (snapshot?.diagnostics ?? []).map(({ code, message }) => ({ code, message })),
    eventCount: snapshot?.eventCount ?? 0,
  };
}

function reportWithoutResponse(error: unknown): ResponseReport {
  return toReport(undefined, error);
}

function describeError(error: unknown): NonNullable<ResponseReport['error']> {
  if (isRxResponsesError(error)) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof Error) return { name: error.name, code: null, message: error.message };
  return { name: 'Error', code: null, message: String(error) };
}
