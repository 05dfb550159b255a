import type { Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createResponseSession, idleResponseState, type ResponseViewState } from '../../src/index.js';
import { play, scriptedRequests, settle, textRecording } from '../recipes/scriptedRequests.js';

/** Reads a session's states into an array, as a component would. */
function read(states$: ReturnType<typeof createResponseSession>['state$']): { states: ResponseViewState[]; subscription: Subscription } {
  const states: ResponseViewState[] = [];
  const subscription = states$.subscribe((state) => states.push(state));
  return { states, subscription };
}

describe('createResponseSession()', () => {
  it('gives the idle state at once and sends nothing until a prompt', () => {
    const { eventsFor, requests } = scriptedRequests();
    const session = createResponseSession(eventsFor);
    const { states, subscription } = read(session.state$);
    expect(states).toEqual([idleResponseState()]);
    expect(requests).toHaveLength(0);
    subscription.unsubscribe();
  });

  it('streams the answer of a prompt to the end, as the recording ends', async () => {
    const { eventsFor, requests } = scriptedRequests();
    const session = createResponseSession(eventsFor);
    const { states, subscription } = read(session.state$);
    session.send('Say hello');
    expect(requests.map((r) => r.prompt)).toEqual(['Say hello']);

    play(requests[0]!, 0, textRecording.firstDelta + 3);
    await settle();
    const partial = states.at(-1)!;
    expect(partial.status).toBe('streaming');
    expect(partial.text.length).toBeGreaterThan(0);
    expect(textRecording.finalText.startsWith(partial.text)).toBe(true);

    play(requests[0]!, textRecording.firstDelta + 3);
    await settle();
    expect(states.at(-1)!.status).toBe('completed');
    expect(states.at(-1)!.text).toBe(textRecording.finalText);
    subscription.unsubscribe();
  });

  it('aborts the running request when a new prompt is sent', async () => {
    const { eventsFor, requests } = scriptedRequests();
    const session = createResponseSession(eventsFor);
    const { states, subscription } = read(session.state$);
    session.send('first');
    play(requests[0]!, 0, textRecording.firstDelta + 2);
    session.send('second');
    expect(requests.map((r) => [r.prompt, r.closed])).toEqual([
      ['first', true],
      ['second', false],
    ]);
    play(requests[1]!, 0);
    await settle();
    expect(states.at(-1)!.text).toBe(textRecording.finalText);
    subscription.unsubscribe();
  });

  it('stop() aborts the request and keeps the partial answer, marked stopped', async () => {
    const { eventsFor, requests } = scriptedRequests();
    const session = createResponseSession(eventsFor);
    const { states, subscription } = read(session.state$);
    session.send('Say hello');
    play(requests[0]!, 0, textRecording.firstDelta + 5);
    await settle();
    const before = states.at(-1)!.text;
    expect(before.length).toBeGreaterThan(0);

    session.stop();
    await settle();
    expect(requests[0]!.closed).toBe(true);
    expect(states.at(-1)!.status).toBe('stopped');
    expect(states.at(-1)!.text).toBe(before);
    subscription.unsubscribe();
  });

  it('shares one request between readers and aborts it when the last one leaves', async () => {
    const { eventsFor, requests } = scriptedRequests();
    const session = createResponseSession(eventsFor);
    const a = read(session.state$);
    const b = read(session.state$);
    session.send('Say hello');
    play(requests[0]!, 0, textRecording.firstDelta + 2);
    await settle();
    expect(requests).toHaveLength(1);
    expect(b.states.at(-1)).toBe(a.states.at(-1));

    a.subscription.unsubscribe();
    expect(requests[0]!.closed).toBe(false);
    b.subscription.unsubscribe();
    expect(requests[0]!.closed).toBe(true);
  });

  it('ignores a prompt sent while nobody reads the states', () => {
    const { eventsFor, requests } = scriptedRequests();
    const session = createResponseSession(eventsFor);
    session.send('nobody is listening');
    const { states, subscription } = read(session.state$);
    expect(requests).toHaveLength(0);
    expect(states).toEqual([idleResponseState()]);
    subscription.unsubscribe();
  });
});
