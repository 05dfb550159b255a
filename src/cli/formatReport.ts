import { formatUsage } from './formatUsage.js';
import { oneLine } from './oneLine.js';
import { plural } from './plural.js';
import { printable } from './printable.js';
import type { ResponseReport } from './ResponseReport.js';

/** Longest stretch of output text shown, in characters and in lines. */
const MAX_TEXT_CHARS = 600;
const MAX_TEXT_LINES = 12;
/** Longest line of output text shown; the rest of a longer line is cut. */
const MAX_TEXT_LINE = 160;
/** Longest detail (arguments, query, summary, …) shown after an item's label. */
const MAX_DETAIL = 120;
/** Longest diagnostic message shown. */
const MAX_MESSAGE = 200;

/**
 * The readable summary `rx-responses inspect` prints for one response (without `--json`): id,
 * model, status, event count, usage, the error, every output item other than a message (a
 * function call with its arguments, a hosted tool by type and status, reasoning with its
 * summary; each detail cut to one line of about 120 characters), the output text (indented, cut
 * to about 600 characters) and the diagnostics, one line per code (`item_id_changed ×66, the first: …`). Text from the recording is made printable.
 *
 * @example
 * ```ts
 * reports.forEach((r, i) => process.stdout.write(formatReport(r, i, reports.length)));
 * ```
 */
export function formatReport(report: ResponseReport, index: number, total: number): string {
  const lines: string[] = [];
  const heading = total > 1 ? `Response ${index + 1} of ${total}` : 'Response';
  lines.push(`${heading}: ${report.id === null ? '(no id)' : oneLine(report.id)}`);
  lines.push(`  model:       ${report.model === null ? '(none)' : oneLine(report.model)}`);
  lines.push(`  status:      ${report.status === null ? '(none)' : oneLine(report.status)}${report.incompleteReason === null ? '' : ` (${oneLine(report.incompleteReason)})`}`);
  lines.push(`  events:      ${report.eventCount}`);
  lines.push(`  usage:       ${formatUsage(report.usage)}`);
  if (report.error !== null) {
    const { name, code, message } = report.error;
    lines.push(`  error:       ${name}${code === null ? '' : ` (${code})`}: ${oneLine(message, MAX_MESSAGE)}`);
  }
  const items = report.items.filter((item) => item.type !== 'message');
  if (items.length > 0) {
    lines.push(`  ${plural(items.length, 'item')} besides messages:`);
    for (const item of items) lines.push(`    ${describeItem(item)}`);
  }
  if (report.outputText === '') {
    lines.push('  output text: (none)');
  } else {
    lines.push(`  output text (${plural(report.outputText.length, 'character')}):`);
    lines.push(...excerpt(report.outputText).map((line) => (line === '' ? '' : `    ${line}`)));
  }
  if (report.diagnostics.length === 0) {
    lines.push('  diagnostics: none');
  } else {
    lines.push(`  diagnostics (${report.diagnostics.length}):`);
    for (const { code, count, message } of groupByCode(report.diagnostics)) {
      lines.push(`    ${oneLine(code, 60)}${count > 1 ? ` ×${count}, the first` : ''}: ${oneLine(message, MAX_MESSAGE)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function describeItem(item: ResponseReport['items'][number]): string {
  const head = `${oneLine(item.label, 80)}${item.status === null ? '' : `, ${oneLine(item.status, 40)}`}`;
  if (item.type === 'reasoning') {
    if (item.detail === '') return `${head}: no summary`;
    const parts = item.detail.split('\n\n').length;
    return `${head}: summary (${plural(parts, 'part')}, ${plural(item.detail.length, 'character')}): ${oneLine(item.detail, MAX_DETAIL)}`;
  }
  return item.detail.trim() === '' ? head : `${head}: ${oneLine(item.detail, MAX_DETAIL)}`;
}

/** Diagnostics grouped by code, in order of first appearance, each with its first message. */
function groupByCode(diagnostics: ResponseReport['diagnostics']): { code: string; count: number; message: string }[] {
  const groups = new Map<string, { code: string; count: number; message: string }>();
  for (const { code, message } of diagnostics) {
    const group = groups.get(code);
    if (group === undefined) groups.set(code, { code, count: 1, message });
    else group.count++;
  }
  return [...groups.values()];
}

function excerpt(text: string): string[] {
  let shown = text.slice(0, MAX_TEXT_CHARS);
  const lines = shown.split('\n').slice(0, MAX_TEXT_LINES);
  shown = lines.join('\n');
  const rest = text.length - shown.length;
  const result = printable(shown.trimEnd())
    .split('\n')
    .map((line) => (line.length > MAX_TEXT_LINE ? `${line.slice(0, MAX_TEXT_LINE - 1)}…` : line));
  if (rest > 0) result.push(`… (${plural(rest, 'more character', 'more characters')})`);
  return result;
}
