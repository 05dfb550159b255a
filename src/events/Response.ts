/*
 * The response object and everything it contains: output items, content parts, annotations,
 * usage and errors.
 *
 * These types describe what arrives on the wire, not what the API promises: servers that speak
 * the protocol (Azure, xAI, LM Studio, proxies) leave fields out, so anything such a server was
 * seen to omit is optional here even where openai-node requires it. Every openai-node value of
 * the same name is assignable to these types (checked in `test/events/openaiCompat.test-d.ts`);
 * the reverse does not hold.
 */

/**
 * Where a response stands. `cancelled` has no stream event of its own: it only shows up when
 * the response is fetched again after a cancel.
 *
 * @example
 * ```ts
 * const done = (s: ResponseStatus | undefined) => s === 'completed' || s === 'incomplete' || s === 'failed';
 * ```
 */
export type ResponseStatus = 'queued' | 'in_progress' | 'completed' | 'incomplete' | 'failed' | 'cancelled';

/**
 * The `code` of a failed response's error. The named values are the documented ones; the list
 * grows over time, so any string is accepted (and still autocompletes the known ones).
 *
 * @example
 * ```ts
 * const retryable = (code: ResponseErrorCode | null) => code === 'server_error' || code === 'rate_limit_exceeded';
 * ```
 */
export type ResponseErrorCode =
  | 'server_error'
  | 'rate_limit_exceeded'
  | 'invalid_prompt'
  | 'vector_store_timeout'
  | 'bio_policy'
  | 'data_residency_mismatch'
  | 'invalid_image'
  | 'invalid_image_format'
  | 'invalid_base64_image'
  | 'invalid_image_url'
  | 'image_too_large'
  | 'image_too_small'
  | 'image_parse_error'
  | 'image_content_policy_violation'
  | 'invalid_image_mode'
  | 'image_file_too_large'
  | 'unsupported_image_media_type'
  | 'empty_image_file'
  | 'failed_to_download_image'
  | 'image_file_not_found'
  // Keeps the literals above in autocompletion while accepting codes added later.
  | (string & {});

/**
 * The error carried by a `response.failed` response (`response.error`). Not the top-level
 * `error` stream event, which has its own shape (see `ResponseErrorEvent`).
 *
 * @example
 * ```ts
 * if (res.error) console.warn(`${res.error.code ?? 'unknown'}: ${res.error.message}`);
 * ```
 */
export interface ResponseError {
  /** Machine-readable reason; `null` when the server gave none. */
  code: ResponseErrorCode | null;
  /** Human-readable description. */
  message: string;
}

/**
 * Why a response stopped early (`status: 'incomplete'`).
 *
 * @example
 * ```ts
 * if (res.incomplete_details?.reason === 'max_output_tokens') askForMoreTokens();
 * ```
 */
export interface ResponseIncompleteDetails {
  /** `max_output_tokens` (reasoning tokens count too) or `content_filter`; open-ended. */
  reason?: 'max_output_tokens' | 'content_filter' | (string & {});
}

/**
 * Token accounting, normally only present on the terminal response. Providers add their own
 * fields (xAI sends `num_sources_used`, ...); they pass through untyped.
 *
 * @example
 * ```ts
 * const cached = res.usage?.input_tokens_details?.cached_tokens ?? 0;
 * ```
 */
export interface ResponseUsage {
  input_tokens: number;
  /** `cache_write_tokens` is newer than `cached_tokens`, and most recordings lack it. */
  input_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number } | null;
  output_tokens: number;
  output_tokens_details?: { reasoning_tokens?: number } | null;
  total_tokens: number;
}

/**
 * The response object carried by lifecycle events (`response.created`, `response.completed`,
 * ...) and accumulated by the reducer.
 *
 * Only `id` and `output` are required: a `response.created` from a gateway can be very sparse.
 * Request configuration echoed back by the server (`tools`, `reasoning`, `text`, ...) is typed
 * loosely on purpose; it is not what this library is about and it changes often.
 *
 * @example
 * ```ts
 * const usedTokens = (res: Response) => res.usage?.total_tokens ?? 0;
 * ```
 */
