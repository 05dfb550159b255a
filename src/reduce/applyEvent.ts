import { isToolLoopEvent } from '../events/ToolLoopEvent.js';
import type { Response, ResponseOutputItem } from '../events/Response.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { KNOWN_EVENT_TYPES, isExtensionEventType } from '../events/eventTypes.js';
import type { Diagnostic, DiagnosticCode } from './Diagnostic.js';
import type { PartialImage, ResponseSnapshot, SnapshotPhase, StreamErrorInfo } from './ResponseSnapshot.js';
import { Snapshot, baseOf, copySnapshot } from './Snapshot.js';
import { emptySnapshot } from './emptySnapshot.js';
import {
  CODE_INTERPRETER,
  CUSTOM_TOOL_CALL,
  FILE_SEARCH,
  FUNCTION_CALL,
  IMAGE_GENERATION,
  type ItemFamily,
  MCP_CALL,
  MCP_LIST_TOOLS,
  MESSAGE,
  REASONING,
  SHELL_CALL,
  SHELL_CALL_OUTPUT,
  WEB_SEARCH,
  makePart,
  makeShellOutput,
} from './itemFamilies.js';
import { deepEqual, mergeTerminalResponse } from './mergeTerminalResponse.js';
import { outputTextOf } from './outputTextOf.js';
import { appendText } from './appendText.js';
import { withField } from './withField.js';
import { applyDeltaFast } from './applyDeltaFast.js';
import type { OutputOwnership } from './OutputOwnership.js';
import { startsNewResponse } from './startsNewResponse.js';
import { plural } from './plural.js';
import { withArticle } from './withArticle.js';

const TERMINAL_RESPONSE_EVENTS: ReadonlySet<string> = new Set(['response.completed', 'response.incomplete', 'response.failed']);

const FINISHED: ReadonlySet<string> = new Set(['completed', 'incomplete', 'failed']);

type Item = Record<string, unknown> & { readonly type?: unknown; readonly id?: unknown };
type Part = Record<string, unknown> & { readonly type?: unknown };

/** The fields the reducer reads, seen loosely: real streams omit or mistype any of them. */
interface LooseEvent {
  readonly type: string;
  readonly [key: string]: unknown;
}

/**
 * The working state of one `applyEvent` call. Arrays copied during this call are owned by it
 * and may be written in place; everything else is shared with the previous snapshot.
 */
interface Draft {
  readonly prev: ResponseSnapshot;
  readonly ev: LooseEvent;
  readonly eventNumber: number;
  readonly seq: number | undefined;
  /** The response's scalar fields (its `output` is not read: `output` below is current). */
  response: Response;
  output: Item[];
  outputOwned: boolean;
  outputText: string;
  textDirty: boolean;
  phase: SnapshotPhase;
  streamError: StreamErrorInfo | undefined;
  diagnostics: readonly Diagnostic[];
  diagnosticsOwned: boolean;
  partialImages: ReadonlyMap<number, PartialImage>;
  started: boolean;
  /** Server `output_index` to array position; `undefined` while the two are the same. */
  indexMap: ReadonlyMap<number, number> | undefined;
  indexMapOwned: boolean;
  /** Set by {@link applyEventInPlace}: writes go into the caller's array and are recorded there. */
  readonly owner: OutputOwnership | undefined;
}

/**
 * Applies one stream event to a snapshot and returns the next snapshot. Pure: the input
 * snapshot is never changed, and the result shares every object the event did not touch.
 * Never throws on odd input: deviations become {@link Diagnostic}s on the snapshot.
 *
 * When the event starts another response (a `response.created`/`response.queued` with a new
 * id), the result is a fresh snapshot with `responseIndex` one higher. Events of the tool
 * loop (`rx.tool_call.*`, `rx.turn.ended`) return the snapshot unchanged.
 *
 * @example
 * ```ts
 * let snapshot = emptySnapshot();
 * for (const event of events) snapshot = applyEvent(snapshot, event);
 * console.log(snapshot.outputText);
 * ```
 */
export function applyEvent(snapshot: ResponseSnapshot, event: ResponseStreamEvent): ResponseSnapshot {
  // The tool loop's own events say nothing about the response: the same snapshot comes back.
  if (isToolLoopEvent(event)) return snapshot;
  // Nearly every event of a long response is a well-formed delta: take the short way for those.
  return applyDeltaFast(snapshot, event as LooseEvent) ?? applyEventInFull(snapshot, event);
}

/** Below this many items, copying the output for a delta costs less than the general path. */
const SMALL_OUTPUT = 32;

/**
 * @internal {@link applyEvent} for a consumer that owns the output array of `snapshot` (see
 * {@link OutputOwnership}): gives the same snapshot, but writes that array in place (so
 * `snapshot.output` may change) and records which positions changed. Its cost per event does
 * not grow with the number of items.
 */
export function applyEventInPlace(snapshot: ResponseSnapshot, event: ResponseStreamEvent, owner: OutputOwnership): ResponseSnapshot {
  owner.startEvent();
  if (isToolLoopEvent(event)) return snapshot;
  if (snapshot.output.length <= SMALL_OUTPUT) {
    const fast = applyDeltaFast(snapshot, event as LooseEvent);
    if (fast !== undefined) {
      // A delta copies the output (fresh, so now ours) and one item, keeping its id and call id.
      owner.copied(snapshot.output, fast.output);
      owner.owned = fast.output;
      owner.written.push(Snapshot.onlyChangedAt(fast));
      return fast;
    }
  }
  return applyEventInFull(snapshot, event, owner);
}

/**
 * @internal {@link applyEvent} for a consumer that hands out every snapshot (`scanResponse()`):
 * never writes in place, but `keys` counts the ids of each output it makes, so a new item is
 * checked for a repeated id without a look at every other item, and records the positions the
 * event wrote (`keys.written`, or `keys.replaced` when it replaced the whole output).
 */
export function applyEventKeyed(snapshot: ResponseSnapshot, event: ResponseStreamEvent, keys: OutputOwnership): ResponseSnapshot {
  keys.startEvent();
  if (isToolLoopEvent(event)) return snapshot;
  const fast = applyDeltaFast(snapshot, event as LooseEvent);
  if (fast !== undefined) {
    keys.copied(snapshot.output, fast.output);
    keys.written.push(Snapshot.onlyChangedAt(fast));
    return fast;
  }
  const next = applyEventInFull(snapshot, event, keys);
  // The output it made is handed out with the snapshot: the next event copies it again.
  keys.owned = undefined;
  return next;
}

