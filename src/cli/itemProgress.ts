import { Observable, type OperatorFunction, filter, mergeMap } from 'rxjs';
import { type ItemLifecycle, type ResponseOutputItem, type ResponseStreamEvent, itemLifecycles } from '../index.js';

/**
 * The state of one reasoning or tool item (a function call, a web search, a code interpreter
 * run, …) as the `stream` status line shows it.
 *
 * @example
 * ```ts
 * const progress: ItemProgress = {
 *   responseIndex: 0, outputIndex: 1, kind: 'tool', label: 'function call weather',
 *   detail: '{"city":"Paris"}', size: 16, done: true, failed: false,
 * };
 * ```
 */
export interface ItemProgress {
  /** 0-based position of the response within the stream. */
  readonly responseIndex: number;
  /** The item's `output_index`. */
  readonly outputIndex: number;
  readonly kind: 'reasoning' | 'tool';
  /** What the item is, in words: `reasoning`, `function call weather`, `web search`, `MCP call dmcp web_search_exa`. */
  readonly label: string;
  /**
   * What it works on so far: the latest summary paragraph (reasoning), the arguments, the
   * query, the code, the command; or `''`.
   */
  readonly detail: string;
  /** Characters produced so far: the whole summary and reasoning text, or the length of `detail`. */
  readonly size: number;
  /** True once the item finished (its `output_item.done`, or the end of the response). */
  readonly done: boolean;
  /** True when the item finished with status `failed` or `incomplete`. */
  readonly failed: boolean;
}

/**
 * Emits an {@link ItemProgress} whenever an output item other than a message changes, and once
 * more when it finishes. Built on `itemLifecycles()`, whose item streams end at each item's
 * `output_item.done`, so a finished item is reported at once even when that event changed
 * nothing in it.
 *
 * @example
 * ```ts
 * events.pipe(itemProgress()).subscribe((progress) => status.item(progress));
 * ```
 */
export function itemProgress(): OperatorFunction<ResponseStreamEvent, ItemProgress> {
  return (source) =>
    source.pipe(
      itemLifecycles(),
      filter((item) => item.type !== 'message'),
      mergeMap(
        (item) =>
          new Observable<ItemProgress>((subscriber) => {
            let latest: ResponseOutputItem | undefined;
            return item.states.subscribe({
              next(state) {
                latest = state;
                subscriber.next(describe(item, state, false));
              },
              error: (error: unknown) => subscriber.error(error),
              complete() {
                if (latest !== undefined) subscriber.next(describe(item, latest, true));
                subscriber.complete();
              },
            });
          }),
      ),
    );
}

function describe(lifecycle: ItemLifecycle, state: ResponseOutputItem, done: boolean): ItemProgress {
  const item = state as unknown as Record<string, unknown>;
  const status = text(item.status);
  const type = text(item.type) ?? lifecycle.type;
  const base = { responseIndex: lifecycle.responseIndex, outputIndex: lifecycle.outputIndex, done, failed: done && (status === 'failed' || status === 'incomplete') };
  if (type === 'reasoning') {
    const summary = texts(item.summary);
    const content = texts(item.content).join('');
    return { ...base, kind: 'reasoning', label: 'reasoning', detail: `${summary.at(-1) ?? ''}${content}`, size: summary.join('\n\n').length + content.length };
  }
  const { label, detail } = describeTool(type, item);
  return { ...base, kind: 'tool', label, detail, size: detail.length };
}

function describeTool(type: string, item: Record<string, unknown>): { label: string; detail: string } {
  const action = record(item.action);
  const name = text(item.name);
  const named = (what: string): string => (name === undefined ? what : `${what} ${name}`);
  switch (type) {
    case 'function_call':
      return { label: named('function call'), detail: text(item.arguments) ?? '' };
    case 'custom_tool_call':
      return { label: named('tool call'), detail: text(item.input) ?? '' };
    case 'web_search_call':
      return { label: 'web search', detail: text(action?.query) ?? list(action?.queries) ?? text(action?.url) ?? '' };
    case 'file_search_call':
      return { label: 'file search', detail: list(item.queries) ?? '' };
    case 'code_interpreter_call':
      return { label: 'code interpreter', detail: text(item.code) ?? '' };
    case 'image_generation_call':
      return { label: 'image generation', detail: text(item.revised_prompt) ?? '' };
    case 'mcp_call':
    case 'mcp_approval_request': {
      const server = text(item.server_label);
      const what = type === 'mcp_call' ? 'MCP call' : 'MCP approval request';
      return { label: named(server === undefined ? what : `${what} ${server}`), detail: text(item.arguments) ?? '' };
    }
    case 'mcp_list_tools': {
      const server = text(item.server_label);
      return { label: server === undefined ? 'MCP list tools' : `MCP list tools ${server}`, detail: '' };
    }
    case 'local_shell_call':
      return { label: 'shell', detail: list(action?.command, ' ') ?? '' };
    case 'shell_call':
      return { label: 'shell', detail: list(action?.commands, '; ') ?? '' };
    case 'apply_patch_call':
      return { label: 'apply patch', detail: text(record(item.operation)?.path) ?? '' };
    default:
      // Items this CLI does not know yet still show up, under their own type.
      return { label: named(type.replace(/_call$/, '').replace(/_/g, ' ')), detail: text(item.arguments) ?? '' };
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The `text` of each part of a reasoning item's `summary` or `content`. */
function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.map((part) => text(record(part)?.text) ?? '') : [];
}

function list(value: unknown, separator = ', '): string | undefined {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? value.join(separator) : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