export interface Response {
  id: string;
  object?: 'response';
  /** Unix time in seconds. */
  created_at?: number;
  /** Unix time in seconds; set once the response finished. */
  completed_at?: number | null;
  status?: ResponseStatus;
  model?: string;
  output: ResponseOutputItem[];
  /**
   * Never on the wire: openai-node computes it client-side. Present here only so its
   * `Response` stays assignable; read the reducer's own text instead.
   */
  output_text?: string;
  error?: ResponseError | null;
  incomplete_details?: ResponseIncompleteDetails | null;
  usage?: ResponseUsage | null;
  /** A string, or input items (not modelled here). */
  instructions?: string | unknown[] | null;
  metadata?: Record<string, string> | null;
  /** Tool definitions as configured on the request. */
  tools?: unknown[];
  /** `'auto' | 'none' | 'required'`, or an object naming a tool. */
  tool_choice?: string | { type: string };
  parallel_tool_calls?: boolean;
  temperature?: number | null;
  top_p?: number | null;
  top_logprobs?: number | null;
  max_output_tokens?: number | null;
  max_tool_calls?: number | null;
  previous_response_id?: string | null;
  conversation?: { id: string } | null;
  background?: boolean | null;
  reasoning?: {
    effort?: string | null;
    summary?: string | null;
    generate_summary?: string | null;
    context?: string | null;
    mode?: string;
  } | null;
  text?: { format?: { type: string }; verbosity?: string | null } | null;
  truncation?: 'auto' | 'disabled' | (string & {}) | null;
  service_tier?: string | null;
  prompt?: { id: string; version?: string | null; variables?: unknown } | null;
  prompt_cache_key?: string | null;
  prompt_cache_retention?: string | null;
  prompt_cache_options?: { mode?: string; ttl?: string } | null;
  safety_identifier?: string | null;
  store?: boolean | null;
  user?: string | null;
  moderation?: { input?: unknown; output?: unknown } | null;
}

// ---------------------------------------------------------------------------------------------
// Content parts and annotations
// ---------------------------------------------------------------------------------------------

/**
 * Log probability of one output token. The same shape serves `output_text.logprobs` and the
 * `logprobs` of text delta and done events, whose alternatives lack `bytes`.
 *
 * @example
 * ```ts
 * const confidence = (lp: ResponseLogprob) => Math.exp(lp.logprob);
 * ```
 */
export interface ResponseLogprob {
  token: string;
  logprob: number;
  bytes?: number[];
  top_logprobs?: Array<{ token?: string; logprob?: number; bytes?: number[] }>;
}

/**
 * A citation of a web page. Real streams often send only `url`; the offsets and title are
 * optional for that reason.
 *
 * @example
 * ```ts
 * const link = (a: UrlCitationAnnotation) => `[${a.title ?? a.url}](${a.url})`;
 * ```
 */
export interface UrlCitationAnnotation {
  type: 'url_citation';
  url: string;
  title?: string;
  start_index?: number;
  end_index?: number;
}

/**
 * A citation of an uploaded file (file search).
 *
 * @example
 * ```ts
 * const label = (a: FileCitationAnnotation) => `${a.filename} (${a.file_id})`;
 * ```
 */
export interface FileCitationAnnotation {
  type: 'file_citation';
  file_id: string;
  filename?: string;
  /** Position in the text the citation belongs to. */
  index?: number;
}

/**
 * A citation of a file inside a code interpreter container.
 *
 * @example
 * ```ts
 * const key = (a: ContainerFileCitationAnnotation) => `${a.container_id}/${a.file_id}`;
 * ```
 */
export interface ContainerFileCitationAnnotation {
  type: 'container_file_citation';
  container_id: string;
  file_id: string;
  filename?: string;
  start_index?: number;
  end_index?: number;
}

