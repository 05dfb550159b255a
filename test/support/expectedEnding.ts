import { manifest } from './fixtures.js';

const ERROR_BY_TERMINAL: Record<string, string> = {
  'response.failed': 'ResponseFailedError',
  error: 'ResponseStreamError',
  none: 'StreamTruncatedError',
};

/**
 * How `finalResponse()` (and everything settling on it) ends on a recording, read from the
 * recording's `terminal_event` in `MANIFEST.tsv`: the name of the error it must give, or
 * `undefined` when the stream completes.
 */
export function expectedErrorName(file: string): string | undefined {
  const row = manifest().get(file);
  if (row === undefined) throw new Error(`${file} has no row in MANIFEST.tsv`);
  return ERROR_BY_TERMINAL[row.terminal_event ?? ''];
}