/** @internal {@link applyEvent} without the short way for deltas; the tests compare the two. */
export function applyEventInFull(snapshot: ResponseSnapshot, event: ResponseStreamEvent, owner?: OutputOwnership): ResponseSnapshot {
  let prev = snapshot;
  const ev = event as LooseEvent;
  let newResponse = false;
  if (startsNewResponse(prev, event)) {
    const fresh = emptySnapshot();
    newResponse = true;
    prev = copySnapshot(fresh, { responseIndex: prev.responseIndex + 1, diagnostics: prev.phase === 'streaming' ? [abandoned(prev)] : fresh.diagnostics });
  }
  const seq = typeof ev.sequence_number === 'number' ? ev.sequence_number : undefined;
  const d: Draft = {
    prev,
    ev,
    eventNumber: prev.eventCount + 1,
    seq,
    response: baseOf(prev),
    output: prev.output as unknown as Item[],
    outputOwned: owner !== undefined && !newResponse && owner.owned === prev.output,
    outputText: prev.outputText,
    textDirty: false,
    phase: prev.phase,
    streamError: prev.streamError,
    diagnostics: prev.diagnostics,
    diagnosticsOwned: false,
    partialImages: prev.partialImages,
    started: prev.started,
    indexMap: prev.outputIndexMap,
    indexMapOwned: false,
    owner,
  };
  if (owner !== undefined) {
    owner.sync(d.output);
    if (newResponse) owner.replaced = true;
  }
  checkSequence(d, newResponse);
  // After an `error` event the server may still send the response's own terminal event
  // (`response.failed` with the full response); it is more authoritative, so it still applies.
  const settled = prev.phase !== 'streaming' && !(prev.phase === 'error' && TERMINAL_RESPONSE_EVENTS.has(ev.type));
  if (settled) {
    if (ev.type !== 'keepalive') diagnose(d, 'event_after_terminal', `Ignored ${ev.type} after the response ended (${prev.phase})`);
  } else {
    dispatch(d);
  }
  return finish(d);
}

function abandoned(prev: ResponseSnapshot): Diagnostic {
  return {
    code: 'response_abandoned',
    message: `Response ${prev.response.id || '(no id)'} ended without a terminal event when a new response started`,
  };
}

function checkSequence(d: Draft, newResponse: boolean): void {
  if (d.seq === undefined && d.ev.type !== 'rx.skipped_input') {
    diagnoseOnce(d, 'missing_sequence_number', undefined, `Events carry no sequence_number (first: ${d.ev.type}); order and gaps cannot be checked`);
  }
  const last = newResponse ? undefined : d.prev.lastSequenceNumber;
  if (d.seq === undefined || last === undefined) return;
  if (d.seq <= last) {
    diagnose(d, 'sequence_regression', `sequence_number ${d.seq} after ${last} (repeated or out of order)`);
  } else if (d.seq > last + 1) {
    diagnose(d, 'sequence_gap', `sequence_number jumped from ${last} to ${d.seq}; ${plural(d.seq - last - 1, 'event')} missing`);
  }
}

function finish(d: Draft): ResponseSnapshot {
  const prevSeq = d.prev.lastSequenceNumber;
  const lastSequenceNumber = d.seq === undefined ? prevSeq : prevSeq === undefined || d.seq > prevSeq ? d.seq : prevSeq;
  const output = d.output as unknown as ResponseOutputItem[];
  if (d.owner !== undefined && d.outputOwned) d.owner.owned = output;
  return new Snapshot(
    d.response,
    output,
    d.textDirty ? outputTextOf(output) : d.outputText,
    d.phase,
    d.streamError,
    d.diagnostics,
    d.eventNumber,
    lastSequenceNumber,
    d.prev.responseIndex,
    d.partialImages,
    d.started,
    d.indexMap,
  );
}

function diagnose(d: Draft, code: DiagnosticCode, message: string, outputIndex?: number): void {
  const diagnostic: Diagnostic = {
    code,
    message,
    eventType: d.ev.type,
    eventNumber: d.eventNumber,
    ...(d.seq === undefined ? {} : { sequenceNumber: d.seq }),
    ...(outputIndex === undefined ? {} : { outputIndex }),
  };
  if (!d.diagnosticsOwned) {
    d.diagnostics = [...d.diagnostics, diagnostic];
    d.diagnosticsOwned = true;
  } else {
    (d.diagnostics as Diagnostic[]).push(diagnostic);
  }
}

// ---------------------------------------------------------------------------------------------
// Dispatch

