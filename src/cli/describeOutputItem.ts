import type { ResponseOutputItem } from '../index.js';

/**
 * An output item in words, as the CLI shows it: what it is (`function call get_weather`,
 * `web search`, `MCP call dmcp web_search_exa`, `reasoning`, `message`) and what it works on.
 *
 * @example
 * ```ts
 * const { label, detail } = describeOutputItem(item); // 'function call weather', '{"city":"Paris"}'
 * ```
 */
export interface OutputItemDescription {
  /** The item's `type`. */
  readonly type: string;
  /** The item's `status`, or `null` when it has none. */
  readonly status: string | null;
  readonly label: string;
  /**
   * What it works on: the arguments, the query, the code, the command, the path, the revised
   * prompt; for reasoning, the summary paragraphs joined by a blank line; `''` when there is none.
   */
  readonly detail: string;
  /** Reasoning only: the text of each summary part (`[]` for other items). */
  readonly summary: readonly string[];
  /** Reasoning only: the text of each content part (reasoning text some servers send in clear). */
  readonly content: readonly string[];
  /** Reasoning only: whether the item carries `encrypted_content`. */
  readonly encrypted: boolean;
}

/**
 * Describes one output item for the `stream` status line and the `inspect` report. Items this
 * CLI does not know yet are described by their own type (`foo_call` becomes `foo`).
 *
 * @example
 * ```ts
 * describeOutputItem({ type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'rxjs' } }).label; // 'web search'
 * ```
 */
export function describeOutputItem(state: ResponseOutputItem, fallbackType = 'item'): OutputItemDescription {
  const item = state as unknown as Record<string, unknown>;
  const type = text(item.type) ?? fallbackType;
  const status = text(item.status) ?? null;
  if (type === 'reasoning') {
    const summary = texts(item.summary);
    const content = texts(item.content);
    const encrypted = typeof item.encrypted_content === 'string' && item.encrypted_content !== '';
    return { type, status, label: 'reasoning', detail: summary.join('\n\n'), summary, content, encrypted };
  }
  const { label, detail } = type === 'message' ? { label: 'message', detail: '' } : describeTool(type, item);
  return { type, status, label, detail, summary: [], content: [], encrypted: false };
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
      const tools = Array.isArray(item.tools) ? item.tools.map((tool) => text(record(tool)?.name)).filter((n) => n !== undefined) : [];
      return { label: server === undefined ? 'MCP list tools' : `MCP list tools ${server}`, detail: tools.join(', ') };
    }
    case 'local_shell_call':
      return { label: 'shell', detail: list(action?.command, ' ') ?? '' };
    case 'shell_call':
      return { label: 'shell', detail: list(action?.commands, '; ') ?? '' };
    case 'apply_patch_call':
      return { label: 'apply patch', detail: text(record(item.operation)?.path) ?? '' };
    default:
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
