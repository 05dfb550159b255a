/**
 * The text `rx-responses help` prints.
 *
 * @example
 * ```ts
 * process.stdout.write(usage);
 * ```
 */
export const usage = `Usage: rx-responses <command> [options]

Commands:
  inspect <file> [--json]   Summarise each response in a recorded stream: JSON Lines (one
                            event per line) or a raw SSE capture, told apart by content.
                            --json prints a JSON array, one object per response.
                            Exit code 0 when every response completed or is incomplete, 1
                            otherwise. Reading stops at the first line that is not an event:
                            the response it belongs to reports a StreamParseError and later
                            lines are not read.
  demo [--speed N]          Replay a bundled recording through the pipeline (no API call):
                            the answer text streams to stdout, progress to stderr.
                            N is the playback speed: 1 (default) takes about 3 seconds,
                            2 twice as fast, 0 no delay at all.
                            Exit code 0 completed, 3 incomplete, 1 failed.
  help                      Show this help (also --help, -h).

Exit code 2 means a usage error or an unreadable file.
`;