/**
 * A path to a file the model produced.
 *
 * @example
 * ```ts
 * const ids = (as: FilePathAnnotation[]) => as.map((a) => a.file_id);
 * ```
 */
export interface FilePathAnnotation {
  type: 'file_path';
  file_id: string;
  index?: number;
}

/**
 * An annotation type this library does not model yet. Check `type` before reading fields.
 *
 * @example
 * ```ts
 * const other: UnknownAnnotation = { type: 'x_post_citation', url: 'https://x.com/...' };
 * ```
 */
export interface UnknownAnnotation {
  type: string;
  [key: string]: unknown;
}

/**
 * Any annotation on an `output_text` part. Because of the `UnknownAnnotation` member, a
 * `switch (a.type)` narrows the case but leaves field types wide; compare `type` and then read
 * the fields of the specific interface.
 *
 * @example
 * ```ts
 * const urls = (as: ResponseOutputTextAnnotation[]) =>
 *   as.flatMap((a) => (a.type === 'url_citation' ? [(a as UrlCitationAnnotation).url] : []));
 * ```
 */
export type ResponseOutputTextAnnotation =
  | UrlCitationAnnotation
  | FileCitationAnnotation
  | ContainerFileCitationAnnotation
  | FilePathAnnotation
  | UnknownAnnotation;

/**
 * Text written by the model, inside a `message` item.
 *
 * @example
 * ```ts
 * const text = msg.content.map((p) => (p.type === 'output_text' ? p.text : '')).join('');
 * ```
 */
export interface ResponseOutputText {
  type: 'output_text';
  text: string;
  annotations: ResponseOutputTextAnnotation[];
  /** Only with `include: ['message.output_text.logprobs']`. */
  logprobs?: ResponseLogprob[];
}

/**
 * The model declining to answer, inside a `message` item.
 *
 * @example
 * ```ts
 * const refused = msg.content.some((p) => p.type === 'refusal');
 * ```
 */
export interface ResponseOutputRefusal {
  type: 'refusal';
  refusal: string;
}

/**
 * Raw reasoning text, inside `reasoning.content` (models that expose it).
 *
 * @example
 * ```ts
 * const thoughts = (item.content ?? []).map((p: ResponseReasoningText) => p.text).join('\n');
 * ```
 */
export interface ResponseReasoningText {
  type: 'reasoning_text';
  text: string;
}

/**
 * One paragraph of a reasoning summary, inside `reasoning.summary`.
 *
 * @example
 * ```ts
 * const summary = item.summary.map((s: ResponseReasoningSummaryText) => s.text).join('\n\n');
 * ```
 */
export interface ResponseReasoningSummaryText {
  type: 'summary_text';
  text: string;
}

/**
 * Any content part a `response.content_part.*` event can carry: message parts, plus
 * `reasoning_text` for reasoning items.
 *
 * @example
 * ```ts
 * const textOf = (p: ResponseContentPart) => (p.type === 'refusal' ? p.refusal : p.text);
 * ```
 */
export type ResponseContentPart = ResponseOutputText | ResponseOutputRefusal | ResponseReasoningText;

/**
 * Who started a tool call: the model directly, or a program run by the programmatic tool
 * calling tool (then `caller_id` names it).
 *
 * @example
 * ```ts
 * const fromProgram = (c: ResponseToolCaller | null | undefined) => c?.type === 'program';
 * ```
 */
export interface ResponseToolCaller {
  type: 'direct' | 'program' | (string & {});
  caller_id?: string;
}

/**
 * One part of a tool's output when it is not a plain string (`input_text`, `input_image`,
 * `input_file`). Fields are optional because each part type uses a different subset.
 *
 * @example
 * ```ts
 * const asText = (o: string | ResponseToolOutputContent[]) =>
 *   typeof o === 'string' ? o : o.map((p) => p.text ?? '').join('');
 * ```
 */
