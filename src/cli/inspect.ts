import { formatReport } from './formatReport.js';
import { inspectRecording } from './inspectRecording.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { readRecording } from './readRecording.js';
import { UsageError } from './UsageError.js';

/**
 * `rx-responses inspect <file|-> [--json]`: reports each response of a recording (see
 * {@link inspectRecording}), read from the file or, for `-`, from standard input, on stdout,
 * readable or as a JSON array. Resolves to the exit code: 0 when every response completed or is
 * incomplete, 1 otherwise. Usage errors, unreadable files and inputs that are plainly not a
 * recording (see `describeNotARecording`) throw a {@link UsageError}.
 *
 * @example
 * ```ts
 * process.exitCode = await inspect(['stream.jsonl', '--json']);
 * ```
 */
export async function inspect(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('inspect', args, { json: { type: 'boolean' } });
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('inspect: missing <file> (or - for standard input)');
  if (extra.length > 0) throw new UsageError(`inspect: unexpected argument ${JSON.stringify(extra[0])}`);

  const { text } = await readRecording(file, (command) => `${command} | rx-responses inspect -`);
  const reports = await inspectRecording(text);
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  } else {
    process.stdout.write(reports.map((report, i) => formatReport(report, i, reports.length)).join('\n'));
  }
  return reports.every((report) => report.error === null) ? 0 : 1;
}
