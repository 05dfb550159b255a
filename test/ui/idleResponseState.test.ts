import { describe, expect, it } from 'vitest';
import { idleResponseState } from '../../src/index.js';

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