export interface ResponseToolOutputContent {
  type: 'input_text' | 'input_image' | 'input_file' | (string & {});
  text?: string;
  image_url?: string | null;
  file_id?: string | null;
  file_url?: string;
  file_data?: string;
  filename?: string;
  detail?: string;
}

// ---------------------------------------------------------------------------------------------
// Output items
// ---------------------------------------------------------------------------------------------

/**
 * An assistant message: text and refusal parts. Streamed by `content_part.*`,
 * `output_text.*` and `refusal.*`.
 *
 * @example
 * ```ts
 * const text = (m: ResponseOutputMessage) =>
 *   m.content.map((p) => (p.type === 'output_text' ? p.text : '')).join('');
 * ```
 */
export interface ResponseOutputMessage {
  type: 'message';
  id: string;
  role: 'assistant';
  status?: 'in_progress' | 'completed' | 'incomplete';
  content: Array<ResponseOutputText | ResponseOutputRefusal>;
  /** Newer models mark working notes (`commentary`) apart from the answer. */
  phase?: 'commentary' | 'final_answer' | null;
}

/**
 * The model's reasoning: a summary (when requested), raw text (some models), and an opaque
 * `encrypted_content` to send back on the next turn. `content` is often missing until the first
 * `reasoning_text` part arrives.
 *
 * @example
 * ```ts
 * const summary = (r: ResponseReasoningItem) => r.summary.map((s) => s.text).join('\n\n');
 * ```
 */
export interface ResponseReasoningItem {
  type: 'reasoning';
  id: string;
  summary: ResponseReasoningSummaryText[];
  content?: ResponseReasoningText[];
  encrypted_content?: string | null;
  status?: 'in_progress' | 'completed' | 'incomplete';
}

/**
 * A call to a function tool. `arguments` is a JSON string, and only complete (parseable) after
 * `response.function_call_arguments.done`.
 *
 * @example
 * ```ts
 * const args = (c: ResponseFunctionToolCall): unknown => JSON.parse(c.arguments);
 * ```
 */
export interface ResponseFunctionToolCall {
  type: 'function_call';
  /** Optional in the API; `call_id` is what a tool result must refer to. */
  id?: string;
  call_id: string;
  name: string;
  arguments: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
  namespace?: string;
  caller?: ResponseToolCaller | null;
}

/**
 * The result of a function call, as echoed in the output (for example by programmatic tool
 * calling).
 *
 * @example
 * ```ts
 * const result = (o: ResponseFunctionToolCallOutputItem) => (typeof o.output === 'string' ? o.output : '');
 * ```
 */
export interface ResponseFunctionToolCallOutputItem {
  type: 'function_call_output';
  id: string;
  call_id: string;
  output: string | ResponseToolOutputContent[];
  status?: 'in_progress' | 'completed' | 'incomplete';
  caller?: ResponseToolCaller | null;
  created_by?: string;
}

/**
 * A call to a custom (free-form or grammar) tool. `input` is streamed by
 * `custom_tool_call_input.*`.
 *
 * @example
 * ```ts
 * const sql = (c: ResponseCustomToolCall) => (c.name === 'run_sql' ? c.input : undefined);
 * ```
 */
export interface ResponseCustomToolCall {
  type: 'custom_tool_call';
  id?: string;
  call_id: string;
  name: string;
  input: string;
  /** Not in openai-node's type, but servers send it. */
  status?: 'in_progress' | 'completed' | 'incomplete';
  namespace?: string;
  caller?: ResponseToolCaller | null;
}

/**
 * The result of a custom tool call, as echoed in the output.
 *
 * @example
 * ```ts
 * const result = (o: ResponseCustomToolCallOutputItem) => (typeof o.output === 'string' ? o.output : '');
 * ```
 */
export interface ResponseCustomToolCallOutputItem {
  type: 'custom_tool_call_output';
  id: string;
  call_id: string;
  output: string | ResponseToolOutputContent[];
  status?: 'in_progress' | 'completed' | 'incomplete';
  caller?: ResponseToolCaller | null;
  created_by?: string;
}

