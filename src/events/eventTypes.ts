/*
 * The event type strings at runtime, and type guards over them.
 */
import type {
  EventOfType,
  ExtensionEvent,
  KnownEventType,
  KnownResponseStreamEvent,
  ResponseStreamEvent,
  ResponseTerminalEvent,
  SkippedInputEvent,
} from './ResponseStreamEvent.js';

// A record keyed by the union: the compiler rejects a missing key ("Property ... is missing")
// and an extra one (excess property), so the runtime list cannot drift from `KnownEventType`.
const KNOWN_EVENT_TYPE_RECORD: Record<KnownEventType, true> = {
  'response.created': true,
  'response.queued': true,
  'response.in_progress': true,
  'response.completed': true,
  'response.incomplete': true,
  'response.failed': true,
  'error': true,
  'response.output_item.added': true,
  'response.output_item.done': true,
  'response.content_part.added': true,
  'response.content_part.done': true,
  'response.output_text.delta': true,
  'response.output_text.done': true,
  'response.output_text.annotation.added': true,
  'response.refusal.delta': true,
  'response.refusal.done': true,
  'response.function_call_arguments.delta': true,
  'response.function_call_arguments.done': true,
  'response.reasoning_summary_part.added': true,
  'response.reasoning_summary_part.done': true,
  'response.reasoning_summary_text.delta': true,
  'response.reasoning_summary_text.done': true,
  'response.reasoning_text.delta': true,
  'response.reasoning_text.done': true,
  'response.web_search_call.in_progress': true,
  'response.web_search_call.searching': true,
  'response.web_search_call.completed': true,
  'response.file_search_call.in_progress': true,
  'response.file_search_call.searching': true,
  'response.file_search_call.completed': true,
  'response.code_interpreter_call.in_progress': true,
  'response.code_interpreter_call_code.delta': true,
  'response.code_interpreter_call_code.done': true,
  'response.code_interpreter_call.interpreting': true,
  'response.code_interpreter_call.completed': true,
  'response.image_generation_call.in_progress': true,
  'response.image_generation_call.generating': true,
  'response.image_generation_call.partial_image': true,
  'response.image_generation_call.completed': true,
  'response.mcp_list_tools.in_progress': true,
  'response.mcp_list_tools.completed': true,
  'response.mcp_list_tools.failed': true,
  'response.mcp_call.in_progress': true,
  'response.mcp_call_arguments.delta': true,
  'response.mcp_call_arguments.done': true,
  'response.mcp_call.completed': true,
  'response.mcp_call.failed': true,
  'response.custom_tool_call_input.delta': true,
  'response.custom_tool_call_input.done': true,
  'response.shell_call_command.added': true,
  'response.shell_call_command.delta': true,
  'response.shell_call_command.done': true,
  'response.shell_call_output_content.delta': true,
  'response.shell_call_output_content.done': true,
  'response.reasoning.delta': true,
  'response.reasoning.done': true,
  'response.audio.delta': true,
  'response.audio.done': true,
  'response.audio.transcript.delta': true,
  'response.audio.transcript.done': true,
  'keepalive': true,
};

/**
 * Every modelled event type string (61: openai-node 7.x's 58, `keepalive`, and Open Responses'
 * `response.reasoning.delta`/`.done`), for code that needs them at runtime.
 *
 * @example
 * ```ts
 * const unknownTypes = types.filter((t) => !KNOWN_EVENT_TYPES.has(t as KnownEventType));
 * ```
 */
export const KNOWN_EVENT_TYPES: ReadonlySet<KnownEventType> = new Set(
  Object.keys(KNOWN_EVENT_TYPE_RECORD) as KnownEventType[],
);

const TERMINAL_EVENT_TYPES: ReadonlySet<string> = new Set<ResponseTerminalEvent['type']>([
  'response.completed',
  'response.incomplete',
  'response.failed',
  'error',
]);

/**
 * Whether a type string is one this library models.
 *
 * @example
 * ```ts
 * if (!isKnownEventType(parsed.type)) report('unknown_event_type', parsed.type);
 * ```
 */
export function isKnownEventType(type: string): type is KnownEventType {
  return (KNOWN_EVENT_TYPES as ReadonlySet<string>).has(type);
}

/**
 * Narrows an event to the modelled union, after which `switch (e.type)` narrows fields too.
 * Only `type` is checked, not the fields.
 *
 * @example
 * ```ts
 * if (isKnownEvent(e) && e.type === 'response.output_text.delta') out += e.delta;
 * ```
 */
export function isKnownEvent(event: ResponseStreamEvent): event is KnownResponseStreamEvent {
  return isKnownEventType(event.type);
}

/**
 * Narrows an event to the interface(s) of the given type string(s). Only `type` is checked,
 * not the fields.
 *
 * @example
 * ```ts
 * events$.pipe(filter((e) => isEventType(e, 'response.output_text.delta', 'response.refusal.delta')));
 * ```
 */
export function isEventType<T extends KnownEventType | SkippedInputEvent['type'] | (string & {})>(
  event: ResponseStreamEvent,
  ...types: readonly T[]
): event is EventOfType<T> {
  return (types as readonly string[]).includes(event.type);
}

/**
 * Whether the event ends a response: `response.completed`, `response.incomplete`,
 * `response.failed` or `error`.
 *
 * @example
 * ```ts
 * events$.pipe(takeWhile((e) => !isTerminalEvent(e), true));
 * ```
 */
export function isTerminalEvent(event: ResponseStreamEvent): event is ResponseTerminalEvent {
  return TERMINAL_EVENT_TYPES.has(event.type);
}

/**
 * Whether a type string names an Open Responses extension event: a provider prefix, a colon,
 * then the name (`acme:trace_event`). Clients may ignore such events safely.
 *
 * @example
 * ```ts
 * if (isExtensionEventType('acme:trace_event')) console.log('vendor event');
 * ```
 */
export function isExtensionEventType(type: string): type is ExtensionEvent['type'] {
  const colon = type.indexOf(':');
  return colon > 0 && colon < type.length - 1;
}

/**
 * Narrows an event to {@link ExtensionEvent} (a provider-prefixed `type`, such as
 * `acme:trace_event`).
 *
 * @example
 * ```ts
 * events$.pipe(filter(isExtensionEvent)).subscribe((e) => traces.push(e));
 * ```
 */
export function isExtensionEvent(event: ResponseStreamEvent): event is ExtensionEvent {
  return isExtensionEventType(event.type);
}
