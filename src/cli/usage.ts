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
  stream "prompt" [--model M] [--json] [--base-url URL] [--allow-insecure-http]
         [--recording FILE] [--speed N]
         [--transport http|websocket]
                            Stream one response: the answer text to stdout as it arrives,
                            reasoning and tool calls (function calls with their name, web
                            search, code interpreter, ...) on a status line on stderr, then
                            status, usage and duration on stderr.
                            With OPENAI_API_KEY set, sends { model, input: prompt } to the API
                            at --base-url, else OPENAI_BASE_URL, else https://api.openai.com/v1
                            (--base-url alone also calls it, without a key: a local server or
                            a proxy that adds the key). M defaults to gpt-5-nano. Plain
                            http:// is refused (the key would travel unencrypted) except to
                            localhost, 127.0.0.1 and ::1, unless --allow-insecure-http.
                            Without a key, or with --recording FILE (JSON Lines or SSE), no
                            API call is made: the recording (the bundled one without --recording)
                            is replayed through a local replay server and the HTTP client, and
                            stderr says so. N paces the replay: 1 (default) takes about 3
                            seconds, 2 twice as fast, 0 no delay at all.
                            --json prints every event as one JSON line on stdout, then one
                            summary line with the keys of inspect --json (id, model, status,
                            outputText, incompleteReason, usage, error, items, diagnostics,
                            eventCount).
                            --transport websocket uses WebSocket mode (one socket to
                            /responses) instead of HTTP, live and in replays; same output.
                            Ctrl-C aborts the request; a second Ctrl-C exits at once.
                            Exit code 0 completed, 3 incomplete, 1 failed, an error event, a
                            stream cut short or an HTTP error (printed on one line with the
                            status and the request id).
  inspect <file|-> [--json] Summarise each response in a recorded stream (- reads standard
                            input): JSON Lines (one event per line) or a raw SSE capture, told
                            apart by content. Shows id, model, status, usage, the items besides
                            messages (function calls with their arguments, hosted tools such as
                            web search, code interpreter or MCP by type and status, reasoning
                            summaries), the text and the diagnostics grouped by code.
                            --json prints a JSON array, one object per response.
                            An empty, binary or gzip file, a JSON array, pretty-printed JSON or
                            a Chat Completions capture is refused in one line with the fix.
                            Exit code 0 when every response completed or is incomplete, 1
                            otherwise. Reading stops at the first line that is not an event:
                            the response it belongs to reports a StreamParseError and later
                            lines are not read.
  demo [--speed N] [--json] The offline stream: replays the bundled recording through a local
                            replay server and the HTTP client, even when OPENAI_API_KEY is set
                            (no API call). Output, N and exit codes as for stream.
  serve [FILE] [--port N] [--speed N]
                            Start the replay server on 127.0.0.1 with the recording FILE
                            (JSON Lines or SSE; the bundled one without FILE) and print its
                            base URL, e.g. http://127.0.0.1:8787/v1: set OPENAI_BASE_URL to it
                            to run your own code offline. Every POST /v1/responses gets the
                            recording's first response. Serves until Ctrl-C. --port defaults
                            to a free port; --speed paces each reply as for stream.
  help                      Show this help (also --help, -h).
  version                   Print the version (also --version, -v).

Without a command, this help goes to stderr and the exit code is 2.
Exit code 2 means a usage error (unknown command or option, bad value), an unreadable file,
a file that is not a recording, or a --port already in use. Ctrl-C stops any command: it
cleans up, then ends by SIGINT (a shell reports 130 and stops a loop running it).
`;
