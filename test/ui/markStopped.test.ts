import { describe, expect, it } from 'vitest';
import { type ResponseViewState, type ResponseViewStatus, idleResponseState, markStopped } from '../../src/index.js';

const withStatus = (status: ResponseViewStatus): ResponseViewState => Object.freeze({ ...idleResponseState(), status, text: 'Partial ans', responseId: 'resp_1' });

describe('markStopped', () => {
  it.each(['idle', 'streaming'] as const)('marks a %s state stopped, keeping what it showed', (status) => {
    const state = withStatus(status);
    const stopped = markStopped(state);
    expect(stopped).toEqual({ ...state, status: 'stopped' });
    expect(stopped.items).toBe(state.items);
    expect(Object.isFrozen(stopped)).toBe(true);
    expect(state.status).toBe(status);
  });

  it.each(['completed', 'incomplete', 'failed', 'stopped'] as const)('leaves a %s state as it is', (status) => {
    const state = withStatus(status);
    expect(markStopped(state)).toBe(state);
  });
});
