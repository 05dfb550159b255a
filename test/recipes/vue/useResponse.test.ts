// The Vue recipe in an effect scope (what a component's setup() runs in), without a DOM.
import { computed, effectScope, isReactive } from 'vue';
import { describe, expect, it, vi } from 'vitest';
import { useResponse } from '../../../examples/recipes/vue/useResponse.js';
import { idleResponseState } from '../../../src/index.js';
import { play, scriptedRequests, settle, textRecording } from '../scriptedRequests.js';

// The recipes import the package by name; test them against this checkout's source, not dist/.
vi.mock('rx-responses', () => import('../../../src/index.js'));

describe('vue/useResponse', () => {
  it('updates the shallow ref as text streams in, and Vue’s reactivity sees it', async () => {
    const { eventsFor, requests } = scriptedRequests();
    const scope = effectScope();
    const chat = scope.run(() => useResponse(eventsFor))!;
    const text = scope.run(() => computed(() => chat.state.value.text))!;
    expect(chat.state.value).toBe(idleResponseState());

    chat.send('Say hello');
    expect(requests.map((r) => r.prompt)).toEqual(['Say hello']);
    const texts: string[] = [];
    for (let i = 0; i < textRecording.events.length; i += 10) {
      play(requests[0]!, i, i + 10);
      await settle();
      texts.push(text.value);
    }
    expect(chat.state.value.status).toBe('completed');
    expect(text.value).toBe(textRecording.finalText);
    expect(new Set(texts).size).toBeGreaterThan(3);
    // shallowRef: the state object itself is not wrapped in a deep proxy.
    expect(isReactive(chat.state.value)).toBe(false);
    scope.stop();
  });

  it('disposing the scope (unmounting) aborts a running request', async () => {
    const { eventsFor, requests } = scriptedRequests();
    const scope = effectScope();
    const chat = scope.run(() => useResponse(eventsFor))!;
    chat.send('Say hello');
    play(requests[0]!, 0, textRecording.firstDelta + 5);
    await settle();
    expect(chat.state.value.status).toBe('streaming');
    expect(requests[0]!.closed).toBe(false);
    scope.stop();
    expect(requests[0]!.closed).toBe(true);
  });

  it('a second send aborts the first request; stop() aborts and marks the state stopped', async () => {
    const { eventsFor, requests } = scriptedRequests();
    const scope = effectScope();
    const chat = scope.run(() => useResponse(eventsFor))!;
    chat.send('first');
    play(requests[0]!, 0, textRecording.firstDelta + 5);
    chat.send('second');
    expect(requests[0]!.closed).toBe(true);
    play(requests[1]!, 0, textRecording.firstDelta + 3);
    await settle();
    const partial = chat.state.value.text;
    expect(partial.length).toBeGreaterThan(0);
    chat.stop();
    await settle();
    expect(requests[1]!.closed).toBe(true);
    expect(chat.state.value.status).toBe('stopped');
    expect(chat.state.value.text).toBe(partial);
    scope.stop();
  });
});
