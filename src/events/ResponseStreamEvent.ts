/*
 * One interface per event type of the Responses API stream, named as in openai-node.
 *
 * Compared with openai-node, the addressing keys are optional: OpenAI-compatible servers and
 * proxies omit `sequence_number`, and some send item events with only `item_id` or only
 * indices. Fields the server adds without documenting them (`obfuscation`, `logprobs`) are
 * declared where they were seen.
 */
import type {
  Response,
  ResponseContentPart,
  ResponseFunctionShellToolCallOutput,
  ResponseLogprob,
  ResponseOutputItem,
  ResponseReasoningSummaryText,
} from './Response.js';
import type { ToolLoopEvent } from './ToolLoopEvent.js';

// ---------------------------------------------------------------------------------------------
// Shared fields
// ---------------------------------------------------------------------------------------------

/**
 * Fields every stream event has besides `type`.
 *
 * @example
 * ```ts
 * const seq = (e: ResponseStreamEventBase) => e.sequence_number ?? -1;
 * ```
 */
export interface ResponseStreamEventBase {
  /**
   * Increases by one per event within a response (typically from 0), and is what
   * `starting_after` refers to when resuming. Optional because compatible servers and
   * hand-written streams leave it out.
   */
  sequence_number?: number;
}

/**
 * Fields of the events that carry a whole `Response` (created, queued, in progress, and the
 * three terminal ones).
 *
 * @example
 * ```ts
 * const statusOf = (e: ResponseLifecycleEventBase) => e.response.status;
 * ```
 */
export interface ResponseLifecycleEventBase extends ResponseStreamEventBase {
  response: Response;
}

/**
 * Addressing fields of the events that target one output item. Either key may be missing:
 * route by `output_index` when present, else look the item up by `item_id`.
 *
 * @example
 * ```ts
 * const target = (e: ResponseItemEventBase) => e.output_index ?? e.item_id;
 * ```
 */
export interface ResponseItemEventBase extends ResponseStreamEventBase {
  /** Position of the item in `response.output`. */
  output_index?: number;
  /** `id` of the item in `response.output`. */
  item_id?: string;
}

/**
 * Addressing fields of the events that target one content part of an item (`content[k]`).
 *
 * @example
 * ```ts
 * const key = (e: ResponseContentEventBase) => `${e.output_index}:${e.content_index ?? 0}`;
 * ```
 */
export interface ResponseContentEventBase extends ResponseItemEventBase {
  /** Position of the part in the item's `content`. */
  content_index?: number;
}

/**
 * Addressing fields of the events that target one reasoning summary part (`summary[s]`).
 *
 * @example
 * ```ts
 * const key = (e: ResponseSummaryEventBase) => `${e.item_id}:${e.summary_index ?? 0}`;
 * ```
 */
export interface ResponseSummaryEventBase extends ResponseItemEventBase {
  /** Position of the part in the reasoning item's `summary`. */
  summary_index?: number;
}

/**
 * Fields of every `*.delta` event.
 *
 * @example
 * ```ts
 * const size = (e: ResponseDeltaEventBase) => e.delta.length;
 * ```
 */
export interface ResponseDeltaEventBase extends ResponseStreamEventBase {
  /** The piece to append to the target field. */
  delta: string;
  /**
   * Random padding that evens out payload sizes (a side-channel mitigation, on by default).
   * It means nothing: never append or store it.
   */
  obfuscation?: string;
}

// ---------------------------------------------------------------------------------------------
// Response lifecycle
// ---------------------------------------------------------------------------------------------

/**
 * The response exists. Starts a fresh stream; a second one with another `response.id` starts
 * another response in the same stream.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.created')) console.log('started', e.response.id);
 * ```
 */
export interface ResponseCreatedEvent extends ResponseLifecycleEventBase {
  type: 'response.created';
}

/**
 * Background mode: the response was accepted and waits to run.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.queued')) showSpinner('queued');
 * ```
 */
export interface ResponseQueuedEvent extends ResponseLifecycleEventBase {
  type: 'response.queued';
}

/**
 * Generation started. Its `response.output` may be empty or stale, so keep what was streamed.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.in_progress')) showSpinner('thinking');
 * ```
 */
export interface ResponseInProgressEvent extends ResponseLifecycleEventBase {
  type: 'response.in_progress';
}

