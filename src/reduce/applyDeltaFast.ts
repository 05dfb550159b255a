import type { ResponseOutputItem } from '../events/Response.js';
import type { ResponseSnapshot } from './ResponseSnapshot.js';
import { Snapshot, baseOf } from './Snapshot.js';
import { appendText } from './appendText.js';
import { withField } from './withField.js';

/** Deltas that append to a field of a part: event type → [item type, parts key, index key, part type, field]. */
const PART_DELTAS: ReadonlyMap<string, readonly [string, 'content' | 'summary', string, string, string]> = new Map([
  ['response.output_text.delta', ['message', 'content', 'content_index', 'output_text', 'text']],
  ['response.refusal.delta', ['message', 'content', 'content_index', 'refusal', 'refusal']],
  ['response.reasoning_summary_text.delta', ['reasoning', 'summary', 'summary_index', 'summary_text', 'text']],
  ['response.reasoning_text.delta', ['reasoning', 'content', 'content_index', 'reasoning_text', 'text']],
] as const);

/** Deltas that append to a field of the item itself: event type → [item type, field]. */
const ITEM_DELTAS: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['response.function_call_arguments.delta', ['function_call', 'arguments']],
  ['response.custom_tool_call_input.delta', ['custom_tool_call', 'input']],
  ['response.mcp_call_arguments.delta', ['mcp_call', 'arguments']],
  ['response.code_interpreter_call_code.delta', ['code_interpreter_call', 'code']],
] as const);

type Loose = Record<string, unknown> & { readonly type: string };
type Item = Record<string, unknown>;

/**
 * @internal The short way through {@link applyEvent} for a delta that needs no judgement: the
 * response is streaming, the event's `sequence_number` is the next one, and its
 * `output_index`, `item_id` and part index name an existing item and part of the right types.
 * Returns `undefined` for anything else, and the general path handles it (with diagnostics).
 * Both paths give the same snapshot for the events this one accepts.
 */
export function applyDeltaFast(prev: ResponseSnapshot, ev: Loose): ResponseSnapshot | undefined {
  const part = PART_DELTAS.get(ev.type);
  const own = part === undefined ? ITEM_DELTAS.get(ev.type) : undefined;
  if (part === undefined && own === undefined) return undefined;
  const seq = ev.sequence_number;
  const last = prev.lastSequenceNumber;
  if (prev.phase !== 'streaming' || !prev.started || prev.outputIndexMap !== undefined) return undefined;
  if (typeof seq !== 'number' || last === undefined || seq !== last + 1) return undefined;
  const delta = ev.delta;
  const oi = ev.output_index;
  if (typeof delta !== 'string' || delta === '' || typeof oi !== 'number') return undefined;
  const output = prev.output as readonly Item[];
  const item = output[oi];
  if (item === undefined || typeof item.id !== 'string' || item.id !== ev.item_id) return undefined;
  const eventCount = prev.eventCount + 1;
  let nextItem: Item;
  let outputText = prev.outputText;
  if (part !== undefined) {
    const [itemType, key, indexKey, partType, field] = part;
    const k = ev[indexKey];
    const parts = item[key];
    if (item.type !== itemType || typeof k !== 'number' || !Array.isArray(parts)) return undefined;
    const target = parts[k] as Item | undefined;
    if (target === undefined || target === null || target.type !== partType || typeof target[field] !== 'string') return undefined;
    if (partType === 'output_text') {
      // Only the last text part of the last item extends the running text by the delta.
      if (oi !== output.length - 1 || k !== parts.length - 1) return undefined;
      outputText = appendText(eventCount, outputText, delta);
    }
    const nextParts = parts.slice();
    nextParts[k] = withField(target, field, appendText(eventCount, target[field] as string, delta));
    nextItem = withField(item, key, nextParts);
  } else {
    const [itemType, field] = own as readonly [string, string];
    const current = item[field];
    if (item.type !== itemType || (typeof current !== 'string' && current !== null && current !== undefined)) return undefined;
    nextItem = withField(item, field, appendText(eventCount, typeof current === 'string' ? current : '', delta));
  }
  const nextOutput = output.slice();
  nextOutput[oi] = nextItem;
  return new Snapshot(
    baseOf(prev),
    nextOutput as ResponseOutputItem[],
    outputText,
    'streaming',
    prev.streamError,
    prev.diagnostics,
    eventCount,
    seq,
    prev.responseIndex,
    prev.partialImages,
    true,
    undefined,
  );
}