/**
 * A web search run by the server. Only `status` changes while streaming; `action` (the query or
 * page, and `sources`) arrives with `output_item.done`, and some servers never send it.
 *
 * @example
 * ```ts
 * const query = (w: ResponseFunctionWebSearch) => (w.action?.type === 'search' ? w.action.query : undefined);
 * ```
 */
export interface ResponseFunctionWebSearch {
  type: 'web_search_call';
  id: string;
  status?: 'in_progress' | 'searching' | 'completed' | 'failed' | (string & {});
  action?: ResponseWebSearchAction;
}

/**
 * What a web search call did: search, open a page, or look for a pattern in a page.
 *
 * @example
 * ```ts
 * const describe = (a: ResponseWebSearchAction) => (a.type === 'search' ? a.query : a.url);
 * ```
 */
export type ResponseWebSearchAction =
  | { type: 'search'; query?: string; queries?: string[]; sources?: Array<{ type: 'url' | (string & {}); url: string }> }
  | { type: 'open_page'; url?: string | null }
  | { type: 'find_in_page'; url: string; pattern: string };

/**
 * A file search run by the server. `results` only arrive with
 * `include: ['file_search_call.results']`.
 *
 * @example
 * ```ts
 * const files = (f: ResponseFileSearchToolCall) => (f.results ?? []).map((r) => r.filename);
 * ```
 */
export interface ResponseFileSearchToolCall {
  type: 'file_search_call';
  id: string;
  queries?: string[];
  status?: 'in_progress' | 'searching' | 'completed' | 'incomplete' | 'failed';
  results?: Array<{
    file_id?: string;
    filename?: string;
    score?: number;
    text?: string;
    attributes?: Record<string, string | number | boolean> | null;
  }> | null;
}

/**
 * Code run by the code interpreter tool. `code` is streamed by `code_interpreter_call_code.*`
 * (the skeleton has `code: null`); `outputs` arrive with `output_item.done`.
 *
 * @example
 * ```ts
 * const logs = (c: ResponseCodeInterpreterToolCall) =>
 *   (c.outputs ?? []).flatMap((o) => (o.type === 'logs' ? [o.logs] : []));
 * ```
 */
export interface ResponseCodeInterpreterToolCall {
  type: 'code_interpreter_call';
  id: string;
  container_id?: string;
  code?: string | null;
  outputs?: Array<{ type: 'logs'; logs: string } | { type: 'image'; url: string }> | null;
  status?: 'in_progress' | 'interpreting' | 'completed' | 'incomplete' | 'failed';
}

/**
 * An image made by the image generation tool. `result` is the final base64 image; previews come
 * as `image_generation_call.partial_image` events and are not stored here.
 *
 * @example
 * ```ts
 * const dataUrl = (i: ResponseImageGenerationCall) => i.result && `data:image/png;base64,${i.result}`;
 * ```
 */
export interface ResponseImageGenerationCall {
  type: 'image_generation_call';
  id: string;
  status?: 'in_progress' | 'generating' | 'completed' | 'failed';
  result?: string | null;
  revised_prompt?: string | null;
  size?: string;
  quality?: string;
  background?: string;
  output_format?: string;
}

/**
 * An action the model wants a computer-use harness to perform. `actions` is the batched form.
 *
 * @example
 * ```ts
 * const clicks = (c: ResponseComputerToolCall) => (c.action?.type === 'click' ? [c.action.x, c.action.y] : null);
 * ```
 */
export interface ResponseComputerToolCall {
  type: 'computer_call';
  id: string;
  call_id: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
  pending_safety_checks?: Array<{ id: string; code?: string | null; message?: string | null }>;
  action?: ResponseComputerAction;
  actions?: ResponseComputerAction[];
}

/**
 * One computer-use action (`click`, `double_click`, `drag`, `keypress`, `move`, `screenshot`,
 * `scroll`, `type`, `wait`). Kept as one loose shape: which fields are set depends on `type`.
 *
 * @example
 * ```ts
 * const isTyping = (a: ResponseComputerAction) => a.type === 'type' && typeof a.text === 'string';
 * ```
 */
