import { readdirSync, readFileSync } from 'node:fs';

const RECORDINGS = new URL('../../recordings/', import.meta.url);

/** The one recording bundled in `recordings/`: its file name, text and parsed events. */
export function bundledRecording(): { name: string; text: string; events: { type: string; response?: { output?: unknown[] } }[] } {
  const names = readdirSync(RECORDINGS).filter((name) => name.endsWith('.jsonl'));
  if (names.length !== 1) throw new Error(`recordings/ should hold exactly one recording, found ${names.length}`);
  const name = names[0] ?? '';
  const text = readFileSync(new URL(name, RECORDINGS), 'utf8');
  const events = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { type: string; response?: { output?: unknown[] } });
  return { name, text, events };
}

/** What openai-node calls `output_text`: every output_text part of every message item. */
export function messageText(output: unknown[] | undefined): string {
  return (output ?? [])
    .filter((item) => (item as { type?: string }).type === 'message')
    .flatMap((item) => ((item as { content?: unknown[] }).content ?? []) as { type?: string; text?: string }[])
    .filter((part) => part.type === 'output_text')
    .map((part) => part.text ?? '')
    .join('');
}

/** The final answer of a recording: the message text of its last terminal response. */
export function finalText(events: readonly unknown[]): string {
  const terminal = events
    .filter((event) => ['response.completed', 'response.incomplete', 'response.failed'].includes((event as { type: string }).type))
    .at(-1) as { response?: { output?: unknown[] } } | undefined;
  return messageText(terminal?.response?.output);
}

/** What the CLI writes to a pipe or a file for an answer `text`: the text, ending with a line break. */
export function asPrinted(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
