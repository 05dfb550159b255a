// The Solid recipe in a reactive root, without a DOM. Node resolves `solid-js` to its server
// build, where signals do not notify anyone; swap in the browser build so effects really run.
import { createEffect, createRoot } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import { createResponse } from '../../../examples/recipes/solid/createResponse.js';
import { idleResponseState } from '../../../src/index.js';
import { play, scriptedRequests, settle, textRecording } from '../scriptedRequests.js';

vi.mock('solid-js', () => import('solid-js/dist/solid.js' as string));
// The recipes import the package by name; test them against this checkout's source, not dist/.
vi.mock('rx-responses', () => import('../../../src/index.js'));

describe('solid/createResponse', () => {
  it('runs effects as text streams in, and disposing the root aborts the request', async () => {
    const { eventsFor, requests } = scriptedRequests();
    const texts: string[] = [];
    const { chat, dispose } = createRoot((dispose) => {
      const chat = createResponse(eventsFor);
      createEffect(() => texts.push(chat.state().text));
      return { chat, dispose };
    });
    expect(chat.state()).toBe(idleResponseState());

    chat.send('Say hello');
    expect(requests).toHaveLength(1);
    for (let i = 0; i < textRecording.firstDelta + 30; i += 10) {
      play(requests[0]!, i, Math.min(i + 10, textRecording.firstDelta + 30));
      await settle();
    }
    expect(chat.state().status).toBe('streaming');
    expect(new Set(texts).size).toBeGreaterThan(2); // the effect re-ran as text grew
    expect(texts.at(-1)).toBe(chat.state().text);
    expect(textRecording.finalText.startsWith(chat.state().text)).toBe(true);

    dispose();
    expect(requests[0]!.closed).toBe(true);
  });

  it('ends with the recording’s text', async () => {
    const { eventsFor, requests } = scriptedRequests();
    await createRoot(async (dispose) => {
      const chat = createResponse(eventsFor);
      chat.send('Say hello');
      play(requests[0]!, 0);
      await settle();
      expect(chat.state().status).toBe('completed');
      expect(chat.state().text).toBe(textRecording.finalText);
      dispose();
    });
  });
});
