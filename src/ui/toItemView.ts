import { partialArguments } from './partialArguments.js';
import type { ResponseOutputItem, ResponseWebSearchAction } from '../events/Response.js';
import type { PartialImage } from '../reduce/ResponseSnapshot.js';
import type { CodeInterpreterCallItemView, FileSearchCallItemView, ItemView, ShellCallOutputItemView } from './ItemView.js';

/** Item statuses after which nothing more happens to the item. */
const FINISHED: ReadonlySet<string> = new Set(['completed', 'incomplete', 'failed']);

/**
 * What {@link toItemView} needs besides the item.
 *
 * @example
 * ```ts
 * const context: ItemViewContext = { done: snapshot.phase !== 'streaming', partialImage: snapshot.partialImages.get(0) };
 * ```
 */
export interface ItemViewContext {
  /** True when the item is known to be finished (its `output_item.done` arrived, or its response ended). */
  readonly done: boolean;
  /** The latest preview of an image generation item (`snapshot.partialImages.get(outputIndex)`). */
  readonly partialImage?: PartialImage | undefined;
}

/**
 * Shapes one output item for rendering (see {@link ItemView}). Pure, and tolerant of the
 * fields real servers leave out or mistype. A finished status (`completed`, `incomplete`,
 * `failed`) counts as done even when `context.done` is false. Function call arguments are
 * parsed only once the call is done. `responseState()` calls this for every item that changed;
 * call it yourself to render items of a snapshot or a final response.
 *
 * @example
 * ```ts
 * const views = response.output.map((item, i) => toItemView(item, i, { done: true }));
 * ```
 */
export function toItemView(item: ResponseOutputItem, outputIndex: number, context: ItemViewContext): ItemView {
  const raw = item as Readonly<Record<string, unknown>>;
  const itemStatus = stringOf(raw.status);
  const done = context.done || (itemStatus !== undefined && FINISHED.has(itemStatus));
  const type = typeof raw.type === 'string' ? raw.type : 'unknown';
  // Literals with every field spelled out (no spreads): this runs for every delta of every item.
  const id = nonEmpty(raw.id);
  const status = itemStatus ?? (done ? 'completed' : 'in_progress');
  switch (type) {
    case 'message': {
      const phase = raw.phase === 'commentary' || raw.phase === 'final_answer' ? raw.phase : undefined;
      const text = joinParts(raw.content, 'output_text', 'text');
      const refusal = joinParts(raw.content, 'refusal', 'refusal');
      return Object.freeze({ kind: 'message', type, id, outputIndex, status, done, item, text, refusal, phase });
    }
    case 'reasoning': {
      const summary = Object.freeze(texts(raw.summary));
      const text = texts(raw.content).join('');
      return Object.freeze({ kind: 'reasoning', type, id, outputIndex, status, done, item, summary, text });
    }
    case 'function_call': {
      const args = stringOf(raw.arguments) ?? '';
      const { value, error } = done ? parseArguments(args) : NOT_PARSED;
      const name = stringOf(raw.name) ?? '';
      const callId = stringOf(raw.call_id) ?? '';
      const partial = done && error === undefined ? value : partialArguments(callId, args);
      return Object.freeze({ kind: 'function_call', type, id, outputIndex, status, done, item, name, call_id: callId, arguments: args, parsedArguments: value, partialArguments: partial, parseError: error, tool: undefined });
    }
    case 'custom_tool_call': {
      const name = stringOf(raw.name) ?? '';
      const callId = stringOf(raw.call_id) ?? '';
      const input = stringOf(raw.input) ?? '';
      return Object.freeze({ kind: 'custom_tool_call', type, id, outputIndex, status, done, item, name, call_id: callId, input });
    }
    case 'web_search_call': {
      const action = typeof raw.action === 'object' && raw.action !== null ? (raw.action as ResponseWebSearchAction) : undefined;
      const query = stringOf((action as { query?: unknown } | undefined)?.query);
      return Object.freeze({ kind: 'web_search_call', type, id, outputIndex, status, done, item, query, action });
    }
    case 'file_search_call': {
      const queries = Object.freeze(Array.isArray(raw.queries) ? raw.queries.filter((q): q is string => typeof q === 'string') : []);
      const results = (raw.results ?? null) as FileSearchCallItemView['results'];
      return Object.freeze({ kind: 'file_search_call', type, id, outputIndex, status, done, item, queries, results });
    }
    case 'code_interpreter_call': {
      const code = stringOf(raw.code) ?? '';
      const outputs = (raw.outputs ?? null) as CodeInterpreterCallItemView['outputs'];
      return Object.freeze({ kind: 'code_interpreter_call', type, id, outputIndex, status, done, item, code, outputs });
    }
    case 'image_generation_call': {
      const result = nonEmpty(raw.result);
      return Object.freeze({ kind: 'image_generation_call', type, id, outputIndex, status, done, item, partialImage: context.partialImage, result });
    }
    case 'mcp_call': {
      const serverLabel = stringOf(raw.server_label) ?? '';
      const name = stringOf(raw.name) ?? '';
      const args = stringOf(raw.arguments) ?? '';
      const output = stringOf(raw.output);
      const error = stringOf(raw.error);
      return Object.freeze({ kind: 'mcp_call', type, id, outputIndex, status, done, item, server_label: serverLabel, name, arguments: args, output, error });
    }
    case 'shell_call': {
      const callId = stringOf(raw.call_id) ?? '';
      const commands = (raw.action as { commands?: unknown } | null | undefined)?.commands;
      const list = Object.freeze(Array.isArray(commands) ? commands.map((c: unknown) => (typeof c === 'string' ? c : '')) : []);
      return Object.freeze({ kind: 'shell_call', type, id, outputIndex, status, done, item, call_id: callId, commands: list });
    }
    case 'shell_call_output': {
      const callId = stringOf(raw.call_id) ?? '';
      const output = Object.freeze(Array.isArray(raw.output) ? raw.output.filter((o: unknown) => typeof o === 'object' && o !== null) : []) as ShellCallOutputItemView['output'];
      return Object.freeze({ kind: 'shell_call_output', type, id, outputIndex, status, done, item, call_id: callId, output });
    }
    default:
      return Object.freeze({ kind: 'other', type, id, outputIndex, status, done, item });
  }
}

const NOT_PARSED = { value: undefined, error: undefined } as const;

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function texts(parts: unknown): string[] {
  if (!Array.isArray(parts)) return [];
  return parts.map((part: { text?: unknown } | null | undefined) => (typeof part?.text === 'string' ? part.text : ''));
}

function joinParts(parts: unknown, partType: string, field: string): string {
  if (!Array.isArray(parts)) return '';
  let text = '';
  for (const part of parts as Array<Record<string, unknown> | null | undefined>) {
    if (part?.type === partType && typeof part[field] === 'string') text += part[field];
  }
  return text;
}

function parseArguments(args: string): { value: unknown; error: SyntaxError | undefined } {
  try {
    return { value: JSON.parse(args === '' ? '{}' : args), error: undefined };
  } catch (err) {
    return { value: undefined, error: err instanceof SyntaxError ? err : new SyntaxError(String(err)) };
  }
}
