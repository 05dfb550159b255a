import { applyEvent, emptySnapshot, fromRecording, type Response, type ResponseStreamEvent } from '../index.js';
import type { ReplayScript } from './ReplayScript.js';
import type { ReplayServerOptions } from './ReplayServerOptions.js';

/** The input the replayed response is listed with unless `inputItems` says otherwise. */
const DEFAULT_INPUT_ITEM = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Replayed input' }] };

const TERMINAL_WITH_RESPONSE = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * @internal Reads the stream a replay server serves from its options: the first response of
 * the recording or event list, and what the non-streaming routes answer for it.
 *
 * @throws `TypeError` unless exactly one of `recording` and `events` is given, and the
 *   recording's `StreamParseError` for a line that is not an event.
 *
 * @example
 * ```ts
 * const script = loadReplayScript({ recording: '{"type":"response.created","response":{"id":"r","output":[]}}' });
 * script.responseId; // 'r'
 * ```
 */
export function loadReplayScript(options: Pick<ReplayServerOptions, 'recording' | 'events' | 'inputItems'>): ReplayScript {
  const { recording, events } = options;
  if ((recording === undefined) === (events === undefined)) {
    throw new TypeError('startReplayServer: give exactly one of `recording` and `events`');
  }
  const input = events ?? readRecording(recording ?? '');
  const served: ResponseStreamEvent[] = [];
  let snapshot = emptySnapshot();
  let terminal: Response | undefined;
  for (const event of input) {
    // Skipped-input markers are made by this library's sources; a server never sends them.
    if (event.type === 'rx.skipped_input') continue;
    const next = applyEvent(snapshot, event);
    if (next.responseIndex !== snapshot.responseIndex) break;
    snapshot = next;
    served.push(event);
    const response = (event as { response?: unknown }).response;
    if (TERMINAL_WITH_RESPONSE.has(event.type) && typeof response === 'object' && response !== null) {
      terminal = response as Response;
    }
  }
  const responseId = snapshot.response.id === '' ? undefined : snapshot.response.id;
  return {
    events: served,
    responseId,
    response: terminal ?? snapshot.response,
    streamError: terminal === undefined ? snapshot.streamError : undefined,
    inputItems: (options.inputItems ?? [DEFAULT_INPUT_ITEM]).map((item: Record<string, unknown>, index) => ({
      ...item,
      id: typeof item.id === 'string' ? item.id : `item_replay_${index + 1}`,
      type: typeof item.type === 'string' ? item.type : 'message',
    })),
  };
}

function readRecording(text: string): ResponseStreamEvent[] {
  const events: ResponseStreamEvent[] = [];
  let failure: { error: unknown } | undefined;
  // fromRecording emits synchronously, so the events are all here when subscribe returns.
  fromRecording(text).subscribe({
    next: (event) => events.push(event),
    error: (error: unknown) => (failure = { error }),
  });
  if (failure !== undefined) throw failure.error;
  return events;
}