export interface ResponseComputerAction {
  type: string;
  x?: number;
  y?: number;
  button?: string;
  keys?: string[] | null;
  text?: string;
  scroll_x?: number;
  scroll_y?: number;
  path?: Array<{ x: number; y: number }>;
}

/**
 * The screenshot a computer-use harness sent back, as echoed in the output.
 *
 * @example
 * ```ts
 * const img = (o: ResponseComputerToolCallOutputItem) => o.output.image_url ?? o.output.file_id;
 * ```
 */
export interface ResponseComputerToolCallOutputItem {
  type: 'computer_call_output';
  id: string;
  call_id: string;
  output: { type: 'computer_screenshot' | (string & {}); image_url?: string; file_id?: string };
  status?: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  acknowledged_safety_checks?: Array<{ id: string; code?: string | null; message?: string | null }>;
  created_by?: string;
}

/**
 * A command the model wants run by the (older) local shell tool.
 *
 * @example
 * ```ts
 * const argv = (c: ResponseLocalShellCall) => c.action.command;
 * ```
 */
export interface ResponseLocalShellCall {
  type: 'local_shell_call';
  id: string;
  call_id: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
  action: {
    type: 'exec' | (string & {});
    command: string[];
    env?: Record<string, string>;
    timeout_ms?: number | null;
    user?: string | null;
    working_directory?: string | null;
  };
}

/**
 * The output of a local shell command, as echoed in the output.
 *
 * @example
 * ```ts
 * const out = (o: ResponseLocalShellCallOutput) => o.output;
 * ```
 */
export interface ResponseLocalShellCallOutput {
  type: 'local_shell_call_output';
  id: string;
  output: string;
  status?: 'in_progress' | 'completed' | 'incomplete' | null;
}

/**
 * Commands the model wants run by the shell tool (locally or in a hosted container).
 *
 * @example
 * ```ts
 * const script = (c: ResponseFunctionShellToolCall) => c.action.commands.join('\n');
 * ```
 */
export interface ResponseFunctionShellToolCall {
  type: 'shell_call';
  id: string;
  call_id: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
  action: { commands: string[]; max_output_length?: number | null; timeout_ms?: number | null };
  /** Where the commands run: a local environment or a container reference. */
  environment?: { type: string } | null;
  caller?: ResponseToolCaller | null;
  created_by?: string;
}

/**
 * What the shell tool's commands printed, one entry per command.
 *
 * @example
 * ```ts
 * const stdout = (o: ResponseFunctionShellToolCallOutput) => o.output.map((r) => r.stdout).join('');
 * ```
 */
export interface ResponseFunctionShellToolCallOutput {
  type: 'shell_call_output';
  id: string;
  call_id: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
  max_output_length?: number | null;
  output: Array<{
    stdout: string;
    stderr: string;
    outcome: { type: 'exit'; exit_code: number } | { type: 'timeout' };
    created_by?: string;
  }>;
  caller?: ResponseToolCaller | null;
  created_by?: string;
}

/**
 * A file change the model wants applied by the apply_patch tool.
 *
 * @example
 * ```ts
 * const touched = (c: ResponseApplyPatchToolCall) => c.operation.path;
 * ```
 */
export interface ResponseApplyPatchToolCall {
  type: 'apply_patch_call';
  id: string;
  call_id: string;
  status?: 'in_progress' | 'completed';
  operation:
    | { type: 'create_file'; path: string; diff: string }
    | { type: 'update_file'; path: string; diff: string }
    | { type: 'delete_file'; path: string };
  caller?: ResponseToolCaller | null;
  created_by?: string;
}

/**
 * Whether an apply_patch change worked, as echoed in the output.
 *
 * @example
 * ```ts
 * const ok = (o: ResponseApplyPatchToolCallOutput) => o.status === 'completed';
 * ```
 */
