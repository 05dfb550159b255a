/**
 * Which output item types each family of item-scoped events may address, and the placeholder
 * item to create when an event arrives for an item that was never added (gateways that skip
 * `output_item.added`). Internal to the reducer.
 */
export interface ItemFamily {
  /** Item types this family of events applies to. */
  readonly accepts: ReadonlySet<string>;
  /** A skeleton item of the implied type, as `output_item.added` would have sent it. */
  readonly make: (id: string | undefined) => Record<string, unknown>;
}

function family(types: readonly string[], make: (id: string | undefined) => Record<string, unknown>): ItemFamily {
  return { accepts: new Set(types), make };
}

function withId(id: string | undefined): { id?: string } {
  return id === undefined ? {} : { id };
}

export const MESSAGE = family(['message'], (id) => ({
  type: 'message', ...withId(id), role: 'assistant', status: 'in_progress', content: [],
}));
export const REASONING = family(['reasoning'], (id) => ({ type: 'reasoning', ...withId(id), summary: [] }));
export const FUNCTION_CALL = family(['function_call'], (id) => ({
  type: 'function_call', ...withId(id), call_id: '', name: '', arguments: '', status: 'in_progress',
}));
export const CUSTOM_TOOL_CALL = family(['custom_tool_call'], (id) => ({
  type: 'custom_tool_call', ...withId(id), call_id: '', name: '', input: '',
}));
export const CODE_INTERPRETER = family(['code_interpreter_call'], (id) => ({
  type: 'code_interpreter_call', ...withId(id), status: 'in_progress', code: null, outputs: null, container_id: '',
}));
export const WEB_SEARCH = family(['web_search_call'], (id) => ({ type: 'web_search_call', ...withId(id), status: 'in_progress' }));
export const FILE_SEARCH = family(['file_search_call'], (id) => ({
  type: 'file_search_call', ...withId(id), status: 'in_progress', queries: [], results: null,
}));
export const IMAGE_GENERATION = family(['image_generation_call'], (id) => ({
  type: 'image_generation_call', ...withId(id), status: 'in_progress', result: null,
}));
export const MCP_CALL = family(['mcp_call'], (id) => ({
  type: 'mcp_call', ...withId(id), server_label: '', name: '', arguments: '', status: 'in_progress',
}));
export const MCP_LIST_TOOLS = family(['mcp_list_tools'], (id) => ({
  type: 'mcp_list_tools', ...withId(id), server_label: '', tools: [],
}));

export const SHELL_CALL = family(['shell_call'], (id) => ({
  type: 'shell_call', ...withId(id), call_id: '', status: 'in_progress', action: { commands: [], max_output_length: null, timeout_ms: null },
}));
export const SHELL_CALL_OUTPUT = family(['shell_call_output'], (id) => ({
  type: 'shell_call_output', ...withId(id), call_id: '', status: 'in_progress', max_output_length: null, output: [],
}));

/**
 * The result of a shell command whose output has not arrived yet, as openai-node 7 fills the
 * slots before an output that arrives out of command order.
 */
export function makeShellOutput(): Record<string, unknown> {
  return { stdout: '', stderr: '', outcome: { type: 'exit', exit_code: 0 } };
}

/** Content part skeletons, keyed by part type. */
export function makePart(type: string): Record<string, unknown> {
  switch (type) {
    case 'output_text':
      return { type, text: '', annotations: [] };
    case 'refusal':
      return { type, refusal: '' };
    default:
      return { type, text: '' };
  }
}
