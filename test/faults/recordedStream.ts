import { readFileSync } from 'node:fs';
import type { ResponseStreamEvent } from '../../src/index.js';

/**
 * A recording from `test/fixtures`, read without this library (one `JSON.parse` per line), so
 * what a test expects never depends on the code under test.
 */
export interface RecordedStream {
  /** The file name in `test/fixtures`. */
  name: string;
  /** The JSON Lines text, as the replay server gets it. */
  text: string;
  events: ResponseStreamEvent[];
  /** The SSE body the replay server writes for `events`, frame by frame. */
  frames: Buffer[];
  body: Buffer;
  /** The answer text: every `response.output_text.delta`, in order. */
  outputText: string;
}

export function recordedStream(name: string): RecordedStream {
  const text = readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
  const events = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ResponseStreamEvent);
  const frames = events.map(sseFrame);
  return { name, text, events, frames, body: Buffer.concat(frames), outputText: outputTextOf(events) };
}

/** One event as the replay server (and the API) frames it. */
export function sseFrame(event: ResponseStreamEvent): Buffer {
  return Buffer.from(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`, 'utf8');
}

/** The text the deltas of `events` carry: what a reader has seen of the answer after them. */
export function outputTextOf(events: readonly ResponseStreamEvent[]): string {
  return events.map((e) => (e.type === 'response.output_text.delta' ? (e as { delta: string }).delta : '')).join('');
}

/**
 * How many events a client has received in full after the first `bytes` bytes of the body:
 * an SSE event counts once its blank line arrived (a frame cut anywhere before it is never
 * dispatched, as the SSE spec says).
 */
export function eventsWithin(frames: readonly Buffer[], bytes: number): number {
  let offset = 0;
  let count = 0;
  for (const frame of frames) {
    if (offset + frame.length > bytes) break;
    offset += frame.length;
    count++;
  }
  return count;
}

/** `events` with `sequence_number` 1, 2, 3, … again after an insertion, so only the intended deviation shows. */
export function renumbered(events: readonly ResponseStreamEvent[], first = 1): ResponseStreamEvent[] {
  return events.map((event, index) => ({ ...event, sequence_number: first + index }) as ResponseStreamEvent);
}
