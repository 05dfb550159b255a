import type { ResponseOutputItem } from '../events/Response.js';
import type { ResponseSnapshot } from './ResponseSnapshot.js';
import { Snapshot, baseOf } from './Snapshot.js';
import { appendText } from './appendText.js';
import { compactCopy } from './compactCopy.js';

/** A delta that appends to a field of a part. Objects, not tuples: destructuring a tuple goes through the iterator protocol, once per delta. */
interface PartDelta {
  readonly itemType: string;
  readonly key: 'content' | 'summary';
  readonly indexKey: string;
  readonly partType: string;
  readonly field: string;
}
const OUTPUT_TEXT: PartDelta = { itemType: 'message', key: 'content', indexKey: 'content_index', partType: 'output_text', field: 'text' };
const REFUSAL: PartDelta = { itemType: 'message', key: 'content', indexKey: 'content_index', partType: 'refusal', field: 'refusal' };
const SUMMARY_TEXT: PartDelta = { itemType: 'reasoning', key: 'summary', indexKey: 'summary_index', partType: 'summary_text', field: 'text' };
const REASONING_TEXT: PartDelta = { itemType: 'reasoning', key: 'content', indexKey: 'content_index', partType: 'reasoning_text', field: 'text' };

/** A delta that appends to a field of the item itself. */
interface ItemDelta {
  readonly itemType: string;
  readonly field: string;
}
const FUNCTION_ARGUMENTS: ItemDelta = { itemType: 'function_call', field: 'arguments' };
const CUSTOM_INPUT: ItemDelta = { itemType: 'custom_tool_call', field: 'input' };
const MCP_ARGUMENTS: ItemDelta = { itemType: 'mcp_call', field: 'arguments' };
const INTERPRETER_CODE: ItemDelta = { itemType: 'code_interpreter_call', field: 'code' };

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
  /** The event's field that holds the part's index (`content_index`, `summary_index`). */
  readonly indexKey: string | undefined;
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
  // Strict: a sequence number that is not a number never passes, and with no last one
  // `undefined + 1` is NaN, which nothing equals.
  if (seq !== (lastSeq as number) + 1 || typeof delta !== 'string' || delta === '') return undefined;
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
    case 'response.reasoning.delta': // Open Responses' name for it
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
    const { itemType, key, indexKey, partType, field } = part;
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
    return { seq, delta, oi, item, key, indexKey, k, part: target, field, extendsText };
  }
  const { itemType, field } = own as ItemDelta;
  const current = item[field];
  if (item.type !== itemType || (typeof current !== 'string' && current !== null && current !== undefined)) return undefined;
  return { seq, delta, oi, item, key: undefined, indexKey: undefined, k: -1, part: undefined, field, extendsText: false };
}

/**
 * @internal The short way through {@link applyEvent} for a delta that {@link findDeltaTarget}
 * accepts. Returns `undefined` for anything else, and the general path handles it (with
 * diagnostics). Both paths give the same snapshot for the events this one accepts.
 */