/**
 * Terminal: success. `response` is the authoritative final response, with `usage`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.completed')) save(e.response);
 * ```
 */
export interface ResponseCompletedEvent extends ResponseLifecycleEventBase {
  type: 'response.completed';
}

/**
 * Terminal: stopped early; `response.incomplete_details.reason` says why.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.incomplete')) warn(e.response.incomplete_details?.reason);
 * ```
 */
export interface ResponseIncompleteEvent extends ResponseLifecycleEventBase {
  type: 'response.incomplete';
}

/**
 * Terminal: failed server-side; `response.error` says why. `response.output` may be partial.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.failed')) report(e.response.error?.code);
 * ```
 */
export interface ResponseFailedEvent extends ResponseLifecycleEventBase {
  type: 'response.failed';
}

/**
 * The details of an `error` event in the nested wire shape.
 *
 * @example
 * ```ts
 * const detail: ResponseErrorEventDetail = { type: 'insufficient_quota', code: 'insufficient_quota', message: 'Quota exceeded' };
 * ```
 */
export interface ResponseErrorEventDetail {
  type?: string;
  code?: string | null;
  message?: string;
  param?: string | null;
}

/**
 * A stream-level error with no `Response` attached (rate limit, quota, internal failure);
 * terminal in practice. The documented shape is flat (`code`, `message`, `param`), but the API
 * mostly sends them nested under `error`, so every field is optional: read
 * `e.error?.code ?? e.code`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'error')) fail(e.error?.message ?? e.message ?? 'stream error');
 * ```
 */
export interface ResponseErrorEvent extends ResponseStreamEventBase {
  type: 'error';
  code?: string | null;
  message?: string;
  param?: string | null;
  error?: ResponseErrorEventDetail;
}

// ---------------------------------------------------------------------------------------------
// Output items and content parts
// ---------------------------------------------------------------------------------------------

/**
 * A new output item starts, as a skeleton (empty text, `status: 'in_progress'`). Store it at
 * `output_index`; do not append blindly.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.output_item.added')) console.log('new', e.item.type);
 * ```
 */
export interface ResponseOutputItemAddedEvent extends ResponseStreamEventBase {
  type: 'response.output_item.added';
  output_index?: number;
  item: ResponseOutputItem;
}

/**
 * An output item is finished. `item` is complete and authoritative, including fields that never
 * stream (search results, tool outputs, the final image, `encrypted_content`, ...).
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.output_item.done')) items.set(e.output_index ?? -1, e.item);
 * ```
 */
export interface ResponseOutputItemDoneEvent extends ResponseStreamEventBase {
  type: 'response.output_item.done';
  output_index?: number;
  item: ResponseOutputItem;
}

/**
 * A content part starts inside a message (`output_text`, `refusal`) or a reasoning item
 * (`reasoning_text`, whose `content` may not exist yet).
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.content_part.added')) console.log(e.part.type);
 * ```
 */
export interface ResponseContentPartAddedEvent extends ResponseContentEventBase {
  type: 'response.content_part.added';
  part: ResponseContentPart;
}

/**
 * A content part is finished; `part` replaces what was accumulated.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.content_part.done') && e.part.type === 'output_text') show(e.part.text);
 * ```
 */
export interface ResponseContentPartDoneEvent extends ResponseContentEventBase {
  type: 'response.content_part.done';
  part: ResponseContentPart;
}

// ---------------------------------------------------------------------------------------------
// Text and refusal
// ---------------------------------------------------------------------------------------------

/**
 * A piece of answer text. Append `delta` to the `output_text` part at `content_index`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.output_text.delta')) process.stdout.write(e.delta);
 * ```
 */
export interface ResponseTextDeltaEvent extends ResponseContentEventBase, ResponseDeltaEventBase {
  type: 'response.output_text.delta';
  /** Only with `include: ['message.output_text.logprobs']`; many servers send `[]`. */
  logprobs?: ResponseLogprob[];
}

/**
 * The text of an `output_text` part is final. `text` wins over the concatenated deltas.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.output_text.done')) console.log(e.text);
 * ```
 */
export interface ResponseTextDoneEvent extends ResponseContentEventBase {
  type: 'response.output_text.done';
  text: string;
  logprobs?: ResponseLogprob[];
}

