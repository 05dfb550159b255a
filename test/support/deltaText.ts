import type { ResponseStreamEvent } from '../../src/index.js';

/** The text the events' `response.output_text.delta`s carry, joined in order: what a reader saw stream in. */
export function deltaText(events: readonly ResponseStreamEvent[]): string {
  return events.map((e) => (e.type === 'response.output_text.delta' ? e.delta : '')).join('');
}
