import { describe, expect, it } from 'vitest';
import { idleResponseState } from '../../src/index.js';
import { ViewState } from '../../src/ui/ViewState.js';

describe('idleResponseState', () => {
  it('is an empty, frozen state, the same object every time', () => {
    const idle = idleResponseState();
    expect(idle).toEqual({
      status: 'idle',
      text: '',
      items: [],
      reasoning: [],
      toolCalls: [],
      usage: undefined,
      error: undefined,
      incompleteReason: undefined,
      responseId: undefined,
      responseIndex: 0,
      diagnostics: [],
    });
    expect(idleResponseState()).toBe(idle);
    expect(Object.isFrozen(idle)).toBe(true);
    expect(Object.isFrozen(idle.items)).toBe(true);
  });
});

describe('ViewState', () => {
  it('holds every field it is given, as a plain object with the same keys as any other state', () => {
    const items = Object.freeze([]);
    const usage = { input_tokens: 3, output_tokens: 5, total_tokens: 8 } as never;
    const state = new ViewState('completed', 'Hello', items, ['think'], [], usage, undefined, 'max_output_tokens', 'resp_1', 2, []);
    expect(state).toStrictEqual({
      status: 'completed',
      text: 'Hello',
      items: [],
      reasoning: ['think'],
      toolCalls: [],
      usage,
      error: undefined,
      incompleteReason: 'max_output_tokens',
      responseId: 'resp_1',
      responseIndex: 2,
      diagnostics: [],
    });
    expect(state.items).toBe(items);
    expect(Object.keys(state)).toEqual(Object.keys(idleResponseState()));
    expect({ ...state, text: 'x' }).toMatchObject({ status: 'completed', text: 'x' });
  });
});
