import type {
  ResponseCodeInterpreterToolCall,
  ResponseFunctionShellToolCallOutput,
  ResponseFileSearchToolCall,
  ResponseOutputItem,
  ResponseWebSearchAction,
} from '../events/Response.js';
import type { PartialImage } from '../reduce/ResponseSnapshot.js';
import type { ToolRunView } from './ToolRunView.js';

/**
 * An item's `status` as a server sent it (`in_progress`, `searching`, `interpreting`,
 * `generating`, `calling`, `completed`, `incomplete`, `failed` …). Items that carry no status
 * get `in_progress`, or `completed` once they are done.
 *
 * @example
 * ```ts
 * const spinning = (status: ItemViewStatus) => status !== 'completed' && status !== 'failed';
 * ```
 */
export type ItemViewStatus =
  | 'in_progress'
  | 'searching'
  | 'interpreting'
  | 'generating'
  | 'calling'
  | 'completed'
  | 'incomplete'
  | 'failed'
  // Keeps the literals above in autocompletion while accepting statuses added later.
  | (string & {});

/**
 * What every {@link ItemView} has, whatever its kind.
 *
 * @example
 * ```ts
 * const key = (view: ItemViewBase) => view.id ?? `item-${view.outputIndex}`;
 * ```
 */
export interface ItemViewBase {
  /** The item's `type` as the server sent it (`message`, `function_call`, `shell_call` …). */
  readonly type: string;
  /** The item id, when the server sent one. Ids can change mid-stream on some gateways. */
  readonly id: string | undefined;
  /** Position in `response.output`: a stable key for list rendering within one response. */
  readonly outputIndex: number;
  /** The item's status (see {@link ItemViewStatus}). */
  readonly status: ItemViewStatus;
  /**
   * True once the item is finished: its `output_item.done` arrived, its status is `completed`,
   * `incomplete` or `failed`, or its response ended.
   */
  readonly done: boolean;
  /** The output item itself, immutable and shared with the reducer's snapshot. */
  readonly item: ResponseOutputItem;
}

/**
 * An assistant message: its text so far and any refusal.
 *
 * @example
 * ```ts
 * const bubble = (v: MessageItemView) => (v.refusal !== '' ? `Refused: ${v.refusal}` : v.text);
 * ```
 */
export interface MessageItemView extends ItemViewBase {
  readonly kind: 'message';
  /** The text of every `output_text` part, joined with no separator. */
  readonly text: string;
  /** The text of every `refusal` part, joined; `''` when the model did not refuse. */
  readonly refusal: string;
  /** `commentary` (preamble before tool calls) or `final_answer`, for models that label it. */
  readonly phase: 'commentary' | 'final_answer' | undefined;
}

/**
 * A reasoning item: summary paragraphs and, for servers that expose it, the raw reasoning.
 *
 * @example
 * ```ts
 * const panel = (v: ReasoningItemView) => v.summary.join('\n\n') || v.text;
 * ```
 */
export interface ReasoningItemView extends ItemViewBase {
  readonly kind: 'reasoning';
  /** The summary paragraphs so far (`summary[].text`). */
  readonly summary: readonly string[];
  /** The raw reasoning text so far (`content[].text`, joined); `''` when none was sent. */
  readonly text: string;
}

/**
 * A function call. `arguments` grows while it streams; `parsedArguments` is set once the call
 * is done and its arguments are valid JSON.
 *
 * @example
 * ```ts
 * const line = (v: FunctionCallItemView) => `${v.name}(${v.done ? JSON.stringify(v.parsedArguments) : v.arguments + '…'})`;
 * ```
 */
export interface FunctionCallItemView extends ItemViewBase {
  readonly kind: 'function_call';
  /** The function's name. */
  readonly name: string;
  /** The id to answer with a `function_call_output`. */
  readonly call_id: string;
  /** The arguments (a JSON string), partial while streaming. */
  readonly arguments: string;
  /** The parsed arguments once `done`; `undefined` before, or when they are not valid JSON. */
  readonly parsedArguments: unknown;
  /**
   * The arguments as an object while they stream (parsed incrementally; unchanged parts stay
   * `===` between views), then the parsed arguments once `done`.
   */
  readonly partialArguments: unknown;
  /** Why the finished arguments could not be parsed, if they could not. */
  readonly parseError: SyntaxError | undefined;
  /**
   * What the tool loop did with this call, when the events come from `client.responses.run()`
   * or `runTools()`: `running`, then `done` with the result or `failed` (see
   * {@link ToolRunView}). `undefined` for a call no tool loop has run.
   */
  readonly tool: ToolRunView | undefined;
}

/**
 * A call to a custom (free-form input) tool.
 *
 * @example
 * ```ts
 * const line = (v: CustomToolCallItemView) => `${v.name}: ${v.input}`;
 * ```
 */
export interface CustomToolCallItemView extends ItemViewBase {
  readonly kind: 'custom_tool_call';
  readonly name: string;
  readonly call_id: string;
  /** The tool input so far. */
  readonly input: string;
}

/**
 * A hosted web search.
 *
 * @example
 * ```ts
 * const label = (v: WebSearchCallItemView) => (v.done ? 'Searched' : 'Searching') + (v.query ? `: ${v.query}` : '');
 * ```
 */
