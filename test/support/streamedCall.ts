/*
 * One response that streams one function call's arguments in the given deltas: the fixture
 * the partial-arguments tests share (functionCallArguments(), responseState() item views, the
 * React ToolCallCard recipe). Hand-made, not a recording: the least that shows arguments
 * filling in.
 */
import type { ResponseStreamEvent } from '../../src/index.js';
import { argumentsDelta, completed, created, functionCall, itemAdded, itemDone, numbered } from '../operators/streamEvents.js';

export interface StreamedCall {
  /** created, output_item.added, one arguments delta per entry of `deltas`, output_item.done, (`after`), completed. */
  readonly events: ResponseStreamEvent[];
  /** The finished function call item. */
  readonly final: Record<string, unknown>;
  /** The whole arguments text (the deltas joined). */
  readonly args: string;
}

/**
 * `call_id` `callId` of tool `name` in response `resp_1` (item `fc_1`, output_index 0);
 * `after` goes between the item's done and the terminal event (the tool loop's events, say).
 */
export function streamedCall(callId: string, name: string, deltas: readonly string[], after: readonly ResponseStreamEvent[] = []): StreamedCall {
  const args = deltas.join('');
  const final = functionCall('fc_1', callId, name, args);
  const server = numbered([
    created('resp_1'),
    itemAdded(0, functionCall('fc_1', callId, name, '', 'in_progress')),
    ...deltas.map((delta) => argumentsDelta(0, 'fc_1', delta)),
    itemDone(0, final),
    completed('resp_1', [final]),
  ]);
  // The loop's events carry no sequence_number: they are not the server's.
  const events = [...server.slice(0, -1), ...after, ...server.slice(-1)];
  return { events, final, args };
}
