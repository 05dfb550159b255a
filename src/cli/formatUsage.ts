import type { ResponseUsage } from '../index.js';

/**
 * Token usage in one line, e.g. `input 216 (cached 192), output 923 (reasoning 323), total 1139`.
 * Fields a server left out are skipped; no usage at all gives `none`.
 *
 * @example
 * ```ts
 * process.stderr.write(`usage: ${formatUsage(response.usage)}\n`);
 * ```
 */
export function formatUsage(usage: ResponseUsage | null | undefined): string {
  if (usage === null || usage === undefined) return 'none';
  const parts: string[] = [];
  const cached = usage.input_tokens_details?.cached_tokens;
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  if (typeof usage.input_tokens === 'number') {
    parts.push(`input ${usage.input_tokens}${typeof cached === 'number' && cached > 0 ? ` (cached ${cached})` : ''}`);
  }
  if (typeof usage.output_tokens === 'number') {
    parts.push(`output ${usage.output_tokens}${typeof reasoning === 'number' && reasoning > 0 ? ` (reasoning ${reasoning})` : ''}`);
  }
  if (typeof usage.total_tokens === 'number') parts.push(`total ${usage.total_tokens}`);
  return parts.length === 0 ? 'none' : `${parts.join(', ')} tokens`;
}
