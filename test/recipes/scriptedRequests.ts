// A stand-in for a relay in the Node recipe tests: every subscription is one "request" whose
// events the test pushes by hand, so it can look at the state between events and see when the
// recipe unsubscribed (what aborts a real request).
import { Observable, Subject } from 'rxjs';
import type { ResponseStreamEvent } from '../../src/index.js';
import type { EventsFor } from '../../src/index.js';
import { recording } from '../support/fixtures.js';

export interface ScriptedRequest {
  readonly prompt: string;
  /** True once the recipe unsubscribed or the events ran out. */
  closed: boolean;
  readonly events: Subject<ResponseStreamEvent>;
}

/** A text recording with one response and plenty of deltas, and the text it ends with. */
export const textRecording = (() => {
  const rec = recording('openai-file-search-tool-1.jsonl');
  const terminal = rec.events.at(-1) as unknown as { type: string; response: { output: { type: string; content?: { type: string; text: string }[] }[] } };
  if (terminal.type !== 'response.completed') throw new Error(`${rec.name} should end with response.completed`);
  const finalText = terminal.response.output
    .filter((item) => item.type === 'message')
    .flatMap((item) => item.content ?? [])
    .filter((part) => part.type === 'output_text')
    .map((part) => part.text)
    .join('');
  const firstDelta = rec.events.findIndex((e) => e.type === 'response.output_text.delta');
  return { ...rec, finalText, firstDelta };
})();

export function scriptedRequests(): { eventsFor: EventsFor; requests: ScriptedRequest[] } {
  const requests: ScriptedRequest[] = [];
  const eventsFor: EventsFor = (prompt) =>
    new Observable<ResponseStreamEvent>((subscriber) => {
      const request: ScriptedRequest = { prompt, closed: false, events: new Subject() };
      requests.push(request);
      const subscription = request.events.subscribe(subscriber);
      return () => {
        request.closed = true;
        subscription.unsubscribe();
      };
    });
  return { eventsFor, requests };
}

/** Pushes events `from`..`to` (exclusive) of the text recording into a request. */
export function play(request: ScriptedRequest, from: number, to: number = textRecording.events.length): void {
  for (const event of textRecording.events.slice(from, to)) request.events.next(event);
  if (to >= textRecording.events.length) request.events.complete();
}

/** Lets coalesceFrames() flush (in Node it waits for a microtask, not a frame). */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
