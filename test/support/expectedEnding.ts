import { manifest } from './fixtures.js';

const ERROR_BY_TERMINAL: Record<string, string> = {
  'response.failed': 'ResponseFailedError',
  error: 'ResponseStreamError',
  none: 'StreamTruncatedError',
};

/**
 * How `finalResponse()` (and everything settling on it) ends on a recording, read from
 * `MANIFEST.tsv`: the name of the error it must give, or `undefined` when the stream completes.
 * An `error` event anywhere in the recording ends the stream at once (it is terminal, whatever
 * follows it), so it decides before the recording's last `terminal_event`.
 */
export function expectedErrorName(file: string): string | undefined {
  const row = manifest().get(file);
  if (row === undefined) throw new Error(`${file} has no row in MANIFEST.tsv`);
  if ((row.event_types ?? '').split(',').includes('error')) return ERROR_BY_TERMINAL.error;
  return ERROR_BY_TERMINAL[row.terminal_event ?? ''];
}
