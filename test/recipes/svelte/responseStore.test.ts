// The Svelte recipe, checked against Svelte's own store functions (`get`, `derived`), which is
// what `$store` in a component compiles to.
import { derived, get } from 'svelte/store';
import { describe, expect, it, vi } from 'vitest';
import { responseStore } from '../../../examples/recipes/svelte/responseStore.js';
import { idleResponseState, type ResponseViewState } from '../../../src/index.js';
import { play, scriptedRequests, settle, textRecording } from '../scriptedRequests.js';

// The recipes import the package by name; test them against this checkout's source, not dist/.
vi.mock('rx-responses', () => import('../../../src/index.js'));

describe('svelte/responseStore', () => {
  it('honours the store contract: the current state at once on subscribe, nothing after unsubscribe', async () => {
    const { eventsFor, requests } = scriptedRequests();
    const chat = responseStore(eventsFor);
    expect(get(chat)).toBe(idleResponseState());

    const seen: ResponseViewState[] = [];
    const unsubscribe = chat.subscribe((s) => seen.push(s));
    expect(seen).toEqual([idleResponseState()]); // synchronously, before any event
    chat.send('Say hello');
    play(requests[0]!, 0, textRecording.firstDelta + 10);
    await settle();
    const current = seen.at(-1)!;
    expect(current.status).toBe('streaming');
    expect(current.text.length).toBeGreaterThan(0);
    // A late subscriber gets the same current state object, synchronously.
    expect(get(chat)).toBe(current);

    unsubscribe();
    const count = seen.length;
    expect(requests[0]!.closed).toBe(true); // the last subscriber leaving aborts the request
    requests[0]!.events.next(textRecording.events[textRecording.firstDelta + 10]!);
    await settle();
    expect(seen).toHaveLength(count);
  });

  it('streams to every subscriber from one request, ending with the recording’s text', async () => {
    const { eventsFor, requests } = scriptedRequests();
    const chat = responseStore(eventsFor);
    const texts: string[] = [];
    const stopText = derived(chat, (s) => s.text).subscribe((t) => texts.push(t));
    let last = idleResponseState();
    const stopLast = chat.subscribe((s) => (last = s));

    chat.send('Say hello');
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    for (let i = 0; i < textRecording.events.length; i += 10) {
      play(request, i, i + 10);
      await settle();
    }
    expect(last.status).toBe('completed');
    expect(last.text).toBe(textRecording.finalText);
    expect(texts.at(-1)).toBe(textRecording.finalText);
    expect(new Set(texts).size).toBeGreaterThan(3); // progressively, not all at the end
    stopText();
    stopLast();
  });

  it('stop() aborts the request and keeps the text, marked stopped', async () => {
    const { eventsFor, requests } = scriptedRequests();
    const chat = responseStore(eventsFor);
    let last = idleResponseState();
    const unsubscribe = chat.subscribe((s) => (last = s));
    chat.send('Say hello');
    play(requests[0]!, 0, textRecording.firstDelta + 5);
    await settle();
    const partial = last.text;
    chat.stop();
    await settle();
    expect(requests[0]!.closed).toBe(true);
    expect(last.status).toBe('stopped');
    expect(last.text).toBe(partial);
    unsubscribe();
  });
});
