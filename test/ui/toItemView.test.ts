import { describe, expect, it } from 'vitest';
import { finalResponse, fromJSONL, isToolCallView, toItemView } from '../../src/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { expectedErrorName } from '../support/expectedEnding.js';
import { listRecordings } from '../support/listRecordings.js';
import { messageText } from '../support/messageText.js';

const KINDS = new Set(['message', 'reasoning', 'function_call', 'custom_tool_call', 'web_search_call', 'file_search_call', 'code_interpreter_call', 'image_generation_call', 'mcp_call', 'shell_call', 'shell_call_output']);

describe('toItemView()', () => {
  it('shapes every item of every finished recording by its type', async () => {
    const seen = new Set<string>();
    for (const rec of listRecordings().filter((r) => r.invalidLines.length === 0)) {
      const settled = await collectNotifications(fromJSONL(rec.text).pipe(finalResponse()));
      // A recording that ends in response.failed gives its typed error (after any earlier responses).
      expect((settled.error as Error | undefined)?.name, rec.name).toBe(expectedErrorName(rec.name));
      for (const response of settled.values) {
        response.output.forEach((item, i) => {
          const view = toItemView(item, i, { done: true });
          seen.add(view.kind);
          expect(view.kind).toBe(KINDS.has(item.type) ? item.type : 'other');
          expect(view.type).toBe(item.type);
          expect(view.item).toBe(item);
          expect(view.outputIndex).toBe(i);
          expect(view.done).toBe(true);
          expect(Object.isFrozen(view)).toBe(true);
          if (view.kind === 'message') expect(view.text).toBe(messageText([item]));
          if (view.kind === 'function_call') expect(view.parseError === undefined ? view.parsedArguments : undefined).toEqual(view.parseError === undefined ? JSON.parse(view.arguments || '{}') : undefined);
          if (view.kind === 'shell_call') expect(view.commands).toEqual((item as { action: { commands: string[] } }).action.commands);
          if (view.kind === 'shell_call_output') expect(view.output).toEqual((item as { output: unknown[] }).output);
          expect(isToolCallView(view)).toBe(view.kind === 'other' ? item.type.endsWith('_call') : view.kind !== 'message' && view.kind !== 'reasoning' && view.kind !== 'shell_call_output');
        });
      }
    }
    // The corpus covers most kinds, so the checks above are not vacuous.
    expect(seen.size).toBeGreaterThanOrEqual(8);
  });

  it('parses function call arguments only once done, and reports bad JSON instead of throwing', () => {
    const item = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Par' };
    const streaming = toItemView(item, 0, { done: false });
    expect(streaming).toMatchObject({ kind: 'function_call', status: 'in_progress', done: false, parsedArguments: undefined, parseError: undefined });
    const broken = toItemView(item, 0, { done: true });
    expect(broken.kind === 'function_call' && broken.parseError).toBeInstanceOf(SyntaxError);
    const finished = toItemView({ ...item, arguments: '{"city":"Paris"}', status: 'completed' }, 0, { done: false });
    expect(finished).toMatchObject({ done: true, status: 'completed', parsedArguments: { city: 'Paris' } });
  });
});
