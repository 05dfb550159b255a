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
  stream "prompt" [--model M] [--json] [--base-url URL] [--recording FILE] [--speed N]
         [--transport http|websocket]
                            Stream one response: the answer text to stdout as it arrives,
                            reasoning and tool calls (function calls with their name, web
                            search, code interpreter, ...) on a status line on stderr, then
                            status, usage and duration on stderr.
                            With OPENAI_API_KEY set, sends { model, input: prompt } to the API
                            at --base-url, else OPENAI_BASE_URL, else https://api.openai.com/v1
                            (--base-url alone also calls it, without a key: a local server or
                            a proxy that adds the key). M defaults to gpt-5-nano.
                            Without a key, or with --recording FILE (JSON Lines or SSE), no
                            API call is made: the recording (the bundled one without --recording)
                            is replayed through a local replay server and the HTTP client, and
                            stderr says so. N paces the replay: 1 (default) takes about 3
                            seconds, 2 twice as fast, 0 no delay at all.
                            --json prints every event as one JSON line on stdout, then one
                            summary line with the keys of inspect --json (id, status,
                            outputText, incompleteReason, usage, error, diagnostics, eventCount).
                            --transport websocket uses WebSocket mode (one socket to
                            /responses) instead of HTTP, live and in replays; same output.
                            Ctrl-C aborts the request and exits 130; a second Ctrl-C exits at once.
                            Exit code 0 completed, 3 incomplete, 1 failed, an error event, a
                            stream cut short or an HTTP error (printed on one line with the
                            status and the request id), 130 stopped with Ctrl-C.
  inspect <file> [--json]   Summarise each response in a recorded stream: JSON Lines (one
                            event per line) or a raw SSE capture, told apart by content.
                            --json prints a JSON array, one object per response.
                            Exit code 0 when every response completed or is incomplete, 1
                            otherwise. Reading stops at the first line that is not an event:
                            the response it belongs to reports a StreamParseError and later
                            lines are not read.
  demo [--speed N] [--json] The offline stream: replays the bundled recording through a local
                            replay server and the HTTP client, even when OPENAI_API_KEY is set
                            (no API call). Output, N and exit codes as for stream.
  help                      Show this help (also --help, -h).

Exit code 2 means a usage error, an unreadable file or a --recording that is not a recording.
`;