export interface ResponseApplyPatchToolCallOutput {
  type: 'apply_patch_call_output';
  id: string;
  call_id: string;
  status?: 'completed' | 'failed';
  output?: string | null;
  caller?: ResponseToolCaller | null;
  created_by?: string;
}

/**
 * A call to a tool on a remote MCP server. `arguments` is streamed by `mcp_call_arguments.*`;
 * `output` or `error` arrive with `output_item.done`.
 *
 * @example
 * ```ts
 * const result = (c: ResponseMcpCall) => c.error ?? c.output ?? '';
 * ```
 */
export interface ResponseMcpCall {
  type: 'mcp_call';
  id: string;
  server_label: string;
  name: string;
  arguments: string;
  status?: 'in_progress' | 'calling' | 'completed' | 'incomplete' | 'failed';
  output?: string | null;
  error?: string | null;
  approval_request_id?: string | null;
}

/**
 * The tools an MCP server offers. Has no `status`; `tools` arrive with `output_item.done`.
 *
 * @example
 * ```ts
 * const names = (l: ResponseMcpListTools) => l.tools.map((t) => t.name);
 * ```
 */
export interface ResponseMcpListTools {
  type: 'mcp_list_tools';
  id: string;
  server_label: string;
  tools: Array<{ name: string; input_schema: unknown; description?: string | null; annotations?: unknown }>;
  error?: string | null;
}

/**
 * The model asking for permission to call an MCP tool. Arrives whole (no streaming events).
 *
 * @example
 * ```ts
 * const prompt = (r: ResponseMcpApprovalRequest) => `Allow ${r.server_label}.${r.name}(${r.arguments})?`;
 * ```
 */
export interface ResponseMcpApprovalRequest {
  type: 'mcp_approval_request';
  id: string;
  server_label: string;
  name: string;
  arguments: string;
}

/**
 * The answer to an `mcp_approval_request`, as echoed in the output.
 *
 * @example
 * ```ts
 * const approved = (r: ResponseMcpApprovalResponse) => r.approve;
 * ```
 */
export interface ResponseMcpApprovalResponse {
  type: 'mcp_approval_response';
  id: string;
  approval_request_id: string;
  approve: boolean;
  reason?: string | null;
}

/**
 * A search for tools to load (tool search). `call_id` is `null` when the server ran it.
 *
 * @example
 * ```ts
 * const clientSide = (c: ResponseToolSearchCall) => c.execution === 'client';
 * ```
 */
export interface ResponseToolSearchCall {
  type: 'tool_search_call';
  id: string;
  call_id?: string | null;
  execution?: 'server' | 'client';
  status?: 'in_progress' | 'completed' | 'incomplete';
  arguments?: unknown;
  created_by?: string;
}

/**
 * The tools a tool search found.
 *
 * @example
 * ```ts
 * const count = (o: ResponseToolSearchOutputItem) => o.tools.length;
 * ```
 */
export interface ResponseToolSearchOutputItem {
  type: 'tool_search_output';
  id: string;
  call_id?: string | null;
  execution?: 'server' | 'client';
  status?: 'in_progress' | 'completed' | 'incomplete';
  tools: unknown[];
  created_by?: string;
}

/**
 * An opaque summary of earlier turns (conversation compaction); send it back as is.
 *
 * @example
 * ```ts
 * const carry = (c: ResponseCompactionItem) => ({ type: c.type, encrypted_content: c.encrypted_content });
 * ```
 */
export interface ResponseCompactionItem {
  type: 'compaction';
  id: string;
  encrypted_content: string;
  created_by?: string;
}

/**
 * A program written by the model for programmatic tool calling.
 *
 * @example
 * ```ts
 * const source = (p: ResponseProgram) => p.code;
 * ```
 */
export interface ResponseProgram {
  type: 'program';
  id: string;
  call_id: string;
  code: string;
  fingerprint?: string;
}