function dispatch(d: Draft): void {
  const type = d.ev.type;
  if (!d.started && type !== 'keepalive' && type !== 'rx.skipped_input') {
    d.started = true;
    if (type !== 'response.created' && type !== 'response.queued') {
      diagnose(d, 'missing_created', `The response's first event was ${type}, not response.created`);
    }
  }
  switch (type) {
    case 'response.created':
    case 'response.queued':
    case 'response.in_progress':
      adoptLifecycle(d);
      return;
    case 'response.completed':
      terminal(d, 'completed');
      return;
    case 'response.incomplete':
      terminal(d, 'incomplete');
      return;
    case 'response.failed':
      terminal(d, 'failed');
      return;
    case 'error':
      streamError(d);
      return;
    case 'keepalive':
      return;
    case 'rx.skipped_input': {
      const where = typeof d.ev.line === 'number' ? `line ${d.ev.line}` : `event ${String(d.ev.eventNumber)}`;
      diagnose(d, 'skipped_input', `Skipped input at ${where} (${String(d.ev.reason)}): ${String(d.ev.raw)}`);
      return;
    }
    case 'response.output_item.added':
      itemAdded(d);
      return;
    case 'response.output_item.done':
      itemDone(d);
      return;
    case 'response.content_part.added':
    case 'response.content_part.done':
      contentPart(d, type === 'response.content_part.done');
      return;
    case 'response.output_text.delta':
      partDelta(d, MESSAGE, 'content', 'content_index', 'output_text', 'text');
      return;
    case 'response.output_text.done':
      partDone(d, MESSAGE, 'content', 'content_index', 'output_text', 'text', d.ev.text);
      return;
    case 'response.output_text.annotation.added':
      annotationAdded(d);
      return;
    case 'response.refusal.delta':
      partDelta(d, MESSAGE, 'content', 'content_index', 'refusal', 'refusal');
      return;
    case 'response.refusal.done':
      partDone(d, MESSAGE, 'content', 'content_index', 'refusal', 'refusal', d.ev.refusal);
      return;
    case 'response.reasoning_text.delta':
    case 'response.reasoning.delta': // Open Responses' name for it
      partDelta(d, REASONING, 'content', 'content_index', 'reasoning_text', 'text');
      return;
    case 'response.reasoning_text.done':
    case 'response.reasoning.done':
      partDone(d, REASONING, 'content', 'content_index', 'reasoning_text', 'text', d.ev.text);
      return;
    case 'response.reasoning_summary_part.added':
    case 'response.reasoning_summary_part.done':
      summaryPart(d, type === 'response.reasoning_summary_part.done');
      return;
    case 'response.reasoning_summary_text.delta':
      partDelta(d, REASONING, 'summary', 'summary_index', 'summary_text', 'text');
      return;
    case 'response.reasoning_summary_text.done':
      partDone(d, REASONING, 'summary', 'summary_index', 'summary_text', 'text', d.ev.text);
      return;
    case 'response.function_call_arguments.delta':
      itemDelta(d, FUNCTION_CALL, 'arguments');
      return;
    case 'response.function_call_arguments.done':
      itemDone_field(d, FUNCTION_CALL, 'arguments', d.ev.arguments);
      return;
    case 'response.custom_tool_call_input.delta':
      itemDelta(d, CUSTOM_TOOL_CALL, 'input');
      return;
    case 'response.custom_tool_call_input.done':
      itemDone_field(d, CUSTOM_TOOL_CALL, 'input', d.ev.input);
      return;
    case 'response.mcp_call_arguments.delta':
      itemDelta(d, MCP_CALL, 'arguments');
      return;
    case 'response.mcp_call_arguments.done':
      itemDone_field(d, MCP_CALL, 'arguments', d.ev.arguments);
      return;
    case 'response.code_interpreter_call_code.delta':
      itemDelta(d, CODE_INTERPRETER, 'code');
      return;
    case 'response.code_interpreter_call_code.done':
      itemDone_field(d, CODE_INTERPRETER, 'code', d.ev.code);
      return;
    case 'response.code_interpreter_call.in_progress':
      itemStatus(d, CODE_INTERPRETER, 'in_progress');
      return;
    case 'response.code_interpreter_call.interpreting':
      itemStatus(d, CODE_INTERPRETER, 'interpreting');
      return;
    case 'response.code_interpreter_call.completed':
      itemStatus(d, CODE_INTERPRETER, 'completed');
      return;
    case 'response.web_search_call.in_progress':
      itemStatus(d, WEB_SEARCH, 'in_progress');
      return;
    case 'response.web_search_call.searching':
      itemStatus(d, WEB_SEARCH, 'searching');
      return;
    case 'response.web_search_call.completed':
      itemStatus(d, WEB_SEARCH, 'completed');
      return;
    case 'response.file_search_call.in_progress':
      itemStatus(d, FILE_SEARCH, 'in_progress');
      return;
    case 'response.file_search_call.searching':
      itemStatus(d, FILE_SEARCH, 'searching');
      return;
    case 'response.file_search_call.completed':
      itemStatus(d, FILE_SEARCH, 'completed');
      return;
    case 'response.image_generation_call.in_progress':
      itemStatus(d, IMAGE_GENERATION, 'in_progress');
      return;
    case 'response.image_generation_call.generating':
      itemStatus(d, IMAGE_GENERATION, 'generating');
      return;
    case 'response.image_generation_call.completed':
      itemStatus(d, IMAGE_GENERATION, 'completed');
      return;
    case 'response.image_generation_call.partial_image':
      partialImage(d);
      return;
    case 'response.mcp_call.in_progress':
      itemStatus(d, MCP_CALL, 'in_progress');
      return;
    case 'response.mcp_call.completed':
      itemStatus(d, MCP_CALL, 'completed');
      return;
    case 'response.mcp_call.failed':
      itemStatus(d, MCP_CALL, 'failed');
      return;
    case 'response.mcp_list_tools.in_progress':
    case 'response.mcp_list_tools.completed':
    case 'response.mcp_list_tools.failed':
      // mcp_list_tools items have no status field; the event only confirms the item exists.
      locateItem(d, MCP_LIST_TOOLS);
      return;
    case 'response.shell_call_command.added':
    case 'response.shell_call_command.delta':
    case 'response.shell_call_command.done':
      shellCommand(d);
      return;
    case 'response.shell_call_output_content.delta':
    case 'response.shell_call_output_content.done':
      shellOutput(d);
      return;
    case 'response.audio.delta':
    case 'response.audio.done':
    case 'response.audio.transcript.delta':
    case 'response.audio.transcript.done':
      // Audio has no place in the Response shape; consumers read these events directly.
      return;
    default:
      // Open Responses extension events (`acme:trace_event`) are safe to ignore, by the spec.
      if (!KNOWN_EVENT_TYPES.has(type as never) && !isExtensionEventType(type)) unknownType(d);
  }
}

function unknownType(d: Draft): void {
  diagnoseOnce(d, 'unknown_event_type', d.ev.type, `Unknown event type ${JSON.stringify(d.ev.type)} passed through without changing the response`);
}

/** Reports a code once per response (per event type when `eventType` is given). */
function diagnoseOnce(d: Draft, code: DiagnosticCode, eventType: string | undefined, message: string): void {
  for (const diagnostic of d.diagnostics) {
    if (diagnostic.code === code && (eventType === undefined || diagnostic.eventType === eventType)) return;
  }
  diagnose(d, code, message);
}

// ---------------------------------------------------------------------------------------------
// Response-level events

function eventResponse(d: Draft): Record<string, unknown> | undefined {
  const r = d.ev.response;
  return typeof r === 'object' && r !== null ? (r as Record<string, unknown>) : undefined;
}

/**
 * Takes the scalar fields of a lifecycle event's response, and the output items it carries
 * at indices the stream has not filled (as openai-node adopts them); streamed items win.
 */
function adoptLifecycle(d: Draft): void {
  const r = eventResponse(d);
  if (r === undefined) return;
  const merged = { ...d.response, ...r } as Record<string, unknown>;
  delete merged.output;
  keepIdentity(d, r, merged);
  d.response = merged as unknown as Response;
  const carried = r.output;
  if (!Array.isArray(carried)) return;
  // One step per item the event itself carries: bounded by its size.
  carried.forEach((item: unknown, i) => {
    if (positionOf(d, i) !== undefined) return;
    if (!isItem(item)) {
      diagnose(d, 'unknown_item', `${d.ev.type} carried a non-item at output[${i}] (${describeValue(item)}); ignored`);
      return;
    }
    placeItem(d, item, i);
  });
}

