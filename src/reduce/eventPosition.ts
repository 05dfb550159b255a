import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import type { ResponseSnapshot } from './ResponseSnapshot.js';

/**
 * @internal Where in `snapshot.output` the item an event addressed sits, after the reducer
 * applied it: by the server's `output_index` (through the snapshot's index map), else by
 * `item_id` or the event's `item.id`. -1 when the event names no item the snapshot holds.
 * Not by object identity: a finished item equal to what was streamed keeps the streamed object.
 */
export function eventPosition(snapshot: ResponseSnapshot, event: ResponseStreamEvent): number {
  const e = event as { output_index?: unknown; item_id?: unknown; item?: { id?: unknown } };
  const output = snapshot.output;
  if (typeof e.output_index === 'number') {
    const position = snapshot.outputIndexMap === undefined ? e.output_index : snapshot.outputIndexMap.get(e.output_index);
    if (position !== undefined && output[position] !== undefined) return position;
  }
  const id = typeof e.item_id === 'string' ? e.item_id : e.item?.id;
  if (typeof id !== 'string' || id === '') return -1;
  for (let i = output.length - 1; i >= 0; i--) if ((output[i] as { id?: unknown }).id === id) return i;
  return -1;
}
