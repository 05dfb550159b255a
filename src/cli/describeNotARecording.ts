import { oneLine } from './oneLine.js';

/**
 * An input as {@link describeNotARecording} names it: `name` in messages (`"capture.json"`,
 * `standard input`), `path` in the commands it suggests (none for standard input).
 *
 * @example
 * ```ts
 * const input: RecordingInput = { name: JSON.stringify(path), path };
 * ```
 */
export interface RecordingInput {
  name: string;
  path?: string;
}

/** How far into the input binary content is looked for. */
const SNIFF_BYTES = 8192;

/**
 * Says what an input is when it is plainly not a recording of the Responses stream, in one
 * line naming it (`name`) and, where there is one, the fix: `fix(command)` turns a command that
 * writes JSON Lines to stdout (`gunzip -c FILE`, `jq -c '.[]' FILE`) into what to run, e.g.
 * `… | rx-responses inspect -`. Returns `undefined` for anything that may be a recording (JSON
 * Lines or SSE whose first event is not recognisably something else); a broken line further on
 * is left to the parser, which reports where it is.
 *
 * Recognised: an empty input, only blank lines, gzip, zip, other binary content (NUL bytes or
 * invalid UTF-8), a JSON array, a pretty-printed JSON object, a Chat Completions stream or
 * reply (`chat.completion.chunk` or `chat.completion` objects, as JSON Lines or SSE `data:`
 * lines), a Responses reply that was not streamed (`"object": "response"`), and text whose
 * first line is neither JSON nor SSE.
 *
 * @example
 * ```ts
 * const problem = describeNotARecording(bytes, { name: '"capture.json"', path: 'capture.json' }, (cmd) => `${cmd} | rx-responses inspect -`);
 * if (problem !== undefined) throw new UsageError(problem);
 * ```
 */
export function describeNotARecording(bytes: Uint8Array, input: RecordingInput, fix: (command: string) => string): string | undefined {
  const { name } = input;
  /** `command` applied to the input: `gunzip -c FILE`, or `gunzip -c` in a pipe. */
  const on = (command: string): string => (input.path === undefined ? command : `${command} ${shellWord(input.path)}`);
  const FORMATS = 'a recording holds Responses stream events, one JSON object per line (JSON Lines) or as SSE data: lines';
  if (bytes.length === 0) return `${name} is empty: ${FORMATS}`;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return `${name} is gzip-compressed: use \`${fix(on('gunzip -c'))}\``;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return `${name} is a zip archive: use \`${fix(on('unzip -p'))}\``;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return `${name} is a binary file (not UTF-8 text), not a recording: ${FORMATS}`;
  }
  if (text.slice(0, SNIFF_BYTES).includes('\u0000')) return `${name} is a binary file (it holds NUL bytes), not a recording: ${FORMATS}`;
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return `${name} holds only blank lines: no events`;

  const lines = text.split(/\r\n|\r|\n/);
  const first = (lines.find((line) => line.trim() !== '') ?? '').trim();
  const start = text.trimStart();

  if (start.startsWith('[')) {
    const whole = parseJSON(text);
    if (Array.isArray(whole) && whole.length > 0 && whole.every(isChatCompletion)) return chatCompletions(name);
    const count = Array.isArray(whole) ? ` of ${whole.length} ${whole.length === 1 ? 'item' : 'items'}` : '';
    return `${name} is a JSON array${count}, not JSON Lines (one event per line): use \`${fix(on("jq -c '.[]'"))}\``;
  }
  if (first === '{') {
    // A lone brace on the first line: an object spread over several lines, as pretty printers write it.
    const whole = parseJSON(text);
    const kind = describeObject(whole, name);
    if (kind !== undefined) return kind;
    return `${name} is pretty-printed JSON, not JSON Lines (one event per line): use \`${fix(on('jq -c .'))}\``;
  }
  if (first.startsWith('{')) return describeObject(parseJSON(first), name);

  // SSE: the first data: payload that is not [DONE] says what stream this is.
  if (/^(data|event|id|retry):|^:/.test(first)) {
    for (const line of lines) {
      const match = /^data: ?(.*)$/.exec(line);
      if (match === null || match[1]?.trim() === '[DONE]') continue;
      return describeObject(parseJSON(match[1] ?? ''), name);
    }
    return undefined;
  }
  return `${name} is not a recording: its first line is neither JSON nor an SSE field: ${JSON.stringify(oneLine(first, 60))}`;
}

/** What a parsed object is, when it is one of the well-known things a recording is not. */
function describeObject(value: unknown, name: string): string | undefined {
  if (isChatCompletion(value)) return chatCompletions(name);
  if (isRecord(value) && value.object === 'response' && typeof value.type !== 'string') {
    return `${name} is a Responses API reply that was not streamed (one "object": "response"), not a stream of events: record a request made with stream: true`;
  }
  return undefined;
}

function chatCompletions(name: string): string {
  return `${name} is a Chat Completions stream (chat.completion.chunk objects), not a Responses stream: record POST /v1/responses with stream: true instead`;
}

function isChatCompletion(value: unknown): boolean {
  if (!isRecord(value)) return false;
  return value.object === 'chat.completion.chunk' || value.object === 'chat.completion' || (Array.isArray(value.choices) && typeof value.type !== 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A file name as a shell word: as is when it is plain, else single-quoted. */
function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