/** Keeps `id`/`model` a gateway left out, and notes an id that changed. */
function keepIdentity(d: Draft, r: Record<string, unknown>, merged: Record<string, unknown>): string[] {
  const missing: string[] = [];
  for (const key of ['id', 'model'] as const) {
    const value = r[key];
    if (typeof value !== 'string' || value === '') {
      const previous = (d.response as unknown as Record<string, unknown>)[key];
      if (typeof previous === 'string' && previous !== '') {
        merged[key] = previous;
        missing.push(key);
      }
    }
  }
  const before = d.response.id;
  const after = r.id;
  if (typeof after === 'string' && after !== '' && before !== '' && before !== undefined && after !== before) {
    diagnose(d, 'response_id_changed', `Response id changed from ${before} to ${after} within one response`);
  }
  return missing;
}

function terminal(d: Draft, phase: 'completed' | 'incomplete' | 'failed'): void {
  d.phase = phase;
  const r = eventResponse(d);
  if (r === undefined) {
    diagnose(d, 'terminal_missing_fields', `${d.ev.type} carried no response object; kept the streamed output`);
    d.response = { ...d.response, status: phase } as Response;
    return;
  }
  const merged = { ...d.response, ...r } as Record<string, unknown>;
  const missing = keepIdentity(d, r, merged);
  if (missing.length > 0) {
    diagnose(d, 'terminal_missing_fields', `The terminal response has no ${missing.join(' or ')}; kept the streamed value`);
  }
  // A terminal response without a status (some gateways) has the event's, never the stale one.
  if (typeof r.status !== 'string') merged.status = phase;
  const { output, notes } = mergeTerminalResponse(d.output as unknown as ResponseOutputItem[], r.output);
  for (const note of notes) diagnose(d, note.code, note.message, note.outputIndex);
  merged.output = output;
  d.response = merged as unknown as Response;
  if (output !== (d.output as unknown)) {
    d.output = output as unknown as Item[];
    d.outputOwned = false;
    d.textDirty = true;
    if (d.owner !== undefined) d.owner.replaced = true;
  }
  d.indexMap = undefined;
}

function streamError(d: Draft): void {
  const ev = d.ev;
  const nested = typeof ev.error === 'object' && ev.error !== null ? (ev.error as Record<string, unknown>) : {};
  const pick = (key: string): string | null => {
    const value = nested[key] ?? ev[key];
    return typeof value === 'string' ? value : null;
  };
  d.phase = 'error';
  // Open Responses (and the API in practice) nest the payload under `error`; `type` only exists there.
  const type = typeof nested.type === 'string' && nested.type !== '' ? nested.type : undefined;
  d.streamError = {
    ...(type === undefined ? {} : { type }),
    code: pick('code'),
    message: pick('message') ?? 'The server sent an error event without a message',
    param: pick('param'),
    ...(d.seq === undefined ? {} : { sequenceNumber: d.seq }),
  };
}

// ---------------------------------------------------------------------------------------------
// Output items

function ownOutput(d: Draft): Item[] {
  if (!d.outputOwned) {
    const from = d.output;
    d.output = from.slice();
    d.outputOwned = true;
    d.owner?.copied(from, d.output);
  }
  return d.output;
}

function setItem(d: Draft, index: number, item: Item): void {
  const output = ownOutput(d);
  d.owner?.write(index, output[index], item);
  output[index] = item;
}

function isItem(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && typeof (value as Item).type === 'string';
}

function outputIndexOf(d: Draft): number | undefined {
  return readIndex(d, 'output_index');
}

/**
 * Reads an index the wire carries (`output_index`, `content_index`, ...). Only a non-negative
 * safe integer is an index; anything else that is present (negative, fractional, `NaN`, a
 * string such as `"__proto__"`, `null`) is diagnosed and treated as absent, so it never becomes
 * an array position or a property key. Call it once per event and key (each call may diagnose).
 */
function readIndex(d: Draft, key: string): number | undefined {
  const value = d.ev[key];
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  diagnose(d, 'invalid_index', `${d.ev.type} carried ${key} ${describeValue(value)}, which is not an index; ignored it`);
  return undefined;
}

/** A short rendering of a wire value for a diagnostic (a hostile string may be long). */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  // What is left, from JSON, is an object.
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** A type name from the wire with its article, for diagnostics: `an untyped` when it is not a name. */
function withType(type: unknown): string {
  return typeof type === 'string' && type !== '' ? withArticle(type) : 'an untyped';
}