export interface WebSearchCallItemView extends ItemViewBase {
  readonly kind: 'web_search_call';
  /** The search query, once the server reports it (`action.query`). */
  readonly query: string | undefined;
  /** What the search did (search, open page, find in page), once reported. */
  readonly action: ResponseWebSearchAction | undefined;
}

/**
 * A hosted file search.
 *
 * @example
 * ```ts
 * const label = (v: FileSearchCallItemView) => `Searching files for ${v.queries.join(', ')}`;
 * ```
 */
export interface FileSearchCallItemView extends ItemViewBase {
  readonly kind: 'file_search_call';
  /** The queries the model ran. */
  readonly queries: readonly string[];
  /** The results, when the request asked for them to be included. */
  readonly results: ResponseFileSearchToolCall['results'];
}

/**
 * A hosted code interpreter run: the code (streamed) and its outputs.
 *
 * @example
 * ```ts
 * const block = (v: CodeInterpreterCallItemView) => '```python\n' + v.code + '\n```';
 * ```
 */
export interface CodeInterpreterCallItemView extends ItemViewBase {
  readonly kind: 'code_interpreter_call';
  /** The code so far; `''` before any arrived. */
  readonly code: string;
  /** Logs and images, when the request asked for them to be included. */
  readonly outputs: ResponseCodeInterpreterToolCall['outputs'];
}

/**
 * A hosted image generation: the latest preview while it runs, the image once done.
 *
 * @example
 * ```ts
 * const src = (v: ImageGenerationCallItemView) => {
 *   const b64 = v.result ?? v.partialImage?.b64;
 *   return b64 === undefined ? undefined : `data:image/png;base64,${b64}`;
 * };
 * ```
 */
export interface ImageGenerationCallItemView extends ItemViewBase {
  readonly kind: 'image_generation_call';
  /** The latest preview (`image_generation_call.partial_image`), if any arrived. */
  readonly partialImage: PartialImage | undefined;
  /** The final image, base64-encoded, once the server sent it. */
  readonly result: string | undefined;
}

/**
 * A call to a tool on a remote MCP server.
 *
 * @example
 * ```ts
 * const line = (v: McpCallItemView) => `${v.server_label}.${v.name} → ${v.error ?? v.output ?? '…'}`;
 * ```
 */
export interface McpCallItemView extends ItemViewBase {
  readonly kind: 'mcp_call';
  readonly server_label: string;
  readonly name: string;
  /** The arguments (a JSON string), partial while streaming. */
  readonly arguments: string;
  /** The tool's output, once it returned. */
  readonly output: string | undefined;
  /** The tool's error, if it failed. */
  readonly error: string | undefined;
}

/**
 * A hosted shell call: the commands the model wrote, growing while they stream.
 *
 * @example
 * ```ts
 * const script = (v: ShellCallItemView) => v.commands.map((c) => `$ ${c}`).join('\n');
 * ```
 */
export interface ShellCallItemView extends ItemViewBase {
  readonly kind: 'shell_call';
  /** The id its `shell_call_output` answers. */
  readonly call_id: string;
  /** `action.commands` so far, in command order. */
  readonly commands: readonly string[];
}

/**
 * The results of a hosted shell call, one per command (`output[command_index]`), growing
 * while they stream. A slot whose result has not arrived yet (results can come out of command
 * order) has empty `stdout`/`stderr`.
 *
 * @example
 * ```ts
 * const log = (v: ShellCallOutputItemView) => v.output.map((o) => o.stdout + o.stderr).join('');
 * ```
 */
export interface ShellCallOutputItemView extends ItemViewBase {
  readonly kind: 'shell_call_output';
  /** The `call_id` of the shell call this answers. */
  readonly call_id: string;
  /** One result per command so far. */
  readonly output: ResponseFunctionShellToolCallOutput['output'];
}

/**
 * Any other item (local shell and apply-patch calls, MCP tool lists and approval requests, tool
 * outputs, items this library does not know yet …): read `type` and `item`.
 *
 * @example
 * ```ts
 * const label = (v: OtherItemView) => `${v.type} (${v.status})`;
 * ```
 */
export interface OtherItemView extends ItemViewBase {
  readonly kind: 'other';
}

/**
 * One output item, shaped for rendering: a union discriminated by `kind`. Views are
 * immutable, and a view is the same object from one state to the next until its item changes,
 * so a list row can skip re-rendering by comparing views with `===`.
 *
 * @example
 * ```ts
 * function render(view: ItemView): string {
 *   switch (view.kind) {
 *     case 'message': return view.text;
 *     case 'function_call': return `${view.name}(${view.arguments})`;
 *     default: return view.type;
 *   }
 * }
 * ```
 */
export type ItemView =
  | MessageItemView
  | ReasoningItemView
  | FunctionCallItemView
  | CustomToolCallItemView
  | WebSearchCallItemView
  | FileSearchCallItemView
  | CodeInterpreterCallItemView
  | ImageGenerationCallItemView
  | McpCallItemView
  | ShellCallItemView
  | ShellCallOutputItemView
  | OtherItemView;

/**
 * The views that are tool calls: every kind but `message`, `reasoning` and `shell_call_output`,
 * and the `other` items whose type ends in `_call` (local shell, apply-patch, computer, tool search …).
 *
 * @example
 * ```ts
 * const running = (calls: readonly ToolCallItemView[]) => calls.filter((c) => !c.done).length;
 * ```
 */
export type ToolCallItemView = Exclude<ItemView, MessageItemView | ReasoningItemView | ShellCallOutputItemView>;
