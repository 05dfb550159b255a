import { readdirSync, readFileSync } from 'node:fs';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** One recorded stream from `test/fixtures`, with its lines split up for expectations. */
export interface Recording {
  name: string;
  text: string;
  /** Parsed objects of the lines that are JSON objects with a string `type`, in order. */
  validEvents: unknown[];
  /** 1-based physical line of each of `validEvents`. */
  validLines: number[];
  /** 1-based physical numbers of the non-blank lines that are not such objects. */
  invalidLines: number[];
}

/** Every `*.jsonl` recording in `test/fixtures`, found on disk so new ones are tested too. */
export function listRecordings(): Recording[] {
  return readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => {
      const text = readFileSync(new URL(name, FIXTURES), 'utf8');
      const validEvents: unknown[] = [];
      const validLines: number[] = [];
      const invalidLines: number[] = [];
      text.split('\n').forEach((raw, index) => {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line.trim() === '') return;
        try {
          const value: unknown = JSON.parse(line);
          if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
            validEvents.push(value);
            validLines.push(index + 1);
            return;
          }
        } catch {
          // counted below
        }
        invalidLines.push(index + 1);
      });
      return { name, text, validEvents, validLines, invalidLines };
    });
}