/**
 * A citation or file reference was added to an `output_text` part, at `annotation_index`
 * (which need not be dense).
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.output_text.annotation.added')) citations.push(e.annotation);
 * ```
 */
export interface ResponseOutputTextAnnotationAddedEvent extends ResponseContentEventBase {
  type: 'response.output_text.annotation.added';
  annotation_index?: number;
  /**
   * In practice a `ResponseOutputTextAnnotation`. Typed `unknown` because openai-node types it
   * so and its events must stay assignable; check `type` before reading fields.
   */
  annotation: unknown;
}

/**
 * A piece of refusal text. Append `delta` to the `refusal` part at `content_index`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.refusal.delta')) refusal += e.delta;
 * ```
 */
export interface ResponseRefusalDeltaEvent extends ResponseContentEventBase, ResponseDeltaEventBase {
  type: 'response.refusal.delta';
}

/**
 * The refusal text is final.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.refusal.done')) showRefusal(e.refusal);
 * ```
 */
export interface ResponseRefusalDoneEvent extends ResponseContentEventBase {
  type: 'response.refusal.done';
  refusal: string;
}

// ---------------------------------------------------------------------------------------------
// Function calls
// ---------------------------------------------------------------------------------------------

/**
 * A piece of a function call's JSON arguments. Do not parse until the `.done` event.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.function_call_arguments.delta')) args += e.delta;
 * ```
 */
export interface ResponseFunctionCallArgumentsDeltaEvent extends ResponseItemEventBase, ResponseDeltaEventBase {
  type: 'response.function_call_arguments.delta';
}

/**
 * A function call's arguments are final (and should now be valid JSON).
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.function_call_arguments.done')) run(JSON.parse(e.arguments));
 * ```
 */
export interface ResponseFunctionCallArgumentsDoneEvent extends ResponseItemEventBase {
  type: 'response.function_call_arguments.done';
  arguments: string;
  /** The function name; most recorded streams leave it out, so read it from the item. */
  name?: string;
}

// ---------------------------------------------------------------------------------------------
// Reasoning
// ---------------------------------------------------------------------------------------------

/**
 * A reasoning summary part starts at `summary_index`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.reasoning_summary_part.added')) summaries.push('');
 * ```
 */
export interface ResponseReasoningSummaryPartAddedEvent extends ResponseSummaryEventBase {
  type: 'response.reasoning_summary_part.added';
  part: ResponseReasoningSummaryText;
}

/**
 * A reasoning summary part is finished; `part` replaces what was accumulated.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.reasoning_summary_part.done')) console.log(e.part.text);
 * ```
 */
export interface ResponseReasoningSummaryPartDoneEvent extends ResponseSummaryEventBase {
  type: 'response.reasoning_summary_part.done';
  part: ResponseReasoningSummaryText;
  /** `incomplete` when the summary was cut short. */
  status?: 'incomplete' | (string & {});
}

/**
 * A piece of reasoning summary text.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.reasoning_summary_text.delta')) thinking += e.delta;
 * ```
 */
export interface ResponseReasoningSummaryTextDeltaEvent extends ResponseSummaryEventBase, ResponseDeltaEventBase {
  type: 'response.reasoning_summary_text.delta';
}

/**
 * The text of a reasoning summary part is final.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.reasoning_summary_text.done')) console.log(e.text);
 * ```
 */
export interface ResponseReasoningSummaryTextDoneEvent extends ResponseSummaryEventBase {
  type: 'response.reasoning_summary_text.done';
  text: string;
}

/**
 * A piece of raw reasoning text, for the `reasoning_text` part at `content_index`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.reasoning_text.delta')) thoughts += e.delta;
 * ```
 */
export interface ResponseReasoningTextDeltaEvent extends ResponseContentEventBase, ResponseDeltaEventBase {
  type: 'response.reasoning_text.delta';
}

/**
 * The raw reasoning text of a part is final.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.reasoning_text.done')) console.log(e.text);
 * ```
 */
