import type { ResponseUsage } from '../index.js';

/**
 * What `rx-responses inspect` reports about one response of a recording (`--json` prints an
 * array of these) and the summary line `rx-responses stream --json` ends with, with exactly
 * these keys; both are built by `reportResponse()`. Everything but `error` comes from the
 * response's last snapshot (`scanResponse()`); `error` is what `finalResponse()` raised for it.
 *
 * @example
 * ```ts
 * const reports = await inspectRecording(text);
 * const ok = reports.every((r) => r.error === null);
 * ```
 */
export interface ResponseReport {
  /** The response id, `null` when no event carried one. */
  id: string | null;
  /** `response.model`, `null` when no event carried one. */
  model: string | null;
  /** `response.status` of the last snapshot (`in_progress` for a truncated stream). */
  status: string | null;
  /** The text of every `output_text` part of every message item, joined with no separator. */
  outputText: string;
  /** `response.incomplete_details.reason`, or `null`. */
  incompleteReason: string | null;
  /** `response.usage` as the server sent it, or `null`. */
  usage: ResponseUsage | null;
  /** The error `finalResponse()` raised for this response, or `null` when it emitted. */
  error: { name: string; code: string | null; message: string } | null;
  /**
   * Every output item, in output order, in words (see `describeOutputItem`): its `type`, its
   * `status` (`null` when it has none), a `label` such as `function call get_weather` or `web
   * search`, and its `detail` in full: the arguments, the query, the code, the command, the
   * reasoning summary, or `''`.
   */
  items: { type: string; status: string | null; label: string; detail: string }[];
  /** Every diagnostic of the response, oldest first. */
  diagnostics: { code: string; message: string }[];
  /** Number of events of this response. */
  eventCount: number;
}
