// The Angular recipe in a plain environment injector: toSignal only needs an injection context
// and a DestroyRef, not a component, zone.js or the Angular compiler.
import { computed, createEnvironmentInjector, type EnvironmentInjector, Injector, runInInjectionContext } from '@angular/core';
import { describe, expect, it, vi } from 'vitest';
import { injectResponse } from '../../../examples/recipes/angular/injectResponse.js';
import { idleResponseState } from '../../../src/index.js';
import { play, scriptedRequests, settle, textRecording } from '../scriptedRequests.js';

// The recipes import the package by name; test them against this checkout's source, not dist/.
vi.mock('rx-responses', () => import('../../../src/index.js'));

// An application's root injector, minus the platform: enough for inject(DestroyRef).
const rootInjector = (): EnvironmentInjector => createEnvironmentInjector([], Injector.NULL as EnvironmentInjector);

describe('angular/injectResponse', () => {
  it('throws outside an injection context, as Angular’s inject functions do', () => {
    const { eventsFor } = scriptedRequests();
    expect(() => injectResponse(eventsFor)).toThrow(/injection context/);
  });

  it('the signal follows the stream (computed signals too) and ends with the recording’s text', async () => {
    const { eventsFor, requests } = scriptedRequests();
    const injector = rootInjector();
    const chat = runInInjectionContext(injector, () => injectResponse(eventsFor));
    const length = computed(() => chat.state().text.length);
    expect(chat.state()).toBe(idleResponseState());

    chat.send('Say hello');
    const lengths: number[] = [];
    for (let i = 0; i < textRecording.events.length; i += 10) {
      play(requests[0]!, i, i + 10);
      await settle();
      lengths.push(length());
    }
    expect(new Set(lengths).size).toBeGreaterThan(3);
    expect(chat.state().status).toBe('completed');
    expect(chat.state().text).toBe(textRecording.finalText);
    expect(requests).toHaveLength(1);
    injector.destroy();
  });

  it('destroying the injector (the component) aborts a running request', async () => {
    const { eventsFor, requests } = scriptedRequests();
    const injector = rootInjector();
    const chat = runInInjectionContext(injector, () => injectResponse(eventsFor));
    chat.send('Say hello');
    play(requests[0]!, 0, textRecording.firstDelta + 5);
    await settle();
    expect(chat.state().status).toBe('streaming');
    injector.destroy();
    expect(requests[0]!.closed).toBe(true);
  });
});
