import { readFileSync } from 'node:fs';
import type { ResponseStreamEvent } from '../../src/index.js';
import { type Recording, listRecordings } from './listRecordings.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** One recording by file name, with its valid events typed. */
export function recording(name: string): Recording & { events: ResponseStreamEvent[] } {
  const found = listRecordings().find((r) => r.name === name);
  if (found === undefined) throw new Error(`No recording named ${name} in test/fixtures`);
  return { ...found, events: found.validEvents as ResponseStreamEvent[] };
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

/** True for the events that end a response. */
export function isTerminalType(type: string): boolean {
  return TERMINAL.has(type);
}

/** The manifest row of every recording, keyed by file name. */
export function manifest(): Map<string, Record<string, string>> {
  const [header, ...rows] = readFileSync(new URL('MANIFEST.tsv', FIXTURES), 'utf8').trimEnd().split('\n');
  const keys = (header ?? '').split('\t');
  const result = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const cells = row.split('\t');
    const record: Record<string, string> = {};
    keys.forEach((key, i) => (record[key] = cells[i] ?? ''));
    result.set(record.file ?? '', record);
  }
  return result;
}
