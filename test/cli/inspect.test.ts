// `rx-responses inspect`, run as the built executable: what a user sees for every recording,
// in both recording formats, plus the error cases and the exit codes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTerminalType, recording } from '../support/fixtures.js';
import { jsonlToSSE } from '../support/jsonlToSSE.js';
import { type Recording, listRecordings } from '../support/listRecordings.js';
import { describeRun, runCli } from './runCli.js';

const KEYS = ['id', 'model', 'status', 'outputText', 'incompleteReason', 'usage', 'error', 'items', 'diagnostics', 'eventCount'];

interface Entry {
  id: string | null;
  model: string | null;
  items: { type: string; status: string | null; label: string; detail: string }[];
  status: string | null;
  outputText: string;
  incompleteReason: string | null;
  usage: Record<string, unknown> | null;
  error: { name: string; code: string | null; message: string } | null;
  diagnostics: { code: string; message: string }[];
  eventCount: number;
}

let tmp = '';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'rx-responses-cli-'));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function tempFile(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

async function inspectJSON(path: string): Promise<{ code: number; entries: Entry[]; message: string }> {
  const result = await runCli(['inspect', path, '--json']);
  const message = describeRun(`rx-responses inspect ${path} --json`, result);
  let entries: Entry[];
  try {
    entries = JSON.parse(result.stdout) as Entry[];
  } catch {
    throw new Error(`stdout is not JSON\n${message}`);
  }
  return { code: result.code, entries, message };
}

/** The raw SSE capture a server could have sent: CRLF, a keep-alive comment, `[DONE]` at the end. */
function toSSECapture(jsonl: string): string {
  const body = jsonlToSSE(jsonl, '\r\n');
  const firstFrame = body.indexOf('\r\n\r\n') + 4;
  return `${body.slice(0, firstFrame)}: keep-alive\r\n\r\n${body.slice(firstFrame)}data: [DONE]\r\n\r\n`;
}

/**
 * Responses `inspect` reports for a recording: one per `response.created` read before the
 * first invalid line (reading stops there), and at least one.
 */
function expectedResponses(rec: Recording): number {
  const firstInvalid = rec.invalidLines[0] ?? Number.POSITIVE_INFINITY;
  const created = rec.validEvents.filter(
    (event, i) => (event as { type: string }).type === 'response.created' && (rec.validLines[i] ?? 0) < firstInvalid,
  );
  return Math.max(1, created.length);
}

/** The response objects of the terminal lifecycle events, in order. */
function terminalResponses(rec: Recording): { id?: string; output?: unknown[] }[] {
  return rec.validEvents
    .filter((event) => {
      const type = (event as { type: string }).type;
      return isTerminalType(type) && type !== 'error';
    })
    .map((event) => (event as { response: { id?: string; output?: unknown[] } }).response);
}

/** What openai-node calls `output_text`: every output_text part of every message item. */
function messageText(output: unknown[] | undefined): string {
  return (output ?? [])
    .filter((item) => (item as { type?: string }).type === 'message')
    .flatMap((item) => ((item as { content?: unknown[] }).content ?? []) as { type?: string; text?: string }[])
    .filter((part) => part.type === 'output_text')
    .map((part) => part.text ?? '')
    .join('');
}

/** Parse errors name the line (JSON Lines) or the event (SSE); everything else must match. */
function sameAcrossFormats(entries: Entry[]): Entry[] {
  return entries.map((entry) =>
    entry.error?.name === 'StreamParseError'
      ? { ...entry, error: { ...entry.error, message: entry.error.message.replace(/ at (line|event) \d+ /, ' at <position> ') } }
      : entry,
  );
}

describe('rx-responses inspect --json', () => {
  it('reports the seed as one incomplete response with the terminal id, its text and its diagnostics', async () => {
    const seed = recording('openai-incomplete-seed.jsonl');
    const terminal = terminalResponses(seed).at(-1);
    const { code, entries, message } = await inspectJSON(join('test/fixtures', seed.name));

    expect(code, message).toBe(0);
    expect(entries, message).toHaveLength(1);
    const [entry] = entries;
    expect(entry?.status, message).toBe('incomplete');
    expect(entry?.incompleteReason, message).toBe('max_output_tokens');
    expect(entry?.outputText, message).toBe('Hello,');
    expect(entry?.id, message).toBe(terminal?.id);
    expect(entry?.error, message).toBeNull();
    expect(entry?.eventCount, message).toBe(seed.validEvents.length);
    expect(entry?.diagnostics.map((d) => d.code), message).toEqual(
      expect.arrayContaining(['item_id_changed', 'done_mismatch', 'response_id_changed']),
    );
  });

  describe.each(listRecordings().map((rec) => [rec.name, rec] as const))('%s', (name, rec) => {
    it('reports every response with exactly the documented keys, the same from JSON Lines and from SSE', async () => {
      const sse = tempFile(`${name}.sse`, toSSECapture(rec.text));
      const [jsonl, fromSSE] = await Promise.all([inspectJSON(join('test/fixtures', name)), inspectJSON(sse)]);
      const { code, entries, message } = jsonl;

      expect(entries, message).toHaveLength(expectedResponses(rec));
      for (const entry of entries) {
        expect(Object.keys(entry), message).toEqual(KEYS);
        expect(entry.id === null || typeof entry.id === 'string', message).toBe(true);
        expect(typeof entry.outputText, message).toBe('string');
        expect(Number.isInteger(entry.eventCount), message).toBe(true);
        for (const diagnostic of entry.diagnostics) expect(Object.keys(diagnostic).sort(), message).toEqual(['code', 'message']);
        if (entry.error !== null) expect(Object.keys(entry.error).sort(), message).toEqual(['code', 'message', 'name']);
        // finalResponse() emits exactly for these two, and raises an error for anything else.
        expect(entry.error === null, message).toBe(entry.status === 'completed' || entry.status === 'incomplete');
      }
      expect(code, message).toBe(entries.every((entry) => entry.error === null) ? 0 : 1);

      // Where the recording's terminal events carry the final response, the report agrees with it.
      terminalResponses(rec).forEach((response, i) => {
        expect(entries[i]?.id, message).toBe(response.id);
        expect(entries[i]?.model, message).toBe((response as { model?: string }).model ?? null);
        const output = (response.output ?? []) as { type: string; status?: string }[];
        if (output.length > 0) {
          expect(entries[i]?.outputText, message).toBe(messageText(response.output));
          // Every item, in output order, with its type and status.
          expect(entries[i]?.items.map((item) => [item.type, item.status]), message).toEqual(output.map((item) => [item.type, item.status ?? null]));
        }
      });

      expect(fromSSE.code, fromSSE.message).toBe(code);
      expect(sameAcrossFormats(fromSSE.entries), `${fromSSE.message}\n\n${message}`).toEqual(sameAcrossFormats(entries));
    });
  });

  it('reports each response of a multi-response recording separately, with distinct ids', async () => {
    const multi = listRecordings().filter((rec) => expectedResponses(rec) > 1);
    expect(multi.length).toBeGreaterThan(0);
    for (const rec of multi) {
      const { entries, message } = await inspectJSON(join('test/fixtures', rec.name));
      expect(entries, message).toHaveLength(expectedResponses(rec));
      expect(new Set(entries.map((entry) => entry.id)).size, message).toBe(entries.length);
      expect(entries.every((entry) => entry.id !== null), message).toBe(true);
    }
  });

  it('reports a response ended by an error event as failed with ResponseStreamError (the event is terminal) and exits 1', async () => {
    const { code, entries, message } = await inspectJSON('test/fixtures/openai-error-1.jsonl');
    expect(code, message).toBe(1);
    expect(entries, message).toHaveLength(1);
    expect(entries[0]?.status, message).toBe('failed');
    expect(entries[0]?.error?.name, message).toBe('ResponseStreamError');
    expect(entries[0]?.error?.code, message).toBe('insufficient_quota');
  });

  it('reports a recording whose first line is invalid as one entry without id, with StreamParseError, and exits 1', async () => {
    const { code, entries, message } = await inspectJSON('test/fixtures/openai-parallel-tool-call-wrapper-1.jsonl');
    expect(code, message).toBe(1);
    expect(entries, message).toHaveLength(1);
    expect(entries[0]?.id, message).toBeNull();
    expect(entries[0]?.eventCount, message).toBe(0);
    expect(entries[0]?.error?.name, message).toBe('StreamParseError');
    expect(entries[0]?.error?.code, message).toBe('stream_parse_error');
  });

  it('stops at an invalid line: the response it falls in gets StreamParseError, later responses are not read', async () => {
    const first = recording('azure-text-1.jsonl');
    const second = recording('openai-incomplete-seed.jsonl');
    const text = `${first.text.trimEnd()}\n{"type":"response.output_text.delta","delta":\n${second.text}`;
    const { code, entries, message } = await inspectJSON(tempFile('invalid-between-responses.jsonl', text));
    expect(code, message).toBe(1);
    expect(entries, message).toHaveLength(1);
    expect(entries[0]?.id, message).toBe(terminalResponses(first)[0]?.id);
    expect(entries[0]?.error?.name, message).toBe('StreamParseError');
  });

  it('reports a stream cut before its terminal event as StreamTruncatedError with the missing_terminal diagnostic', async () => {
    const source = recording('azure-text-1.jsonl');
    const lines = source.text.trimEnd().split('\n');
    expect(isTerminalType((JSON.parse(lines.at(-1) ?? '{}') as { type: string }).type)).toBe(true);
    const path = tempFile('truncated.jsonl', `${lines.slice(0, -1).join('\n')}\n`);

    const { code, entries, message } = await inspectJSON(path);
    expect(code, message).toBe(1);
    expect(entries, message).toHaveLength(1);
    expect(entries[0]?.error?.name, message).toBe('StreamTruncatedError');
    expect(entries[0]?.eventCount, message).toBe(lines.length - 1);
    expect(entries[0]?.diagnostics.map((d) => d.code), message).toContain('missing_terminal');
  });
});

describe('rx-responses inspect (readable)', () => {
  it('prints id, status, event count, usage, the text and the diagnostics of each response', async () => {
    const seed = recording('openai-incomplete-seed.jsonl');
    const result = await runCli(['inspect', join('test/fixtures', seed.name)]);
    const message = describeRun('rx-responses inspect (seed)', result);
    expect(result.code, message).toBe(0);
    expect(result.stdout, message).toContain(terminalResponses(seed)[0]?.id ?? '(no terminal id)');
    expect(result.stdout, message).toMatch(/status: +incomplete \(max_output_tokens\)/);
    expect(result.stdout, message).toMatch(new RegExp(`events: +${seed.validEvents.length}\\b`));
    expect(result.stdout, message).toMatch(/usage: +input 0, output 0, total 0 tokens/);
    expect(result.stdout, message).toMatch(/^ {4}Hello,$/m);
    const idChanges = (await inspectJSON(join('test/fixtures', seed.name))).entries[0]?.diagnostics.filter((d) => d.code === 'item_id_changed').length ?? 0;
    expect(idChanges, message).toBeGreaterThan(0);
    expect(result.stdout, message).toMatch(idChanges === 1 ? /^ {4}item_id_changed: .+$/m : new RegExp(`^ {4}item_id_changed ×${idChanges}, the first: .+$`, 'm'));
  });

  it('names the error of a response that did not finish', async () => {
    const result = await runCli(['inspect', 'test/fixtures/openai-error-1.jsonl']);
    const message = describeRun('rx-responses inspect (error)', result);
    expect(result.code, message).toBe(1);
    expect(result.stdout, message).toMatch(/error: +ResponseStreamError \(insufficient_quota\): /);
  });
});

describe('rx-responses inspect: what a response produced besides text', () => {
  type Item = Record<string, unknown> & { type: string; status?: string };
  /** The final response of every response in a recording, read from its terminal events. */
  const finals = (rec: Recording) => terminalResponses(rec) as { id?: string; model?: string; output?: Item[] }[];
  /** What a user must be able to find for each hosted tool's type: its name in words. */
  const HOSTED: Record<string, string> = {
    web_search_call: 'web search',
    file_search_call: 'file search',
    code_interpreter_call: 'code interpreter',
    image_generation_call: 'image generation',
    mcp_call: 'MCP call',
    mcp_list_tools: 'MCP list tools',
    mcp_approval_request: 'MCP approval request',
    local_shell_call: 'shell',
    shell_call: 'shell',
    apply_patch_call: 'apply patch',
  };
  /** How a detail shows on a line: whitespace runs as one space, so its first 40 characters are findable. */
  const start = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 40);
  const singleResponse = listRecordings().filter((rec) => expectedResponses(rec) === 1 && finals(rec).length === 1);

  async function readable(rec: Recording): Promise<{ stdout: string; message: string }> {
    const result = await runCli(['inspect', join('test/fixtures', rec.name)]);
    const message = describeRun(`rx-responses inspect ${rec.name}`, result);
    expect(result.stderr, message).toBe('');
    for (const line of result.stdout.split('\n')) expect(line.length, message).toBeLessThanOrEqual(250);
    return { stdout: result.stdout, message };
  }

  it('shows the model and every function call with its name and the start of its arguments', async () => {
    const withCalls = singleResponse.filter((rec) => (finals(rec)[0]?.output ?? []).some((item) => item.type === 'function_call'));
    expect(withCalls.length).toBeGreaterThan(1);
    for (const rec of withCalls) {
      const final = finals(rec)[0];
      const { stdout, message } = await readable(rec);
      expect(stdout, message).toContain(`  model:       ${final?.model}`);
      for (const call of (final?.output ?? []).filter((item) => item.type === 'function_call')) {
        expect(stdout, message).toContain(`function call ${String(call.name)}`);
        expect(stdout, message).toContain(start(String(call.arguments)));
      }
    }
  });

  it('shows every hosted tool call by type and status', async () => {
    const withTools = singleResponse.filter((rec) => (finals(rec)[0]?.output ?? []).some((item) => item.type in HOSTED));
    expect(new Set(withTools.flatMap((rec) => (finals(rec)[0]?.output ?? []).map((item) => item.type)).filter((type) => type in HOSTED)).size).toBeGreaterThanOrEqual(6);
    for (const rec of withTools) {
      const { stdout, message } = await readable(rec);
      const lines = stdout.split('\n');
      for (const item of (finals(rec)[0]?.output ?? []).filter((i) => i.type in HOSTED)) {
        const words = HOSTED[item.type] ?? '';
        const status = typeof item.status === 'string' ? `, ${item.status}` : '';
        const shown = lines.filter((line) => line.startsWith(`    ${words}`) && (status === '' || line.includes(status)));
        expect(shown.length, `${item.type} ${item.status}\n${message}`).toBeGreaterThan(0);
      }
    }
  });

  it('shows reasoning summaries', async () => {
    const withSummary = singleResponse.filter((rec) =>
      (finals(rec)[0]?.output ?? []).some((item) => item.type === 'reasoning' && Array.isArray(item.summary) && item.summary.length > 0),
    );
    expect(withSummary.length).toBeGreaterThan(1);
    for (const rec of withSummary) {
      const { stdout, message } = await readable(rec);
      for (const item of (finals(rec)[0]?.output ?? []).filter((i) => i.type === 'reasoning')) {
        const first = (item.summary as { text?: string }[])[0]?.text ?? '';
        if (first.trim() !== '') expect(stdout, message).toContain(start(first));
      }
    }
  });

  it('groups repeated diagnostics: one line per code with its count, as many as --json lists', async () => {
    const rec = recording('copilot-id-rotation-1.jsonl');
    const { entries } = await inspectJSON(join('test/fixtures', rec.name));
    const counts = new Map<string, number>();
    for (const { code } of entries[0]?.diagnostics ?? []) counts.set(code, (counts.get(code) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeGreaterThan(10);
    const { stdout, message } = await readable(rec);
    for (const [code, count] of counts) {
      const lines = stdout.split('\n').filter((line) => line.startsWith(`    ${code}`));
      expect(lines, message).toHaveLength(1);
      expect(lines[0], message).toMatch(count === 1 ? new RegExp(`^ {4}${code}: `) : new RegExp(`^ {4}${code} ×${count}, the first: `));
    }
  });
});

describe('rx-responses usage errors', () => {
  it.each([
    ['an unknown command', ['frobnicate']],
    ['inspect without a file', ['inspect']],
    ['inspect with two files', ['inspect', 'a.jsonl', 'b.jsonl']],
    ['inspect with an unknown option', ['inspect', '--yaml', 'test/fixtures/azure-text-1.jsonl']],
    ['demo with a non-numeric speed', ['demo', '--speed', 'fast']],
    ['demo with a negative speed', ['demo', '--speed', '-1']],
    ['demo with an argument', ['demo', 'extra']],
  ])('%s exits 2 with a message on stderr and nothing on stdout', async (_what, args) => {
    const result = await runCli(args);
    const message = describeRun(`rx-responses ${args.join(' ')}`, result);
    expect(result.code, message).toBe(2);
    expect(result.stdout, message).toBe('');
    expect(result.stderr, message).toMatch(/^rx-responses: \S/);
    expect(result.stderr, message).not.toMatch(/^\s+at /m);
  });

  it('a missing file exits 2 with a message naming it, without a stack trace', async () => {
    const missing = join(tmp, 'does-not-exist.jsonl');
    const result = await runCli(['inspect', missing, '--json']);
    const message = describeRun('rx-responses inspect <missing>', result);
    expect(result.code, message).toBe(2);
    expect(result.stdout, message).toBe('');
    expect(result.stderr, message).toContain(missing);
    expect(result.stderr, message).toMatch(/no such file/);
    expect(result.stderr, message).not.toMatch(/^\s+at /m);
  });

  it('no command at all prints the usage on stderr, nothing on stdout, and exits 2', async () => {
    const result = await runCli([]);
    const message = describeRun('rx-responses', result);
    expect(result.code, message).toBe(2);
    expect(result.stdout, message).toBe('');
    expect(result.stderr, message).toMatch(/^Usage: rx-responses/);
    expect(result.stderr, message).toContain('inspect <file|-> [--json]');
  });

  it.each([['--version'], ['-v'], ['version']])('%s prints the version of package.json on stdout and exits 0', async (flag) => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const result = await runCli([flag]);
    const message = describeRun(`rx-responses ${flag}`, result);
    expect(result.code, message).toBe(0);
    expect(result.stdout, message).toBe(`${version}\n`);
    expect(result.stderr, message).toBe('');
  });

  it.each([['help'], ['--help'], ['-h']])('%s prints the usage on stdout and exits 0', async (flag) => {
    const result = await runCli([flag]);
    const message = describeRun(`rx-responses ${flag}`, result);
    expect(result.code, message).toBe(0);
    expect(result.stdout, message).toMatch(/^Usage: rx-responses/);
    expect(result.stdout, message).toContain('inspect <file|-> [--json]');
    expect(result.stdout, message).toContain('demo [--speed N]');
  });
});

describe('rx-responses inspect on inputs that are not a recording', () => {
  const source = recording('azure-text-1.jsonl');
  const events = source.validEvents as { type: string; response?: Record<string, unknown> }[];
  const chunk = (content: string, finish: string | null) =>
    JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content }, finish_reason: finish }] });
  const chatChunks = [chunk('Hel', null), chunk('lo', null), chunk('', 'stop')];
  const terminalResponse = [...events].reverse().find((event) => event.type === 'response.completed')?.response;

  /** Control characters other than line feed: none may reach the terminal raw. */
  const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

  async function inspectBad(name: string, content: string | Uint8Array): Promise<{ path: string; line: string; message: string }> {
    const path = tempFile(name, '');
    writeFileSync(path, content);
    const result = await runCli(['inspect', path]);
    const message = describeRun(`rx-responses inspect ${name}`, result);
    expect(result.code, message).toBe(2);
    expect(result.stdout, message).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    // One line saying what it is, then only the pointer to the help: no stack trace.
    expect(lines, message).toHaveLength(2);
    expect(lines[1], message).toBe('Run "rx-responses help" for usage.');
    expect(lines[0], message).toMatch(new RegExp(`^rx-responses: "${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" `));
    expect(lines[0]?.length ?? 0, message).toBeLessThan(400);
    expect(CONTROL.test(result.stderr), message).toBe(false);
    return { path, line: lines[0] ?? '', message };
  }

  it('an empty file', async () => {
    const { line, message } = await inspectBad('empty.jsonl', '');
    expect(line, message).toMatch(/ is empty: /);
  });

  it('a file of blank lines', async () => {
    const { line, message } = await inspectBad('blank.jsonl', '\n  \n\t\r\n\n');
    expect(line, message).toMatch(/ holds only blank lines/);
  });

  it('a binary file, with NUL bytes or with bytes that are not UTF-8', async () => {
    const withNul = Uint8Array.from({ length: 512 }, (_, i) => (i * 37) % 256);
    const notUtf8 = Uint8Array.from({ length: 512 }, (_, i) => 0x80 + ((i * 13) % 0x40));
    for (const [name, bytes] of [['nul.bin', withNul], ['latin.bin', notUtf8]] as const) {
      const { line, message } = await inspectBad(name, bytes);
      expect(line, message).toMatch(/ is a binary file\b/);
    }
  });

  it('a gzip file: names gunzip piped into inspect -, and that command works', async () => {
    const { path, line, message } = await inspectBad('azure-text-1.jsonl.gz', gzipSync(source.text));
    expect(line, message).toContain(`gunzip -c ${path} | rx-responses inspect -`);
    // The fix as the message gives it: the decompressed bytes on standard input.
    const piped = await runCli(['inspect', '-', '--json'], { input: gunzipSync(readFileSync(path)) });
    const direct = await runCli(['inspect', join('test/fixtures', source.name), '--json']);
    expect(piped.code, describeRun('gunzip -c … | rx-responses inspect - --json', piped)).toBe(0);
    expect(piped.stdout).toBe(direct.stdout);
  });

  it('a pretty-printed JSON object (one event over several lines)', async () => {
    const { path, line, message } = await inspectBad('pretty.json', `${JSON.stringify(events[0], null, 2)}\n`);
    expect(line, message).toMatch(/ is pretty-printed JSON, not JSON Lines/);
    expect(line, message).toContain(`jq -c . ${path} | rx-responses inspect -`);
  });

  it('a JSON array of events, on one line or pretty-printed', async () => {
    for (const [name, text] of [['array.json', JSON.stringify(events)], ['array-pretty.json', JSON.stringify(events, null, 2)]]) {
      const { path, line, message } = await inspectBad(name ?? '', text ?? '');
      expect(line, message).toContain(`is a JSON array of ${events.length} items, not JSON Lines`);
      expect(line, message).toContain(`jq -c '.[]' ${path} | rx-responses inspect -`);
    }
  });

  it('a Chat Completions capture, as JSON Lines and as SSE data: lines', async () => {
    const sse = `${chatChunks.map((c) => `data: ${c}\n\n`).join('')}data: [DONE]\n\n`;
    for (const [name, text] of [['chat.jsonl', `${chatChunks.join('\n')}\n`], ['chat.sse', sse]]) {
      const { line, message } = await inspectBad(name ?? '', text ?? '');
      expect(line, message).toMatch(/ is a Chat Completions stream \(chat\.completion\.chunk objects\), not a Responses stream/);
    }
  });

  it('a Responses reply that was not streamed', async () => {
    expect(terminalResponse?.object).toBe('response');
    const { line, message } = await inspectBad('reply.json', `${JSON.stringify(terminalResponse)}\n`);
    expect(line, message).toMatch(/ is a Responses API reply that was not streamed/);
  });

  it('text whose first line is a thousand characters with control characters: cut, escaped, on one line', async () => {
    const noise = `\u001b[31m${'not an event '.repeat(100)}\u0007`;
    const { line, message } = await inspectBad('noise.txt', `${noise}\n${noise}\n`);
    expect(line, message).toMatch(/ is not a recording: its first line is neither JSON nor an SSE field/);
    expect(line, message).toContain('\\u{1b}');
  });

  it('stream --recording and serve refuse the same inputs with the same message', async () => {
    const path = tempFile('for-stream.jsonl.gz', '');
    writeFileSync(path, gzipSync(source.text));
    for (const args of [['stream', 'hi', '--recording', path, '--speed', '0'], ['serve', path]]) {
      const result = await runCli(args, { timeoutMs: 20_000 });
      const message = describeRun(`rx-responses ${args.join(' ')}`, result);
      expect(result.code, message).toBe(2);
      expect(result.stderr, message).toContain(`is gzip-compressed: use \`gunzip -c ${path} > recording.jsonl\``);
    }
  });
});

describe('rx-responses inspect -', () => {
  it('reads the recording from standard input, JSON Lines or SSE, as from the file', async () => {
    const source = recording('openai-incomplete-seed.jsonl');
    const direct = await runCli(['inspect', join('test/fixtures', source.name)]);
    for (const input of [source.text, toSSECapture(source.text)]) {
      const piped = await runCli(['inspect', '-'], { input });
      const message = describeRun('rx-responses inspect - < seed', piped);
      expect(piped.code, message).toBe(direct.code);
      expect(piped.stdout, message).toBe(direct.stdout);
    }
    expect(direct.stdout).toContain(terminalResponses(source)[0]?.id ?? '(no id)');
  });

  it('empty standard input is refused like an empty file', async () => {
    const result = await runCli(['inspect', '-'], { input: '' });
    const message = describeRun('rx-responses inspect - < /dev/null', result);
    expect(result.code, message).toBe(2);
    expect(result.stderr, message).toMatch(/^rx-responses: standard input is empty: /);
  });
});
