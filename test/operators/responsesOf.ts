import type { ResponseStreamEvent } from '../../src/index.js';

/**
 * A recording's events split into its responses: a new one at each `response.created` after
 * the first event. Read straight off the recording, independently of the reducer.
 */
export function responsesOf(events: readonly ResponseStreamEvent[]): ResponseStreamEvent[][] {
  const responses: ResponseStreamEvent[][] = [];
  events.forEach((event, i) => {
    if (i === 0 || event.type === 'response.created') responses.push([]);
    responses.at(-1)?.push(event);
  });
  return responses;
}
