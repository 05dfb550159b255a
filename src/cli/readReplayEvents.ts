import { applyEvent, emptySnapshot, fromRecording, type ResponseStreamEvent } from '../index.js';
import type { ReplaySource } from './replayRecording.js';
import { UsageError } from './UsageError.js';

/**
 * The events of a recording's first response (the one a replay server serves) and how many
 * responses the recording holds.
 *
 * @throws {@link UsageError} when a recording given by the user has no events or a line that
 *   is not an event; a plain `Error` (a broken installation) for the bundled recording.
 *
 * @example
 * ```ts
 * const { events, responses } = readReplayEvents({ text, name: 'the recording hello.jsonl' });
 * ```
 */
export function readReplayEvents(source: ReplaySource): { events: ResponseStreamEvent[]; responses: number } {
  const all: ResponseStreamEvent[] = [];
  let failure: { error: unknown } | undefined;
  // fromRecording emits synchronously: everything is here when subscribe returns.
  fromRecording(source.text).subscribe({ next: (event) => all.push(event), error: (error: unknown) => (failure = { error }) });
  const problem = failure === undefined ? (all.length === 0 ? 'it holds no events' : undefined) : (failure.error as Error).message;
  if (problem !== undefined) {
    const message = `${source.name} cannot be replayed: ${problem}`;
    throw source.bundled === true ? new Error(`${message}; is the package installed completely?`) : new UsageError(message);
  }
  let snapshot = emptySnapshot();
  const events: ResponseStreamEvent[] = [];
  for (const event of all) {
    snapshot = applyEvent(snapshot, event);
    if (snapshot.responseIndex === 0) events.push(event);
  }
  return { events, responses: snapshot.responseIndex + 1 };
}