export function applyDeltaFast(prev: ResponseSnapshot, ev: Loose): ResponseSnapshot | undefined {
  // Text deltas are most of every long response: they get a path of their own, with named
  // property reads and copies whose sites only ever see message items and text parts.
  if (ev.type === 'response.output_text.delta') return applyTextDelta(prev, ev);
  const output = prev.output as readonly Item[];
  const t = findDeltaTarget(prev, output, prev.lastSequenceNumber, ev);
  if (t === undefined) return undefined;
  const eventCount = prev.eventCount + 1;
  let nextItem: Item;
  let itemSource: Item;
  let nextPart: Item | undefined;
  let partSource: Item | undefined;
  // The copies come from sources made once per run of deltas (see compactCopy).
  if (t.part !== undefined && t.key !== undefined) {
    const grown = appendText(eventCount, t.part[t.field] as string, t.delta);
    partSource = (Snapshot.partSourceFor(prev, t.part, t.field) as Item | undefined) ?? compactCopy(t.part, 0);
    nextPart = { ...partSource };
    nextPart[t.field] = grown;
    const nextParts = (t.item[t.key] as Item[]).slice();
    nextParts[t.k] = nextPart;
    itemSource = (Snapshot.itemSourceFor(prev, t.item, t.key) as Item | undefined) ?? compactCopy(t.item);
    nextItem = { ...itemSource };
    nextItem[t.key] = nextParts;
  } else {
    const current = t.item[t.field];
    itemSource = (Snapshot.itemSourceFor(prev, t.item, t.field) as Item | undefined) ?? compactCopy(t.item);
    nextItem = { ...itemSource };
    nextItem[t.field] = appendText(eventCount, typeof current === 'string' ? current : '', t.delta);
  }
  const nextOutput = output.slice();
  nextOutput[t.oi] = nextItem;
  return new Snapshot(
    baseOf(prev),
    nextOutput as ResponseOutputItem[],
    // Text deltas (the only ones that grow the running text) took applyTextDelta above.
    prev.outputText,
    'streaming',
    prev.streamError,
    prev.diagnostics,
    eventCount,
    t.seq,
    prev.responseIndex,
    prev.partialImages,
    true,
    undefined,
    t.oi,
    nextItem,
    itemSource,
    t.key ?? t.field,
    nextPart,
    partSource,
    t.field,
  );
}

/** {@link applyDeltaFast} for `response.output_text.delta`: the checks of {@link findDeltaTarget}, written out. */
function applyTextDelta(prev: ResponseSnapshot, ev: Loose): ResponseSnapshot | undefined {
  const seq = ev.sequence_number;
  const delta = ev.delta;
  const lastSeq = prev.lastSequenceNumber;
  if (seq !== (lastSeq as number) + 1 || typeof delta !== 'string' || delta === '') return undefined;
  if (prev.phase !== 'streaming' || !prev.started || prev.outputIndexMap !== undefined) return undefined;
  const output = prev.output as readonly MessageLike[];
  const oi = ev.output_index;
  // Only the last text part of the last item: its delta also extends the running text.
  // Strict: an index that is not a number is declined here too.
  if (oi !== output.length - 1) return undefined;
  const item = output[oi as number];
  if (item === undefined || item === null || item.type !== 'message' || typeof item.id !== 'string' || item.id !== ev.item_id) return undefined;
  const parts = item.content;
  const k = ev.content_index;
  if (!Array.isArray(parts) || k !== parts.length - 1) return undefined;
  const part = parts[k as number] as TextPartLike | null | undefined;
  if (part === undefined || part === null || part.type !== 'output_text' || typeof part.text !== 'string') return undefined;
  const eventCount = prev.eventCount + 1;
  const before = part.text;
  const grown = appendText(eventCount, before, delta);
  // The running text joins every text part; when it is as long as this part, every other part
  // is empty and it IS this part's text: share the string instead of growing a twin.
  const outputText = prev.outputText.length === before.length ? grown : appendText(eventCount, prev.outputText, delta);
  // Both copies come from sources made once per run of deltas (see compactCopy).
  const partSource = (Snapshot.partSourceFor(prev, part, 'text') as TextPartLike | undefined) ?? compactCopy(part, 0);
  const nextPart = { ...partSource };
  nextPart.text = grown;
  const nextParts = parts.slice();
  nextParts[k] = nextPart;
  const source = (Snapshot.itemSourceFor(prev, item, 'content') as MessageLike | undefined) ?? compactCopy(item);
  const nextItem = { ...source };
  nextItem.content = nextParts;
  const nextOutput = output.slice();
  nextOutput[oi] = nextItem;
  return new Snapshot(
    baseOf(prev),
    nextOutput as unknown as ResponseOutputItem[],
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
    oi,
    nextItem,
    source,
    'content',
    nextPart,
    partSource,
    'text',
  );
}

interface MessageLike {
  type: unknown;
  id: unknown;
  content: unknown;
}
interface TextPartLike {
  type: unknown;
  text: unknown;
}