/**
 * What a programmatic tool calling program returned.
 *
 * @example
 * ```ts
 * const value = (o: ResponseProgramOutput) => o.result;
 * ```
 */
export interface ResponseProgramOutput {
  type: 'program_output';
  id: string;
  call_id: string;
  result: string;
  status?: 'completed' | 'incomplete';
}

/**
 * Tools added to the conversation mid-response (for example after a tool search).
 *
 * @example
 * ```ts
 * const count = (a: ResponseAdditionalTools) => a.tools.length;
 * ```
 */
export interface ResponseAdditionalTools {
  type: 'additional_tools';
  id: string;
  role?: string;
  tools: unknown[];
}

/**
 * An output item whose `type` this library does not know (a newer tool, a vendor extension).
 * It passes through untouched.
 *
 * @example
 * ```ts
 * const item: UnknownOutputItem = { type: 'x_search_call', id: 'xs_1', query: 'rxjs' };
 * ```
 */
export interface UnknownOutputItem {
  type: string;
  id?: string;
  [key: string]: unknown;
}

/**
 * Every output item type this library models (the 28 of `openai@6`).
 *
 * @example
 * ```ts
 * const toolCalls = (items: KnownResponseOutputItem[]) => items.filter((i) => i.type !== 'message');
 * ```
 */
export type KnownResponseOutputItem =
  | ResponseOutputMessage
  | ResponseReasoningItem
  | ResponseFunctionToolCall
  | ResponseFunctionToolCallOutputItem
  | ResponseCustomToolCall
  | ResponseCustomToolCallOutputItem
  | ResponseFunctionWebSearch
  | ResponseFileSearchToolCall
  | ResponseCodeInterpreterToolCall
  | ResponseImageGenerationCall
  | ResponseComputerToolCall
  | ResponseComputerToolCallOutputItem
  | ResponseLocalShellCall
  | ResponseLocalShellCallOutput
  | ResponseFunctionShellToolCall
  | ResponseFunctionShellToolCallOutput
  | ResponseApplyPatchToolCall
  | ResponseApplyPatchToolCallOutput
  | ResponseMcpCall
  | ResponseMcpListTools
  | ResponseMcpApprovalRequest
  | ResponseMcpApprovalResponse
  | ResponseToolSearchCall
  | ResponseToolSearchOutputItem
  | ResponseCompactionItem
  | ResponseProgram
  | ResponseProgramOutput
  | ResponseAdditionalTools;

/**
 * One entry of `response.output`. Because of the `UnknownOutputItem` member, comparing `type`
 * does not narrow field types; use {@link isOutputItemType} to narrow.
 *
 * @example
 * ```ts
 * const messages = res.output.filter((i) => isOutputItemType(i, 'message'));
 * ```
 */
export type ResponseOutputItem = KnownResponseOutputItem | UnknownOutputItem;

/**
 * The `type` string of every modelled output item.
 *
 * @example
 * ```ts
 * const streamed: OutputItemType[] = ['message', 'reasoning', 'function_call'];
 * ```
 */
export type OutputItemType = KnownResponseOutputItem['type'];

/**
 * The item interface for a `type` string; `UnknownOutputItem` for a type this library does not
 * model.
 *
 * @example
 * ```ts
 * type Call = OutputItemOfType<'function_call'>; // ResponseFunctionToolCall
 * ```
 */
export type OutputItemOfType<T extends string> = T extends OutputItemType
  ? Extract<KnownResponseOutputItem, { type: T }>
  : UnknownOutputItem;

/**
 * Narrows an output item by its `type`. Only the `type` string is checked, not the fields.
 *
 * @example
 * ```ts
 * for (const item of res.output) {
 *   if (isOutputItemType(item, 'function_call', 'custom_tool_call')) console.log(item.call_id);
 * }
 * ```
 */
export function isOutputItemType<T extends OutputItemType | (string & {})>(
  item: ResponseOutputItem,
  ...types: readonly T[]
): item is OutputItemOfType<T> {
  return (types as readonly string[]).includes(item.type);
}
