/**
 * UI helpers: one framework-free core (`responseState`) that any framework subscribes to in a
 * few lines, a session (`createResponseSession`: prompts in, states out), frame coalescing,
 * relays to SSE bodies and async iterables, and the browser side of a relay (`relayEvents`). RxJS and the
 * lower layers only; no client, no DOM beyond what is feature-detected.
 *
 * @packageDocumentation
 */
export { responseState, type ResponseStateOptions } from './responseState.js';
export type { ResponseViewState, ResponseViewStatus } from './ResponseViewState.js';
export type {
  ItemView,
  ItemViewBase,
  ItemViewStatus,
  MessageItemView,
  ReasoningItemView,
  FunctionCallItemView,
  CustomToolCallItemView,
  WebSearchCallItemView,
  FileSearchCallItemView,
  CodeInterpreterCallItemView,
  ImageGenerationCallItemView,
  McpCallItemView,
  ShellCallItemView,
  ShellCallOutputItemView,
  OtherItemView,
  ToolCallItemView,
} from './ItemView.js';
export { toItemView, type ItemViewContext } from './toItemView.js';
export { isToolCallView } from './isToolCallView.js';
export { idleResponseState } from './idleResponseState.js';
export { markStopped } from './markStopped.js';
export { coalesceFrames } from './coalesceFrames.js';
export { toSSEStream } from './toSSEStream.js';
export { toAsyncIterable, type ToAsyncIterableOptions } from './toAsyncIterable.js';
export type { EventsFor } from './EventsFor.js';
export type { ToolRunView } from './ToolRunView.js';
export type { ResponseSession } from './ResponseSession.js';
export { createResponseSession } from './createResponseSession.js';
export { relayEvents } from './relayEvents.js';
