// The items the `stream` status line reports: every reasoning and tool item, finished at its
// own output_item.done rather than at the end of the response.
import { map, tap, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type ItemProgress, itemProgress } from '../../src/cli/itemProgress.js';
import { fromEvents, type ResponseStreamEvent } from '../../src/index.js';
import { recording } from '../support/fixtures.js';

/** Every update, with the number of events read when it came. */
function progressOf(events: ResponseStreamEvent[]): Promise<{ progress: ItemProgress; at: number }[]> {
  let seen = 0;
  return new Promise((resolve, reject) => {
    fromEvents(events)
      .pipe(
        tap(() => seen++),
        itemProgress(),
        map((progress) => ({ progress, at: seen })),
        toArray(),
      )
      .subscribe({ next: resolve, error: reject });
  });
}

describe('itemProgress', () => {
  it('reports each web search and reasoning item as done at its own output_item.done', async () => {
    const { events } = recording('openai-web-search-tool-1.jsonl');
    const items = events.filter((event) => event.type === 'response.output_item.done').map((event) => (event as { item: { type: string } }).item.type);
    const finished = (await progressOf(events)).map(({ progress }) => progress).filter((progress) => progress.done);

    expect(finished.map((progress) => progress.kind)).toEqual(items.filter((type) => type !== 'message').map((type) => (type === 'reasoning' ? 'reasoning' : 'tool')));
    const searches = finished.filter((progress) => progress.kind === 'tool');
    expect(searches.every((progress) => progress.label === 'web search')).toBe(true);
    expect(searches[0]?.detail).toBe(
      (events.find((event) => event.type === 'response.output_item.done' && (event as { item: { type: string } }).item.type === 'web_search_call') as { item: { action: { query: string } } })
        .item.action.query,
    );
  });

  it('names a function call and carries its arguments', async () => {
    const { events } = recording('azure-tool-call-1.jsonl');
    const updates = await progressOf(events);
    const done = updates.filter(({ progress }) => progress.done);
    const item = (events.find((event) => event.type === 'response.output_item.done') as { item: { name: string; arguments: string } }).item;
    expect(done.map(({ progress }) => [progress.label, progress.detail])).toEqual([[`function call ${item.name}`, item.arguments]]);
    // Done before the terminal event, not because the response ended.
    const doneAt = events.findIndex((event) => event.type === 'response.output_item.done') + 1;
    expect(done[0]?.at).toBe(doneAt);
  });
});
