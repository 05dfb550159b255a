import type { ResponseOutputItem } from '../events/Response.js';
import type { ResponseSnapshot } from './ResponseSnapshot.js';
import { Snapshot, baseOf } from './Snapshot.js';
import { appendText } from './appendText.js';
import { withField } from './withField.js';

/** A delta that appends to a field of a part: [item type, parts key, index key, part type, field]. */
type PartDelta = readonly [string, 'content' | 'summary', string, string, string];
const OUTPUT_TEXT: PartDelta = ['message', 'content', 'content_index', 'output_text', 'text'];
const REFUSAL: PartDelta = ['message', 'content', 'content_index', 'refusal', 'refusal'];
const SUMMARY_TEXT: PartDelta = ['reasoning', 'summary', 'summary_index', 'summary_text', 'text'];
const REASONING_TEXT: PartDelta = ['reasoning', 'content', 'content_index', 'reasoning_text', 'text'];

/** A delta that appends to a field of the item itself: [item type, field]. */
type ItemDelta = readonly [string, string];
const FUNCTION_ARGUMENTS: ItemDelta = ['function_call', 'arguments'];
const CUSTOM_INPUT: ItemDelta = ['custom_tool_call', 'input'];
const MCP_ARGUMENTS: ItemDelta = ['mcp_call', 'arguments'];
const INTERPRETER_CODE: ItemDelta = ['code_interpreter_call', 'code'];

/** @internal */
export type Loose = Record<string, unknown> & { readonly type: string };
/** @internal */
export type Item = Record<string, unknown>;

/** @internal Where a well-formed delta lands; found by {@link findDeltaTarget}. */
export interface DeltaTarget {
  readonly seq: number;
  readonly delta: string;
  /** Position of the item in `output`. */
  readonly oi: number;
  readonly item: Item;
  /** For part deltas: the parts array's key, the part's index and the part. */
  readonly key: 'content' | 'summary' | undefined;
  readonly k: number;
  readonly part: Item | undefined;
  /** The string field that grows (on the part, or on the item itself). */
  readonly field: string;
  /** True when the delta also extends the running output text (last text part of the last item). */
  readonly extendsText: boolean;
}

/**
 * @internal Decides whether `ev` is a delta that needs no judgement: the response is
 * streaming, the event's `sequence_number` is the next one, and its `output_index`, `item_id`
 * and part index name an existing item and part of the right types. `output` and `lastSeq`
 * are passed apart from `prev` because an accumulator may hold newer values of both.
 */
export function findDeltaTarget(prev: ResponseSnapshot, output: readonly Item[], lastSeq: number | undefined, ev: Loose): DeltaTarget | undefined {
  // Cheap checks first: most events that fail them are not deltas at all.
  const seq = ev.sequence_number;
  const delta = ev.delta;
  if (typeof seq !== 'number' || lastSeq === undefined || seq !== lastSeq + 1 || typeof delta !== 'string' || delta === '') return undefined;
  if (prev.phase !== 'streaming' || !prev.started || prev.outputIndexMap !== undefined) return undefined;
  // A switch compares the type string directly; a Map lookup would hash it first (the event's
  // strings are fresh from JSON.parse, so no hash is cached), once per delta.
  let part: PartDelta | undefined;
  let own: ItemDelta | undefined;
  switch (ev.type) {
    case 'response.output_text.delta':
      part = OUTPUT_TEXT;
      break;
    case 'response.refusal.delta':
      part = REFUSAL;
      break;
    case 'response.reasoning_summary_text.delta':
      part = SUMMARY_TEXT;
      break;
    case 'response.reasoning_text.delta':
      part = REASONING_TEXT;
      break;
    case 'response.function_call_arguments.delta':
      own = FUNCTION_ARGUMENTS;
      break;
    case 'response.custom_tool_call_input.delta':
      own = CUSTOM_INPUT;
      break;
    case 'response.mcp_call_arguments.delta':
      own = MCP_ARGUMENTS;
      break;
    case 'response.code_interpreter_call_code.delta':
      own = INTERPRETER_CODE;
      break;
  }
  if (part === undefined && own === undefined) return undefined;
  const oi = ev.output_index;
  if (typeof oi !== 'number') return undefined;
  const item = output[oi];
  if (item === undefined || typeof item.id !== 'string' || item.id !== ev.item_id) return undefined;
  if (part !== undefined) {
    const [itemType, key, indexKey, partType, field] = part;
    const k = ev[indexKey];
    const parts = item[key];
    if (item.type !== itemType || typeof k !== 'number' || !Array.isArray(parts)) return undefined;
    const target = parts[k] as Item | undefined;
    if (target === undefined || target === null || target.type !== partType || typeof target[field] !== 'string') return undefined;
    let extendsText = false;
    if (partType === 'output_text') {
      // Only the last text part of the last item extends the running text by the delta.
      if (oi !== output.length - 1 || k !== parts.length - 1) return undefined;
      extendsText = true;
    }
    return { seq, delta, oi, item, key, k, part: target, field, extendsText };
  }
  const [itemType, field] = own as ItemDelta;
  const current = item[field];
  if (item.type !== itemType || (typeof current !== 'string' && current !== null && current !== undefined)) return undefined;
  return { seq, delta, oi, item, key: undefined, k: -1, part: undefined, field, extendsText: false };
}

/**
 * @internal The short way through {@link applyEvent} for a delta that {@link findDeltaTarget}
 * accepts. Returns `undefined` for anything else, and the general path handles it (with
 * diagnostics). Both paths give the same snapshot for the events this one accepts.
 */
export function applyDeltaFast(prev: ResponseSnapshot, ev: Loose): ResponseSnapshot | undefined {
  const output = prev.output as readonly Item[];
  const t = findDeltaTarget(prev, output, prev.lastSequenceNumber, ev);
  if (t === undefined) return undefined;
  const eventCount = prev.eventCount + 1;
  let outputText = prev.outputText;
  let nextItem: Item;
  if (t.part !== undefined && t.key !== undefined) {
    const before = t.part[t.field] as string;
    const grown = appendText(eventCount, before, t.delta);
    if (t.extendsText) {
      // The running text joins every text part; when it is as long as this part, every other
      // part is empty and it IS this part's text: share the string instead of growing a twin.
      outputText = prev.outputText.length === before.length ? grown : appendText(eventCount, prev.outputText, t.delta);
    }
    const nextParts = (t.item[t.key] as Item[]).slice();
    nextParts[t.k] = withField(t.part, t.field, grown);
    nextItem = withField(t.item, t.key, nextParts);
  } else {
    const current = t.item[t.field];
    nextItem = withField(t.item, t.field, appendText(eventCount, typeof current === 'string' ? current : '', t.delta));
  }
  const nextOutput = output.slice();
  nextOutput[t.oi] = nextItem;
  return new Snapshot(
    baseOf(prev),
    nextOutput as ResponseOutputItem[],
    outputText,
    'streaming',
    prev.streamError,
    prev.diagnostics,
    eventCount,
    t.seq,
    prev.responseIndex,
    prev.partialImages,
    true,
    undefined,
  );
}