function itemIdOf(d: Draft): string | undefined {
  const id = d.ev.item_id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function findById(output: readonly Item[], id: string): number {
  for (let i = output.length - 1; i >= 0; i--) if (output[i]?.id === id) return i;
  return -1;
}

/** The running-text contribution of one item (its `output_text` parts, when it is a message). */
function itemText(item: Item): string {
  return outputTextOf([item as unknown as ResponseOutputItem]);
}

function hasText(item: Item | undefined): boolean {
  return item !== undefined && item.type === 'message' && outputTextOf([item as unknown as ResponseOutputItem]) !== '';
}

/** The array position of the item the server calls `output_index`, if there is one. */
function positionOf(d: Draft, outputIndex: number): number | undefined {
  const position = d.indexMap === undefined ? outputIndex : d.indexMap.get(outputIndex);
  return position !== undefined && position < d.output.length && d.output[position] !== undefined ? position : undefined;
}

/** The `output_index` the server's next new item should carry: one past the largest it used. */
function nextServerIndex(d: Draft, position: number): number {
  if (d.indexMap === undefined) return position;
  let largest = -1;
  for (const key of d.indexMap.keys()) if (key > largest) largest = key;
  return largest + 1;
}

/**
 * Remembers that the server's `output_index` lives at `position`. The map only comes into
 * being when a server skips an index, so well-formed streams never pay for it.
 */
function mapIndex(d: Draft, outputIndex: number, position: number): void {
  if (d.indexMap === undefined) {
    if (outputIndex === position) return;
    const identity = new Map<number, number>();
    for (let i = 0; i < position; i++) identity.set(i, i);
    d.indexMap = identity;
    d.indexMapOwned = true;
  } else if (!d.indexMapOwned) {
    d.indexMap = new Map(d.indexMap);
    d.indexMapOwned = true;
  }
  (d.indexMap as Map<number, number>).set(outputIndex, position);
}

/**
 * Places an item at the index the server gave. Output stays dense: an index past the end is
 * appended (and mapped), so a skipped index never leaves a hole in `output`.
 */
function placeItem(d: Draft, item: Item, requested: number | undefined): number {
  const existing = requested === undefined ? undefined : positionOf(d, requested);
  if (existing !== undefined) {
    const output = ownOutput(d);
    const previous = output[existing] as Item;
    if (!(previous.id !== undefined && previous.id === item.id)) {
      diagnose(d, 'output_index_conflict', `Item added at output_index ${requested}, which already holds ${withType(previous.type)} item; replaced it`, requested);
    }
    checkIdentity(d, item, existing, requested);
    if (hasText(previous)) d.textDirty = true;
    d.owner?.write(existing, previous, item);
    output[existing] = item;
    if (hasText(item)) d.textDirty = true;
    return existing;
  }
  const position = d.output.length;
  checkIdentity(d, item, -1, requested ?? position);
  if (requested !== undefined) {
    if (requested !== nextServerIndex(d, position)) {
      diagnose(d, 'index_out_of_range', `Item added at output_index ${requested} but only ${plural(position, 'item exists', 'items exist')}; appended it at ${position}`, requested);
    }
    mapIndex(d, requested, position);
  }
  if (d.outputOwned) {
    d.output.push(item);
  } else {
    // One copy, into an array of the new length (a copy and then a push would copy again to grow it).
    const from = d.output;
    d.output = from.concat([item]);
    d.outputOwned = true;
    d.owner?.copied(from, d.output);
  }
  d.owner?.write(position, undefined, item);
  if (hasText(item)) d.textDirty = true;
  return position;
}

/**
 * Notes an item whose `id`, or whose `call_id` within its type, another item (any but the one
 * at `skip`) already has: later events addressed by id, and tool results by call id, could go
 * to either.
 */
function checkIdentity(d: Draft, item: Item, skip: number, outputIndex: number | undefined): void {
  const id = typeof item.id === 'string' && item.id !== '' ? item.id : undefined;
  const callId = typeof item.call_id === 'string' && item.call_id !== '' ? item.call_id : undefined;
  if (id === undefined && callId === undefined) return;
  // An owner counts ids: only a likely repeat is looked for, not every item per new item.
  if (d.owner !== undefined && d.owner.describes(d.output) && !d.owner.mayRepeat(item, skip < 0 ? undefined : d.output[skip])) return;
  for (let i = 0; i < d.output.length; i++) {
    const other = d.output[i] as Item;
    if (i === skip || other === undefined) continue;
    if (id !== undefined && other.id === id) {
      diagnose(d, 'duplicate_item_id', `Item ${id} (${String(item.type)}) has the same id as the ${String(other.type)} at ${i}`, outputIndex);
    }
    if (callId !== undefined && other.call_id === callId && other.type === item.type) {
      diagnose(d, 'duplicate_call_id', `The ${String(item.type)} ${id ?? ''} has the same call_id ${callId} as the one at ${i}`, outputIndex);
    }
  }
}

function itemAdded(d: Draft): void {
  const item = d.ev.item;
  if (!isItem(item)) {
    diagnose(d, 'unknown_item', 'output_item.added carried no item; ignored');
    return;
  }
  placeItem(d, item, outputIndexOf(d));
}

function itemDone(d: Draft): void {
  const item = d.ev.item;
  if (!isItem(item)) {
    diagnose(d, 'unknown_item', 'output_item.done carried no item; ignored');
    return;
  }
  const requested = outputIndexOf(d);
  let index = requested === undefined ? -1 : (positionOf(d, requested) ?? -1);
  const byId = typeof item.id === 'string' && item.id !== '' ? findById(d.output, item.id) : -1;
  if (index < 0 || (byId >= 0 && byId !== index && d.output[index]?.type !== item.type)) index = byId;
  if (index >= 0 && requested !== undefined && positionOf(d, requested) === undefined) {
    diagnose(d, 'index_out_of_range', `output_item.done at output_index ${requested}, which holds no item; matched item ${String(item.id)} at ${index}`, requested);
  }
  if (index < 0) {
    diagnose(d, 'unknown_item', `output_item.done for an item that was never added (${String(item.type)}); added it`, requested);
    const placed = placeItem(d, item, requested);
    if (d.owner !== undefined) d.owner.finished = placed;
    return;
  }
  if (d.owner !== undefined) d.owner.finished = index;
  const existing = d.output[index];
  if (existing !== undefined) {
    if (typeof existing.id === 'string' && existing.id !== '' && typeof item.id === 'string' && item.id !== existing.id) {
      diagnose(d, 'item_id_changed', `Item at output_index ${index} changed id from ${existing.id} to ${item.id}`, index);
    }
    if (typeof existing.call_id === 'string' && existing.call_id !== '' && typeof item.call_id === 'string' && item.call_id !== existing.call_id) {
      diagnose(d, 'call_id_changed', `Item at output_index ${index} changed call_id from ${existing.call_id} to ${item.call_id}`, index);
    }
    if (existing.id !== item.id || existing.call_id !== item.call_id) checkIdentity(d, item, index, index);
    // A finished item equal to what was streamed keeps the streamed object (identity = no change).
    if (deepEqual(existing, item)) return;
    compareDoneItem(d, index, existing, item);
    // Only a change of this item's own text changes the running text: recomputing it from
    // every item on each finished message made a response of many messages quadratic.
    if ((existing.type === 'message' || item.type === 'message') && !d.textDirty && itemText(existing) !== itemText(item)) d.textDirty = true;
  }
  setItem(d, index, item);
}

/** Notes where the finished item's streamed fields differ from what the deltas built. */
function compareDoneItem(d: Draft, index: number, before: Item, after: Item): void {
  if (before.type !== after.type) {
    diagnose(d, 'item_type_mismatch', `Item at output_index ${index} was ${String(before.type)} and finished as ${String(after.type)}`, index);
    return;
  }
  for (const field of ['arguments', 'input', 'code'] as const) {
    const a = before[field];
    const b = after[field];
    if (typeof a === 'string' && a !== '' && typeof b === 'string' && a !== b) {
      diagnose(d, 'done_mismatch', `output_item.done ${field} differs from the streamed value (${a.length} vs ${b.length} chars); kept the done value`, index);
    }
  }
  for (const key of ['content', 'summary'] as const) {
    const partsBefore = before[key];
    const partsAfter = after[key];
    if (!Array.isArray(partsBefore) || !Array.isArray(partsAfter)) continue;
    partsBefore.forEach((part: Part | undefined, k) => {
      const a = streamedText(part);
      const b = streamedText(partsAfter[k] as Part | undefined);
      if (a !== undefined && a !== '' && b !== undefined && a !== b) {
        diagnose(d, 'done_mismatch', `output_item.done ${key}[${k}] text differs from the streamed text (${a.length} vs ${b.length} chars); kept the done value`, index);
      }
    });
  }
}

function streamedText(part: Part | undefined): string | undefined {
  if (part === undefined || part === null) return undefined;
  const value = part.type === 'refusal' ? part.refusal : part.text;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Finds the item an event addresses: by `output_index` (the server's key), else by `item_id`,
 * else the last item of the right type. Creates a placeholder when nothing fits, and returns
 * -1 when the addressed item has a type the event cannot apply to.
 */
function locateItem(d: Draft, family: ItemFamily): number {
  const oi = outputIndexOf(d);
  const id = itemIdOf(d);
  if (oi === undefined) {
    diagnoseOnce(d, 'missing_output_index', undefined, `${d.ev.type} and later item events carry no output_index; items are found by item_id`);
  }
  const atIndex = oi === undefined ? undefined : positionOf(d, oi);
  let index = -1;
  if (atIndex !== undefined) {
    index = atIndex;
    const found = d.output[atIndex] as Item;
    if (!family.accepts.has(String(found.type))) {
      const byId = id === undefined ? -1 : findById(d.output, id);
      if (byId >= 0 && family.accepts.has(String(d.output[byId]?.type))) {
        index = byId;
      } else if (byId < 0 && id !== undefined && typeof found.id === 'string' && found.id !== '' && found.id !== id) {
        index = -1; // another item entirely: fall through and create the one this event implies
      } else {
        diagnose(d, 'item_type_mismatch', `${d.ev.type} addressed ${withType(found.type)} item at output_index ${oi}; ignored`, oi);
        return -1;
      }
    }
  } else if (id !== undefined) {
    index = findById(d.output, id);
    if (index >= 0 && !family.accepts.has(String(d.output[index]?.type))) {
      diagnose(d, 'item_type_mismatch', `${d.ev.type} addressed item ${id}, ${withType(d.output[index]?.type)}; ignored`, index);
      return -1;
    }
    if (index < 0 && oi === undefined) {
      // No index and an id never seen: some servers rotate item ids on every event. If the
      // newest item is of this family and still open, this is most likely that item again.
      const last = d.output[d.output.length - 1];
      if (last !== undefined && family.accepts.has(String(last.type)) && !FINISHED.has(String(last.status))) index = d.output.length - 1;
    }
  } else if (oi === undefined) {
    for (let i = d.output.length - 1; i >= 0; i--) {
      if (family.accepts.has(String(d.output[i]?.type))) {
        index = i;
        break;
      }
    }
  }
  if (index >= 0 && oi !== undefined && atIndex === undefined) {
    diagnose(d, 'index_out_of_range', `${d.ev.type} at output_index ${oi}, which holds no item; applied it to item ${String(id)} at ${index}`, oi);
  }
  if (index < 0) {
    const placeholder = family.make(id);
    const where = id !== undefined ? `item ${id}` : oi !== undefined ? `output_index ${oi}` : 'an unnamed item';
    diagnose(d, 'unknown_item', `${d.ev.type} for ${where}, which was never added; created ${withType(placeholder.type)} item`, oi);
    return placeItem(d, placeholder, atIndex === undefined ? oi : undefined);
  }
  const item = d.output[index] as Item;
  if (id !== undefined && typeof item.id === 'string' && item.id !== '' && item.id !== id) {
    const other = findById(d.output, id);
    if (other >= 0) {
      // The id is another item's: renaming would make two items with one id.
      diagnose(d, 'item_id_mismatch', `${d.ev.type} at output_index ${String(oi)} names item ${id}, which is the item at ${other}; applied it to ${item.id} at ${index}`, index);
    } else {
      diagnose(d, 'item_id_changed', `Item at output_index ${index} changed id from ${item.id} to ${id}`, index);
      setItem(d, index, withField(item, 'id', id));
    }
  }
  return index;
}

function itemDelta(d: Draft, family: ItemFamily, field: string): void {
  const index = locateItem(d, family);
  if (index < 0) return;
  const delta = d.ev.delta;
  if (typeof delta !== 'string' || delta === '') return;
  const item = d.output[index] as Item;
  const current = item[field];
  setItem(d, index, withField(item, field, appendText(d.eventNumber, typeof current === 'string' ? current : '', delta)));
}

function itemDone_field(d: Draft, family: ItemFamily, field: string, value: unknown): void {
  const index = locateItem(d, family);
  if (index < 0 || typeof value !== 'string') return;
  const item = d.output[index] as Item;
  const current = typeof item[field] === 'string' ? (item[field] as string) : '';
  if (current === value) return;
  diagnose(
    d,
    'done_mismatch',
    current === ''
      ? `${d.ev.type} delivered ${field} that no delta streamed (${value.length} chars)`
      : `${d.ev.type} ${field} differs from the streamed deltas (${current.length} vs ${value.length} chars); kept the done value`,
    index,
  );
  setItem(d, index, withField(item, field, value));
}

function itemStatus(d: Draft, family: ItemFamily, status: string): void {
  const index = locateItem(d, family);
  if (index < 0) return;
  const item = d.output[index] as Item;
  if (item.status !== status) setItem(d, index, withField(item, 'status', status));
}

function partialImage(d: Draft): void {
  const index = locateItem(d, IMAGE_GENERATION);
  if (index < 0 || typeof d.ev.partial_image_b64 !== 'string') return;
  const images = new Map(d.partialImages);
  // Stored, never used as a position; still only a real index is kept.
  images.set(index, { b64: d.ev.partial_image_b64, index: readIndex(d, 'partial_image_index') ?? 0 });
  d.partialImages = images;
}

// ---------------------------------------------------------------------------------------------
// Parts: message content, reasoning content and reasoning summaries

type PartsKey = 'content' | 'summary';

function partIndexOf(d: Draft, indexKey: string): number | undefined {
  return readIndex(d, indexKey);
}

/**
 * Finds the part an event addresses inside item `index`, creating a skeleton part when it is
 * missing. Returns -1 when the part there has another type.
 */
function locatePart(d: Draft, index: number, key: PartsKey, indexKey: string, partType: string): number {
  const item = d.output[index] as Item;
  const parts = Array.isArray(item[key]) ? (item[key] as Part[]) : [];
  const requested = partIndexOf(d, indexKey);
  let k = -1;
  if (requested !== undefined && requested < parts.length && parts[requested] != null) {
    k = requested;
  } else if (requested === undefined) {
    for (let i = parts.length - 1; i >= 0; i--) {
      if (parts[i]?.type === partType) {
        k = i;
        break;
      }
    }
  }
  if (k < 0) {
    // Never by the requested index: a part past the end goes to the next free slot.
    const at = parts.length;
    setItem(d, index, withField(item, key, [...parts, makePart(partType)]));
    if (requested !== undefined && requested > at) {
      diagnose(d, 'index_out_of_range', `${d.ev.type} for ${key}[${requested}] of item ${index}, but only ${plural(at, 'part exists', 'parts exist')}; created ${withArticle(partType)} part at ${at}`, index);
    } else {
      diagnose(d, 'unknown_item', `${d.ev.type} for ${key}[${requested ?? at}] of item ${index}, which was never added; created ${withArticle(partType)} part at ${at}`, index);
    }
    return at;
  }
  if (parts[k]?.type !== partType) {
    diagnose(d, 'item_type_mismatch', `${d.ev.type} addressed ${withType(parts[k]?.type)} part at ${key}[${k}] of item ${index}; ignored`, index);
    return -1;
  }
  return k;
}

function setPart(d: Draft, index: number, key: PartsKey, k: number, part: Part): void {
  const item = d.output[index] as Item;
  const parts = (Array.isArray(item[key]) ? (item[key] as Part[]) : []).slice();
  parts[k] = part;
  setItem(d, index, withField(item, key, parts));
}

function isTextTail(d: Draft, index: number, k: number): boolean {
  if (index !== d.output.length - 1) return false;
  const content = (d.output[index] as Item).content;
  return Array.isArray(content) && k === content.length - 1;
}

function partDelta(d: Draft, family: ItemFamily, key: PartsKey, indexKey: string, partType: string, field: string): void {
  const index = locateItem(d, family);
  if (index < 0) return;
  const k = locatePart(d, index, key, indexKey, partType);
  if (k < 0) return;
  const delta = d.ev.delta;
  if (typeof delta !== 'string' || delta === '') return;
  const part = ((d.output[index] as Item)[key] as Part[])[k] as Part;
  const current = part[field];
  setPart(d, index, key, k, withField(part, field, appendText(d.eventNumber, typeof current === 'string' ? current : '', delta)));
  if (partType === 'output_text' && !d.textDirty) {
    if (isTextTail(d, index, k)) d.outputText = appendText(d.eventNumber, d.outputText, delta);
    else d.textDirty = true;
  }
}

function partDone(d: Draft, family: ItemFamily, key: PartsKey, indexKey: string, partType: string, field: string, value: unknown): void {
  const index = locateItem(d, family);
  if (index < 0) return;
  const k = locatePart(d, index, key, indexKey, partType);
  if (k < 0 || typeof value !== 'string') return;
  const part = ((d.output[index] as Item)[key] as Part[])[k] as Part;
  const current = typeof part[field] === 'string' ? (part[field] as string) : '';
  const logprobs = partType === 'output_text' && Array.isArray(d.ev.logprobs) && d.ev.logprobs.length > 0 ? d.ev.logprobs : undefined;
  if (current === value && logprobs === undefined) return;
  if (current !== value) {
    diagnose(
      d,
      'done_mismatch',
      current === ''
        ? `${d.ev.type} delivered text that no delta streamed (${value.length} chars)`
        : `${d.ev.type} text differs from the streamed deltas (${current.length} vs ${value.length} chars); kept the done value`,
      index,
    );
  }
  setPart(d, index, key, k, { ...part, [field]: value, ...(logprobs === undefined ? {} : { logprobs }) });
  if (partType === 'output_text' && current !== value) d.textDirty = true;
}

function contentPart(d: Draft, done: boolean): void {
  const part = d.ev.part;
  if (!isItem(part)) {
    diagnose(d, 'unknown_item', `${d.ev.type} carried no part; ignored`);
    return;
  }
  const family = part.type === 'reasoning_text' ? REASONING : MESSAGE;
  const index = locateItem(d, family);
  if (index < 0) return;
  placePart(d, index, 'content', 'content_index', part, done);
}

function summaryPart(d: Draft, done: boolean): void {
  const part = d.ev.part;
  if (!isItem(part)) {
    diagnose(d, 'unknown_item', `${d.ev.type} carried no part; ignored`);
    return;
  }
  const index = locateItem(d, REASONING);
  if (index < 0) return;
  placePart(d, index, 'summary', 'summary_index', part, done);
}

/** `*.part.added` stores the skeleton at its index; `*.part.done` replaces it with the final part. */
function placePart(d: Draft, index: number, key: PartsKey, indexKey: string, part: Part, done: boolean): void {
  const item = d.output[index] as Item;
  const parts = Array.isArray(item[key]) ? (item[key] as Part[]) : [];
  let k = partIndexOf(d, indexKey) ?? (done ? parts.length - 1 : parts.length);
  if (k < 0) k = 0;
  if (k > parts.length) {
    diagnose(d, 'index_out_of_range', `${d.ev.type} at ${key}[${k}] but only ${plural(parts.length, 'part exists', 'parts exist')}; appended it at ${parts.length}`, index);
    k = parts.length;
  }
  const existing = parts[k];
  if (done) {
    if (existing === undefined) {
      diagnose(d, 'unknown_item', `${d.ev.type} for ${key}[${k}] of item ${index}, which was never added; added it`, index);
    } else {
      const a = streamedText(existing);
      const b = streamedText(part);
      if (a !== undefined && b !== undefined && a !== b) {
        diagnose(d, 'done_mismatch', `${d.ev.type} text differs from the accumulated text (${a.length} vs ${b.length} chars); kept the done value`, index);
      }
    }
  } else if (existing !== undefined && streamedText(existing) !== '') {
    diagnose(d, 'output_index_conflict', `${d.ev.type} at ${key}[${k}] of item ${index}, which already holds a part; replaced it`, index);
  }
  if (existing === part || (done && existing !== undefined && deepEqual(existing, part))) return;
  const next = parts.slice();
  next[k] = part;
  setItem(d, index, withField(item, key, next));
  if (key === 'content' && item.type === 'message' && (streamedText(existing) ?? '') !== (streamedText(part) ?? '')) d.textDirty = true;
}

function annotationAdded(d: Draft): void {
  const index = locateItem(d, MESSAGE);
  if (index < 0) return;
  const k = locatePart(d, index, 'content', 'content_index', 'output_text');
  if (k < 0) return;
  const part = ((d.output[index] as Item).content as Part[])[k] as Part;
  const annotation = d.ev.annotation;
  const requested = readIndex(d, 'annotation_index');
  if (typeof annotation !== 'object' || annotation === null) {
    diagnose(d, 'unknown_item', `${d.ev.type} carried no annotation (${describeValue(annotation)}); ignored`, index);
    return;
  }
  const annotations = Array.isArray(part.annotations) ? (part.annotations as unknown[]).slice() : [];
  // An index names a slot that exists (a correction replaces it) or the next one; anything
  // past the end is appended, never written at its index (which would allocate up to it).
  let at = requested ?? annotations.length;
  if (at > annotations.length) {
    diagnose(d, 'index_out_of_range', `${d.ev.type} at annotation_index ${at} but only ${plural(annotations.length, 'annotation exists', 'annotations exist')}; appended it at ${annotations.length}`, index);
    at = annotations.length;
  } else if (at < annotations.length) {
    if (deepEqual(annotations[at], annotation)) return;
    diagnose(d, 'output_index_conflict', `${d.ev.type} at annotation_index ${at}, which already holds an annotation; replaced it`, index);
  }
  annotations[at] = annotation;
  setPart(d, index, 'content', k, withField(part, 'annotations', annotations));
}

// ---------------------------------------------------------------------------------------------
// Hosted shell: commands of a shell_call, results of a shell_call_output

/**
 * Where an element addressed by `command_index` goes in a list of `length` entries: the index
 * when it names an entry, or one of up to `fillTo` slots that may be made for it; otherwise the
 * next free slot, with a diagnostic. `fillTo` is a count of things the server actually sent.
 */
function slotFor(d: Draft, requested: number | undefined, length: number, fallback: number, fillTo: number, what: string, index: number): number {
  if (requested === undefined) return fallback;
  if (requested <= length || requested < fillTo) return requested;
  diagnose(d, 'index_out_of_range', `${d.ev.type} at ${what}[${requested}] of item ${index}, but only ${length} exist; used ${length}`, index);
  return length;
}

function shellCommand(d: Draft): void {
  const index = locateItem(d, SHELL_CALL);
  const requested = readIndex(d, 'command_index');
  if (index < 0) return;
  const item = d.output[index] as Item;
  const action = typeof item.action === 'object' && item.action !== null ? (item.action as Record<string, unknown>) : {};
  const commands = Array.isArray(action.commands) ? (action.commands as unknown[]) : [];
  const type = d.ev.type;
  const added = type === 'response.shell_call_command.added';
  const k = slotFor(d, requested, commands.length, added ? commands.length : Math.max(0, commands.length - 1), commands.length, 'action.commands', index);
  const current = typeof commands[k] === 'string' ? (commands[k] as string) : undefined;
  let next: string;
  if (type === 'response.shell_call_command.delta') {
    const delta = d.ev.delta;
    if (typeof delta !== 'string' || delta === '') return;
    if (current === undefined) diagnose(d, 'unknown_item', `${type} for action.commands[${k}] of item ${index}, which was never added; added it`, index);
    next = appendText(d.eventNumber, current ?? '', delta);
  } else {
    const command = d.ev.command;
    if (typeof command !== 'string') {
      diagnose(d, 'unknown_item', `${type} carried no command (${describeValue(command)}); ignored`, index);
      return;
    }
    if (current !== undefined && current !== '' && current !== command) {
      diagnose(d, added ? 'output_index_conflict' : 'done_mismatch', `${type} for action.commands[${k}] differs from what it held (${current.length} vs ${command.length} chars); kept the new value`, index);
    } else if (!added && current === undefined) {
      diagnose(d, 'unknown_item', `${type} for action.commands[${k}] of item ${index}, which was never added; added it`, index);
    }
    if (current === command) return;
    next = command;
  }
  const nextCommands = commands.slice();
  nextCommands[k] = next;
  setItem(d, index, withField(item, 'action', withField(action, 'commands', nextCommands)));
}

/**
 * Shell results made by a `.delta` (a `.done` puts the server's object in their place): the ones
 * still streaming. Keyed by the object, which is never written after it is made, so every
 * snapshot holding it agrees.
 */
const streamingResults = new WeakSet<object>();

function shellOutput(d: Draft): void {
  const index = locateItem(d, SHELL_CALL_OUTPUT);
  const requested = readIndex(d, 'command_index');
  if (index < 0) return;
  const item = d.output[index] as Item;
  const outputs = Array.isArray(item.output) ? (item.output as unknown[]) : [];
  // Results may arrive out of command order: slots up to the matching call's command count may
  // be filled ahead (that many commands were sent), never up to an index alone.
  const commands = commandCountOf(d, item.call_id);
  const done = d.ev.type === 'response.shell_call_output_content.done';
  // Without a command_index, an event belongs to the result deltas are streaming, if the last
  // one is; otherwise it starts the next result.
  const open = streamingResults.has(outputs[outputs.length - 1] as object);
  const k = slotFor(d, requested, outputs.length, open ? outputs.length - 1 : outputs.length, commands, 'output', index);
  let result: Record<string, unknown>;
  const existing = outputs[k];
  const current = typeof existing === 'object' && existing !== null ? (existing as Record<string, unknown>) : undefined;
  if (done) {
    const list = d.ev.output;
    const first: unknown = Array.isArray(list) ? list[0] : undefined;
    if (typeof first !== 'object' || first === null) {
      diagnose(d, 'unknown_item', `${d.ev.type} carried no output; ignored`, index);
      return;
    }
    result = first as Record<string, unknown>;
    // One equal to what was streamed keeps the streamed object, unless only the object can tell
    // that this result is finished (it was found by being the one still streaming).
    if (current !== undefined && deepEqual(current, result) && !(requested === undefined && open)) return;
    for (const stream of ['stdout', 'stderr'] as const) {
      const a = current?.[stream];
      const b = result[stream];
      if (typeof a === 'string' && a !== '' && a !== b) {
        diagnose(d, 'done_mismatch', `${d.ev.type} ${stream} of output[${k}] differs from the streamed deltas; kept the done value`, index);
      }
    }
  } else {
    const delta = d.ev.delta;
    if (typeof delta !== 'object' || delta === null) return;
    const { stdout, stderr } = delta as Record<string, unknown>;
    if ((typeof stdout !== 'string' || stdout === '') && (typeof stderr !== 'string' || stderr === '')) return;
    result = { ...(current ?? makeShellOutput()) };
    if (typeof stdout === 'string' && stdout !== '') result.stdout = appendText(d.eventNumber, typeof result.stdout === 'string' ? result.stdout : '', stdout);
    if (typeof stderr === 'string' && stderr !== '') result.stderr = appendText(d.eventNumber, typeof result.stderr === 'string' ? result.stderr : '', stderr);
    streamingResults.add(result);
  }
  const next = outputs.slice();
  while (next.length < k) next.push(makeShellOutput()); // k < the command count: bounded by what was sent
  next[k] = result;
  setItem(d, index, withField(item, 'output', next));
}

/** How many commands the `shell_call` with this `call_id` holds (0 when there is none). */
function commandCountOf(d: Draft, callId: unknown): number {
  if (typeof callId !== 'string' || callId === '') return 0;
  for (let i = d.output.length - 1; i >= 0; i--) {
    const item = d.output[i] as Item;
    if (item.type !== 'shell_call' || item.call_id !== callId) continue;
    const commands = (item.action as { commands?: unknown } | null | undefined)?.commands;
    return Array.isArray(commands) ? commands.length : 0;
  }
  return 0;
}
