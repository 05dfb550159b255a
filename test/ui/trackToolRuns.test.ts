import { describe, expect, it } from 'vitest';
import type { ToolLoopEvent } from '../../src/events/ToolLoopEvent.js';
import type { FunctionCallItemView, ItemView, ResponseStreamEvent, ResponseViewState } from '../../src/index.js';
import { idleResponseState, isToolCallView, toItemView } from '../../src/index.js';
import { trackToolRuns } from '../../src/ui/trackToolRuns.js';

/** A finished function call's view, as responseState() builds it. */
const callView = (callId: string, outputIndex: number): ItemView =>
  toItemView({ type: 'function_call', id: `fc_${callId}`, call_id: callId, name: 'add', arguments: '{"a":1,"b":2}', status: 'completed' } as never, outputIndex, { done: true });
const messageView = (outputIndex: number): ItemView =>
  toItemView({ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi', annotations: [] }] } as never, outputIndex, { done: true });

/** A view state of response `responseIndex` holding `items`. */
const stateOf = (items: readonly ItemView[], responseIndex = 0): ResponseViewState =>
  Object.freeze({ ...idleResponseState(), status: 'streaming', items, toolCalls: items.filter(isToolCallView), responseIndex });

const loop = (event: ToolLoopEvent): ResponseStreamEvent => event as unknown as ResponseStreamEvent;
const started = (callId: string): ResponseStreamEvent => loop({ type: 'rx.tool_call.started', turn: 1, call_id: callId, name: 'add', arguments: { a: 1, b: 2 } });
const result = (callId: string): ResponseStreamEvent => loop({ type: 'rx.tool_call.result', turn: 1, call_id: callId, name: 'add', result: 3, output: '3' });
const failed = (callId: string, error: unknown): ResponseStreamEvent =>
  loop({ type: 'rx.tool_call.failed', turn: 1, call_id: callId, name: 'add', reason: 'tool_error', error, output: 'add failed' });
const turnEnded = (): ResponseStreamEvent => loop({ type: 'rx.turn.ended', turn: 1, response_id: 'resp_1', function_calls: 1 });

const toolOf = (state: ResponseViewState, index: number): unknown => (state.items[index] as FunctionCallItemView).tool;

describe('trackToolRuns', () => {
  it('takes the tool loop events, and only them', () => {
    const runs = trackToolRuns();
    expect(runs.observe({ type: 'response.output_text.delta', sequence_number: 3, item_id: 'm', output_index: 0, content_index: 0, delta: 'x' } as never, 0)).toBe(false);
    expect(runs.observe(started('call_1'), 0)).toBe(true);
    expect(runs.observe(turnEnded(), 0)).toBe(true);
  });

  it("shows each call's run on its view: running, then done with its result, or failed with its reason", () => {
    const runs = trackToolRuns();
    const items = [messageView(0), callView('call_1', 1), callView('call_2', 2)];
    const before = stateOf(items);
    runs.observe(started('call_1'), 0);
    runs.observe(started('call_2'), 0);
    const running = runs.decorate(before, before);
    expect(running).not.toBe(before);
    expect(Object.isFrozen(running)).toBe(true);
    expect(running.items[0]).toBe(items[0]);
    expect(toolOf(running, 1)).toEqual({ status: 'running', result: undefined, output: undefined, reason: undefined, error: undefined });
    expect(Object.isFrozen(running.items[1])).toBe(true);
    expect(running.items[1]).toMatchObject({ call_id: 'call_1', name: 'add', parsedArguments: { a: 1, b: 2 } });
    expect(running.toolCalls).toEqual([running.items[1], running.items[2]]);
    expect(running.toolCalls[0]).toBe(running.items[1]);

    const boom = new Error('boom');
    runs.observe(result('call_1'), 0);
    runs.observe(failed('call_2', boom), 0);
    const settled = runs.decorate(running, running);
    expect(toolOf(settled, 1)).toEqual({ status: 'done', result: 3, output: '3', reason: undefined, error: undefined });
    expect(toolOf(settled, 2)).toEqual({ status: 'failed', result: undefined, output: 'add failed', reason: 'tool_error', error: boom });
    expect(Object.isFrozen(toolOf(settled, 1))).toBe(true);
    expect(Object.isFrozen(toolOf(settled, 2))).toBe(true);
  });

  it('returns the state it was given when there is nothing to show', () => {
    const runs = trackToolRuns();
    const state = stateOf([callView('call_1', 0)]);
    expect(runs.decorate(state, state)).toBe(state);
    runs.observe(turnEnded(), 0);
    expect(runs.decorate(state, state)).toBe(state);
    runs.observe(started('call_9'), 0);
    const unrelated = runs.decorate(state, state);
    expect(unrelated).toBe(state);
    const noCalls = stateOf([messageView(0)]);
    runs.observe(started('call_9'), 0);
    expect(runs.decorate(noCalls, noCalls)).toBe(noCalls);
  });

  it('shows a run only on the function call it belongs to, not on another item with the same call id', () => {
    const runs = trackToolRuns();
    const custom = toItemView({ type: 'custom_tool_call', id: 'ct_1', call_id: 'call_1', name: 'grep', input: 'x', status: 'completed' } as never, 0, { done: true });
    const state = stateOf([custom, callView('call_1', 1)]);
    runs.observe(started('call_1'), 0);
    const shown = runs.decorate(state, state);
    expect(shown.items[0]).toBe(custom);
    expect(toolOf(shown, 1)).toMatchObject({ status: 'running' });
  });

  it('does not touch a view that already shows its run', () => {
    const runs = trackToolRuns();
    const state = stateOf([callView('call_1', 0)]);
    runs.observe(started('call_1'), 0);
    const shown = runs.decorate(state, state);
    runs.observe(started('call_1'), 0);
    expect(runs.decorate(shown, shown)).toBe(shown);
  });

  it('decorates views rebuilt by a later event though no tool event came since', () => {
    const runs = trackToolRuns();
    const state = stateOf([callView('call_1', 0)]);
    runs.observe(started('call_1'), 0);
    const shown = runs.decorate(state, state);
    const rebuilt = stateOf([callView('call_1', 0), messageView(1)]);
    const next = runs.decorate(rebuilt, shown);
    expect(toolOf(next, 0)).toMatchObject({ status: 'running' });
    expect(runs.decorate(rebuilt, rebuilt)).toBe(rebuilt);
  });

  it("keeps a turn's runs to its own response, and forgets them when the next response begins", () => {
    const runs = trackToolRuns();
    runs.observe(started('call_1'), 1);
    const earlier = stateOf([callView('call_1', 0)], 0);
    expect(runs.decorate(earlier, earlier)).toBe(earlier);
    const same = stateOf([callView('call_1', 0)], 1);
    expect(toolOf(runs.decorate(same, same), 0)).toMatchObject({ status: 'running' });
    runs.observe(started('call_2'), 2);
    const next = stateOf([callView('call_1', 0), callView('call_2', 1)], 2);
    const decorated = runs.decorate(next, next);
    expect(toolOf(decorated, 0)).toBeUndefined();
    expect(toolOf(decorated, 1)).toMatchObject({ status: 'running' });
  });
});
