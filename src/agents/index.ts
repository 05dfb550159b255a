/*
 * Agents: structured output and (next) the tool loop, built on the client and the operators.
 */
export type { OutputSchema, JSONSchemaObject, InferOutput, DeepPartial } from './OutputSchema.js';
export { toJSONSchema } from './toJSONSchema.js';
export { textFormat, type TextFormat } from './textFormat.js';
export { parsedOutput, type ParsedOutputUpdate } from './parsedOutput.js';
export { defineTool, type Tool, type ToolSpec, type ToolContext } from './defineTool.js';
export type { RunEvent, ResponsesTransport } from './RunEvent.js';
export type { RunOptions, ToolCallRequest, Decision } from './RunOptions.js';
export { runTools } from './runTools.js';
