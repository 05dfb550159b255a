import { formatUsage } from './formatUsage.js';
import { printable } from './printable.js';
import type { ResponseReport } from './ResponseReport.js';

/** Longest stretch of output text shown, in characters and in lines. */
const MAX_TEXT_CHARS = 600;
const MAX_TEXT_LINES = 12;

/**
 * The readable summary `rx-responses inspect` prints for one response (without `--json`):
 * id, status, event count, usage, the error, the output text (indented, cut to about 600
 * characters) and the diagnostics as `code: message` lines.
 *
 * @example
 * ```ts
 * reports.forEach((r, i) => process.stdout.write(formatReport(r, i, reports.length)));
 * ```
 */
export function formatReport(report: ResponseReport, index: number, total: number): string {
  const lines: string[] = [];
  const heading = total > 1 ? `Response ${index + 1} of ${total}` : 'Response';
  lines.push(`${heading}: ${report.id === null ? '(no id)' : printable(report.id)}`);
  lines.push(`  status:      ${report.status ?? '(none)'}${report.incompleteReason === null ? '' : ` (${printable(report.incompleteReason)})`}`);
  lines.push(`  events:      ${report.eventCount}`);
  lines.push(`  usage:       ${formatUsage(report.usage)}`);
  if (report.error !== null) {
    const { name, code, message } = report.error;
    lines.push(`  error:       ${name}${code === null ? '' : ` (${code})`}: ${printable(message)}`);
  }
  if (report.outputText === '') {
    lines.push('  output text: (none)');
  } else {
    lines.push(`  output text (${report.outputText.length} characters):`);
    lines.push(...excerpt(report.outputText).map((line) => (line === '' ? '' : `    ${line}`)));
  }
  if (report.diagnostics.length === 0) {
    lines.push('  diagnostics: none');
  } else {
    lines.push(`  diagnostics (${report.diagnostics.length}):`);
    for (const { code, message } of report.diagnostics) lines.push(`    ${code}: ${printable(message)}`);
  }
  return `${lines.join('\n')}\n`;
}

function excerpt(text: string): string[] {
  let shown = text.slice(0, MAX_TEXT_CHARS);
  const lines = shown.split('\n').slice(0, MAX_TEXT_LINES);
  shown = lines.join('\n');
  const rest = text.length - shown.length;
  const result = printable(shown.trimEnd()).split('\n');
  if (rest > 0) result.push(`… (${rest} more characters)`);
  return result;
}