export interface ResponseReasoningTextDoneEvent extends ResponseContentEventBase {
  type: 'response.reasoning_text.done';
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Web search and file search (status only; results come with output_item.done)
// ---------------------------------------------------------------------------------------------

/**
 * A web search call started.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.web_search_call.in_progress')) setStatus(e.item_id, 'in_progress');
 * ```
 */
export interface ResponseWebSearchCallInProgressEvent extends ResponseItemEventBase {
  type: 'response.web_search_call.in_progress';
}

/**
 * A web search call is searching.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.web_search_call.searching')) setStatus(e.item_id, 'searching');
 * ```
 */
export interface ResponseWebSearchCallSearchingEvent extends ResponseItemEventBase {
  type: 'response.web_search_call.searching';
}

/**
 * A web search call finished; its `action` arrives with `output_item.done`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.web_search_call.completed')) setStatus(e.item_id, 'completed');
 * ```
 */
export interface ResponseWebSearchCallCompletedEvent extends ResponseItemEventBase {
  type: 'response.web_search_call.completed';
}

/**
 * A file search call started.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.file_search_call.in_progress')) setStatus(e.item_id, 'in_progress');
 * ```
 */
export interface ResponseFileSearchCallInProgressEvent extends ResponseItemEventBase {
  type: 'response.file_search_call.in_progress';
}

/**
 * A file search call is searching.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.file_search_call.searching')) setStatus(e.item_id, 'searching');
 * ```
 */
export interface ResponseFileSearchCallSearchingEvent extends ResponseItemEventBase {
  type: 'response.file_search_call.searching';
}

/**
 * A file search call finished; `queries` and `results` arrive with `output_item.done`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.file_search_call.completed')) setStatus(e.item_id, 'completed');
 * ```
 */
export interface ResponseFileSearchCallCompletedEvent extends ResponseItemEventBase {
  type: 'response.file_search_call.completed';
}

// ---------------------------------------------------------------------------------------------
// Code interpreter
// ---------------------------------------------------------------------------------------------

/**
 * A code interpreter call started.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.code_interpreter_call.in_progress')) setStatus(e.item_id, 'in_progress');
 * ```
 */
export interface ResponseCodeInterpreterCallInProgressEvent extends ResponseItemEventBase {
  type: 'response.code_interpreter_call.in_progress';
}

/**
 * A piece of the code being written (note `call_code`, with an underscore).
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.code_interpreter_call_code.delta')) code += e.delta;
 * ```
 */
export interface ResponseCodeInterpreterCallCodeDeltaEvent extends ResponseItemEventBase, ResponseDeltaEventBase {
  type: 'response.code_interpreter_call_code.delta';
}

/**
 * The code is final.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.code_interpreter_call_code.done')) highlight(e.code);
 * ```
 */
export interface ResponseCodeInterpreterCallCodeDoneEvent extends ResponseItemEventBase {
  type: 'response.code_interpreter_call_code.done';
  code: string;
}

/**
 * The code is running.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.code_interpreter_call.interpreting')) setStatus(e.item_id, 'interpreting');
 * ```
 */
export interface ResponseCodeInterpreterCallInterpretingEvent extends ResponseItemEventBase {
  type: 'response.code_interpreter_call.interpreting';
}

/**
 * The code finished running; `outputs` arrive with `output_item.done`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.code_interpreter_call.completed')) setStatus(e.item_id, 'completed');
 * ```
 */
export interface ResponseCodeInterpreterCallCompletedEvent extends ResponseItemEventBase {
  type: 'response.code_interpreter_call.completed';
}

// ---------------------------------------------------------------------------------------------
// Image generation
// ---------------------------------------------------------------------------------------------

/**
 * An image generation call started.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.image_generation_call.in_progress')) setStatus(e.item_id, 'in_progress');
 * ```
 */
export interface ResponseImageGenCallInProgressEvent extends ResponseItemEventBase {
  type: 'response.image_generation_call.in_progress';
}

/**
 * The image is being generated.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.image_generation_call.generating')) setStatus(e.item_id, 'generating');
 * ```
 */
export interface ResponseImageGenCallGeneratingEvent extends ResponseItemEventBase {
  type: 'response.image_generation_call.generating';
}

/**
 * A base64 preview of the image. Previews are not part of the `Response`: keep the latest one
 * on the side, never in the item's `result`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.image_generation_call.partial_image')) preview.src = `data:image/png;base64,${e.partial_image_b64}`;
 * ```
 */
export interface ResponseImageGenCallPartialImageEvent extends ResponseItemEventBase {
  type: 'response.image_generation_call.partial_image';
  partial_image_b64: string;
  /** 0-based number of this preview. */
  partial_image_index?: number;
  size?: string;
  quality?: string;
  background?: string;
  output_format?: string;
}

/**
 * The image is done; the final base64 is in the item's `result` on `output_item.done`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.image_generation_call.completed')) setStatus(e.item_id, 'completed');
 * ```
 */
export interface ResponseImageGenCallCompletedEvent extends ResponseItemEventBase {
  type: 'response.image_generation_call.completed';
}

// ---------------------------------------------------------------------------------------------
// MCP
// ---------------------------------------------------------------------------------------------

/**
 * Fetching the tool list of an MCP server started (`mcp_list_tools` items have no status).
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.mcp_list_tools.in_progress')) console.log('listing MCP tools');
 * ```
 */
export interface ResponseMcpListToolsInProgressEvent extends ResponseItemEventBase {
  type: 'response.mcp_list_tools.in_progress';
}

/**
 * The MCP tool list was fetched; `tools` arrive with `output_item.done`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.mcp_list_tools.completed')) console.log('MCP tools ready');
 * ```
 */
export interface ResponseMcpListToolsCompletedEvent extends ResponseItemEventBase {
  type: 'response.mcp_list_tools.completed';
}

/**
 * Fetching the MCP tool list failed; `error` arrives with `output_item.done`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.mcp_list_tools.failed')) console.warn('MCP listing failed', e.item_id);
 * ```
 */
export interface ResponseMcpListToolsFailedEvent extends ResponseItemEventBase {
  type: 'response.mcp_list_tools.failed';
}

/**
 * An MCP tool call started.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.mcp_call.in_progress')) setStatus(e.item_id, 'in_progress');
 * ```
 */
export interface ResponseMcpCallInProgressEvent extends ResponseItemEventBase {
  type: 'response.mcp_call.in_progress';
}

/**
 * A piece of an MCP call's JSON arguments (note `mcp_call_arguments`, with an underscore).
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.mcp_call_arguments.delta')) args += e.delta;
 * ```
 */
export interface ResponseMcpCallArgumentsDeltaEvent extends ResponseItemEventBase, ResponseDeltaEventBase {
  type: 'response.mcp_call_arguments.delta';
}

/**
 * An MCP call's arguments are final.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.mcp_call_arguments.done')) console.log(JSON.parse(e.arguments));
 * ```
 */
export interface ResponseMcpCallArgumentsDoneEvent extends ResponseItemEventBase {
  type: 'response.mcp_call_arguments.done';
  arguments: string;
}

/**
 * An MCP call succeeded; `output` arrives with `output_item.done`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.mcp_call.completed')) setStatus(e.item_id, 'completed');
 * ```
 */
export interface ResponseMcpCallCompletedEvent extends ResponseItemEventBase {
  type: 'response.mcp_call.completed';
}

/**
 * An MCP call failed; `error` arrives with `output_item.done`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.mcp_call.failed')) setStatus(e.item_id, 'failed');
 * ```
 */
export interface ResponseMcpCallFailedEvent extends ResponseItemEventBase {
  type: 'response.mcp_call.failed';
}

// ---------------------------------------------------------------------------------------------
// Custom tools
// ---------------------------------------------------------------------------------------------

/**
 * A piece of a custom tool call's free-form input.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.custom_tool_call_input.delta')) input += e.delta;
 * ```
 */
export interface ResponseCustomToolCallInputDeltaEvent extends ResponseItemEventBase, ResponseDeltaEventBase {
  type: 'response.custom_tool_call_input.delta';
}

/**
 * A custom tool call's input is final.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.custom_tool_call_input.done')) run(e.input);
 * ```
 */
export interface ResponseCustomToolCallInputDoneEvent extends ResponseItemEventBase {
  type: 'response.custom_tool_call_input.done';
  input: string;
}

// ---------------------------------------------------------------------------------------------
// Audio (no item keys and no place in the Response: side channel only)
// ---------------------------------------------------------------------------------------------

/**
 * A chunk of base64-encoded audio.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.audio.delta')) player.push(e.delta);
 * ```
 */
export interface ResponseAudioDeltaEvent extends ResponseDeltaEventBase {
  type: 'response.audio.delta';
}

/**
 * The audio is finished.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.audio.done')) player.end();
 * ```
 */
export interface ResponseAudioDoneEvent extends ResponseStreamEventBase {
  type: 'response.audio.done';
}

/**
 * A piece of the audio transcript.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.audio.transcript.delta')) captions += e.delta;
 * ```
 */
export interface ResponseAudioTranscriptDeltaEvent extends ResponseDeltaEventBase {
  type: 'response.audio.transcript.delta';
}

/**
 * The audio transcript is finished.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.audio.transcript.done')) captionsDone();
 * ```
 */
export interface ResponseAudioTranscriptDoneEvent extends ResponseStreamEventBase {
  type: 'response.audio.transcript.done';
}

// ---------------------------------------------------------------------------------------------
// Hosted shell (openai-node 7.x)
// ---------------------------------------------------------------------------------------------

/**
 * Addressing fields of the hosted shell's command events: the `shell_call` item at
 * `output_index` and its command at `command_index`. They carry no `item_id`.
 *
 * @example
 * ```ts
 * const key = (e: ResponseShellCallCommandEventBase) => `${e.output_index}:${e.command_index}`;
 * ```
 */
export interface ResponseShellCallCommandEventBase extends ResponseStreamEventBase {
  /** Position of the `shell_call` item in `response.output`. */
  output_index?: number;
  /** Position of the command in the item's `action.commands`. */
  command_index?: number;
}

/**
 * A command of a hosted `shell_call` starts (usually with `command: ''`), at
 * `action.commands[command_index]`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.shell_call_command.added')) console.log('$', e.command);
 * ```
 */
export interface ResponseShellCallCommandAddedEvent extends ResponseShellCallCommandEventBase {
  type: 'response.shell_call_command.added';
  command: string;
}

/**
 * A piece of a shell command. Append `delta` to `action.commands[command_index]`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.shell_call_command.delta')) line += e.delta;
 * ```
 */
export interface ResponseShellCallCommandDeltaEvent extends ResponseShellCallCommandEventBase, ResponseDeltaEventBase {
  type: 'response.shell_call_command.delta';
}

/**
 * A shell command is final; `command` wins over the concatenated deltas.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.shell_call_command.done')) commands[e.command_index ?? 0] = e.command;
 * ```
 */
export interface ResponseShellCallCommandDoneEvent extends ResponseShellCallCommandEventBase {
  type: 'response.shell_call_command.done';
  command: string;
}

/**
 * One captured result of a shell command: its stdout, stderr and how it ended.
 *
 * @example
 * ```ts
 * const failed = (o: ResponseShellCallOutputContent) => o.outcome.type === 'timeout' || o.outcome.exit_code !== 0;
 * ```
 */
export type ResponseShellCallOutputContent = ResponseFunctionShellToolCallOutput['output'][number];

/**
 * Output of one command of a hosted shell call, as it is captured. Append `delta.stdout` and
 * `delta.stderr` to `output[command_index]` of the `shell_call_output` item named by `item_id`.
 * Outputs of several commands may interleave and arrive out of command order.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.shell_call_output_content.delta')) process.stdout.write(e.delta.stdout ?? '');
 * ```
 */
export interface ResponseShellCallOutputContentDeltaEvent extends ResponseItemEventBase {
  type: 'response.shell_call_output_content.delta';
  /** Position of the command (and of its result in the item's `output`). */
  command_index?: number;
  delta: { stdout?: string; stderr?: string };
}

/**
 * The output of one command of a hosted shell call is final: `output[0]` is its result.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.shell_call_output_content.done')) console.log(e.output[0]?.outcome);
 * ```
 */
export interface ResponseShellCallOutputContentDoneEvent extends ResponseItemEventBase {
  type: 'response.shell_call_output_content.done';
  command_index?: number;
  output: ResponseShellCallOutputContent[];
}

// ---------------------------------------------------------------------------------------------
// Open Responses
// ---------------------------------------------------------------------------------------------

/**
 * Open Responses' name for a piece of reasoning content text (OpenAI sends
 * `response.reasoning_text.delta`). Append `delta` to the reasoning item's
 * `content[content_index].text`.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.reasoning.delta')) thoughts += e.delta;
 * ```
 */
export interface ResponseReasoningDeltaEvent extends ResponseContentEventBase, ResponseDeltaEventBase {
  type: 'response.reasoning.delta';
}

/**
 * Open Responses: the reasoning content text at `content_index` is final.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'response.reasoning.done')) console.log(e.text);
 * ```
 */
export interface ResponseReasoningDoneEvent extends ResponseContentEventBase {
  type: 'response.reasoning.done';
  text: string;
}

/**
 * An Open Responses extension event: its `type` carries a provider prefix before a colon
 * (`acme:trace_event`). The specification lets providers add them and clients ignore them
 * safely; the reducer passes them through without a diagnostic.
 *
 * @example
 * ```ts
 * if (isExtensionEvent(e)) traces.push(e);
 * ```
 */
export type ExtensionEvent = {
  type: `${string}:${string}`;
  sequence_number?: number;
  [key: string]: unknown;
};

// ---------------------------------------------------------------------------------------------
// Keep-alive
// ---------------------------------------------------------------------------------------------

/**
 * Sent during long quiet stretches. Not in openai-node's union and undocumented, but real: it
 * changes nothing, yet proves the connection is alive (reset idle timers on it).
 *
 * @example
 * ```ts
 * if (isEventType(e, 'keepalive')) idleTimer.refresh();
 * ```
 */
export interface ResponseKeepaliveEvent extends ResponseStreamEventBase {
  type: 'keepalive';
}

// ---------------------------------------------------------------------------------------------
// Unions
// ---------------------------------------------------------------------------------------------

/**
 * Every event type this library models (61): the 58 of openai-node 7.x's `ResponseStreamEvent`
 * (the 53 of openai-node 6 plus the five hosted shell events), `keepalive`, and Open Responses'
 * `response.reasoning.delta`/`.done`. `switch (e.type)` narrows this union fully (unlike {@link ResponseStreamEvent}).
 *
 * @example
 * ```ts
 * if (isKnownEvent(e)) {
 *   switch (e.type) {
 *     case 'response.output_text.delta': out += e.delta; break;
 *   }
 * }
 * ```
 */
export type KnownResponseStreamEvent =
  | ResponseCreatedEvent
  | ResponseQueuedEvent
  | ResponseInProgressEvent
  | ResponseCompletedEvent
  | ResponseIncompleteEvent
  | ResponseFailedEvent
  | ResponseErrorEvent
  | ResponseOutputItemAddedEvent
  | ResponseOutputItemDoneEvent
  | ResponseContentPartAddedEvent
  | ResponseContentPartDoneEvent
  | ResponseTextDeltaEvent
  | ResponseTextDoneEvent
  | ResponseOutputTextAnnotationAddedEvent
  | ResponseRefusalDeltaEvent
  | ResponseRefusalDoneEvent
  | ResponseFunctionCallArgumentsDeltaEvent
  | ResponseFunctionCallArgumentsDoneEvent
  | ResponseReasoningSummaryPartAddedEvent
  | ResponseReasoningSummaryPartDoneEvent
  | ResponseReasoningSummaryTextDeltaEvent
  | ResponseReasoningSummaryTextDoneEvent
  | ResponseReasoningTextDeltaEvent
  | ResponseReasoningTextDoneEvent
  | ResponseWebSearchCallInProgressEvent
  | ResponseWebSearchCallSearchingEvent
  | ResponseWebSearchCallCompletedEvent
  | ResponseFileSearchCallInProgressEvent
  | ResponseFileSearchCallSearchingEvent
  | ResponseFileSearchCallCompletedEvent
  | ResponseCodeInterpreterCallInProgressEvent
  | ResponseCodeInterpreterCallCodeDeltaEvent
  | ResponseCodeInterpreterCallCodeDoneEvent
  | ResponseCodeInterpreterCallInterpretingEvent
  | ResponseCodeInterpreterCallCompletedEvent
  | ResponseImageGenCallInProgressEvent
  | ResponseImageGenCallGeneratingEvent
  | ResponseImageGenCallPartialImageEvent
  | ResponseImageGenCallCompletedEvent
  | ResponseMcpListToolsInProgressEvent
  | ResponseMcpListToolsCompletedEvent
  | ResponseMcpListToolsFailedEvent
  | ResponseMcpCallInProgressEvent
  | ResponseMcpCallArgumentsDeltaEvent
  | ResponseMcpCallArgumentsDoneEvent
  | ResponseMcpCallCompletedEvent
  | ResponseMcpCallFailedEvent
  | ResponseCustomToolCallInputDeltaEvent
  | ResponseCustomToolCallInputDoneEvent
  | ResponseShellCallCommandAddedEvent
  | ResponseShellCallCommandDeltaEvent
  | ResponseShellCallCommandDoneEvent
  | ResponseShellCallOutputContentDeltaEvent
  | ResponseShellCallOutputContentDoneEvent
  | ResponseReasoningDeltaEvent
  | ResponseReasoningDoneEvent
  | ResponseAudioDeltaEvent
  | ResponseAudioDoneEvent
  | ResponseAudioTranscriptDeltaEvent
  | ResponseAudioTranscriptDoneEvent
  | ResponseKeepaliveEvent;

/**
 * Made by this library's sources, never sent by a server: a line or payload that could not be
 * read as an event, passed on (instead of failing the stream) because the caller asked to skip
 * bad input. `raw` is the input as received.
 *
 * @example
 * ```ts
 * if (isEventType(e, 'rx.skipped_input')) console.warn(`event #${e.eventNumber} skipped: ${e.reason}`);
 * ```
 */
export interface SkippedInputEvent {
  type: 'rx.skipped_input';
  /** `invalid_json`: not parseable; `missing_type`: parsed, but without a string `type`. */
  reason: 'invalid_json' | 'missing_type';
  raw: string;
  /** 1-based position of the input among all events of the stream, skipped ones included. */
  eventNumber: number;
  /** 1-based line number, when the input is line-based (JSONL). */
  line?: number;
}

/**
 * An event whose `type` this library does not model (a newer API feature, a vendor extension).
 * It passes through unchanged so nothing is lost.
 *
 * @example
 * ```ts
 * const e: UnknownEvent = { type: 'response.apply_patch_call_operation_diff.delta', delta: '+x', sequence_number: 4 };
 * ```
 */
export type UnknownEvent = {
  type: string;
  sequence_number?: number;
  [key: string]: unknown;
};

/**
 * Whatever a source can emit. Because `UnknownEvent` accepts any `type`, a plain
 * `switch (e.type)` narrows the case but not the fields: narrow with {@link isKnownEvent} or
 * {@link isEventType} first.
 *
 * @example
 * ```ts
 * const texts = (events: ResponseStreamEvent[]) =>
 *   events.flatMap((e) => (isEventType(e, 'response.output_text.delta') ? [e.delta] : []));
 * ```
 */
export type ResponseStreamEvent = KnownResponseStreamEvent | SkippedInputEvent | ExtensionEvent | UnknownEvent;

/**
 * The `type` string of every modelled event (61).
 *
 * @example
 * ```ts
 * const textEvents: KnownEventType[] = ['response.output_text.delta', 'response.output_text.done'];
 * ```
 */
export type KnownEventType = KnownResponseStreamEvent['type'];

/**
 * The event interface for a `type` string: the modelled interface for a known type,
 * `SkippedInputEvent` for `rx.skipped_input`, `ExtensionEvent` for a provider-prefixed type
 * (`acme:trace_event`), else `UnknownEvent`. Distributes over unions.
 *
 * @example
 * ```ts
 * type TextDelta = EventOfType<'response.output_text.delta'>; // ResponseTextDeltaEvent
 * ```
 */
export type EventOfType<T extends string> = T extends KnownEventType
  ? Extract<KnownResponseStreamEvent, { type: T }>
  : T extends SkippedInputEvent['type']
    ? SkippedInputEvent
    : T extends ExtensionEvent['type']
      ? ExtensionEvent
      : T extends ToolLoopEvent['type']
        ? Extract<ToolLoopEvent, { type: T }>
        : UnknownEvent;

/**
 * The events after which a response is over: the three terminal lifecycle events and `error`.
 *
 * @example
 * ```ts
 * const outcome = (e: ResponseTerminalEvent) => (e.type === 'error' ? 'error' : e.response.status);
 * ```
 */
export type ResponseTerminalEvent =
  | ResponseCompletedEvent
  | ResponseIncompleteEvent
  | ResponseFailedEvent
  | ResponseErrorEvent;
