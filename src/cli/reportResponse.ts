import { type Observable, catchError, forkJoin, last, map, of } from 'rxjs';
import { type ResponseSnapshot, type ResponseStreamEvent, finalResponse, isRxResponsesError, scanResponse } from '../index.js';
import { describeOutputItem } from './describeOutputItem.js';
import type { ResponseReport } from './ResponseReport.js';

/**
 * The report on one response, and the error its events themselves ended with (as opposed to
 * one `finalResponse()` made up, such as `ResponseFailedError`).
 *
 * @example
 * ```ts
 * reportResponse(events).subscribe(({ report, sourceError }) => console.log(report.status, sourceError));
 * ```
 */
export interface ResponseOutcome {
  report: ResponseReport;
  sourceError: unknown;
}

/**
 * Reports one response from its events, as `inspect --json` and `stream --json` print it. The
 * events go through `scanResponse()` (its last snapshot gives id, status, text, usage and
 * diagnostics, `missing_terminal` included) and through `finalResponse()` (whose error, if any,
 * becomes `error`), so the report says exactly what a program using the library would get.
 * Emits once, after the events end (never errors), then completes.
 *
 * @example
 * ```ts
 * const { report } = await lastValueFrom(reportResponse(client.responses.stream(params)));
 * ```
 */
export function reportResponse(events: Observable<ResponseStreamEvent>): Observable<ResponseOutcome> {
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

/**
 * The report for a response's last snapshot and the error it ended with (`null` for none);
 * `snapshot` is `undefined` when no event arrived.
 *
 * @example
 * ```ts
 * const report = toReport(lastSnapshot, new Error('stopped'));
 * ```
 */
export function toReport(snapshot: ResponseSnapshot | undefined, error: unknown): ResponseReport {
  const response = snapshot?.response;
  return {
    id: typeof response?.id === 'string' ? response.id : null,
    model: typeof response?.model === 'string' && response.model !== '' ? response.model : null,
    status: response?.status ?? null,
    outputText: snapshot?.outputText ?? '',
    incompleteReason: response?.incomplete_details?.reason ?? null,
    usage: response?.usage ?? null,
    error: error === null ? null : describeError(error),
    items: (snapshot?.output ?? []).map((item) => {
      const { type, status, label, detail } = describeOutputItem(item);
      return { type, status, label, detail };
    }),
    diagnostics: (snapshot?.diagnostics ?? []).map(({ code, message }) => ({ code, message })),
    eventCount: snapshot?.eventCount ?? 0,
  };
}

/**
 * The snapshot a library error carries (the partial response it failed in), if any.
 *
 * @example
 * ```ts
 * const partial = snapshotOf(error)?.outputText;
 * ```
 */
export function snapshotOf(error: unknown): ResponseSnapshot | undefined {
  return isRxResponsesError(error) ? error.snapshot : undefined;
}

function describeError(error: unknown): NonNullable<ResponseReport['error']> {
  if (isRxResponsesError(error)) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, code: typeof code === 'string' ? code : null, message: error.message };
  }
  return { name: 'Error', code: null, message: String(error) };
}
