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

/** The recording with its function call's `output_item.added` and `.done` given other statuses. */
function toolCallWithStatus(added: string, done: string): ResponseStreamEvent[] {
  return recording('azure-tool-call-1.jsonl').events.map((event) => {
    if (event.type !== 'response.output_item.added' && event.type !== 'response.output_item.done') return event;
    const status = event.type === 'response.output_item.added' ? added : done;
    const { item } = event as { item: Record<string, unknown> };
    return { ...event, item: { ...item, status } } as ResponseStreamEvent;
  });
}

describe('itemProgress: failed items', () => {
  it.each(['failed', 'incomplete'])('marks an item that finished %s as failed, and only its finishing update', async (status) => {
    const updates = (await progressOf(toolCallWithStatus('in_progress', status))).map(({ progress }) => progress);
    expect(updates.length).toBeGreaterThan(1);
    expect(updates.map((progress) => [progress.done, progress.failed])).toEqual(updates.map((_, i) => [i === updates.length - 1, i === updates.length - 1]));
  });

  it('does not mark a completed item as failed', async () => {
    const updates = (await progressOf(toolCallWithStatus('in_progress', 'completed'))).map(({ progress }) => progress);
    expect(updates.at(-1)?.done).toBe(true);
    expect(updates.filter((progress) => progress.failed)).toEqual([]);
  });

  it('does not mark an item as failed before it finished, whatever status it shows', async () => {
    const updates = (await progressOf(toolCallWithStatus('incomplete', 'completed'))).map(({ progress }) => progress);
    const open = updates.filter((progress) => !progress.done);
    expect(open.length).toBeGreaterThan(0);
    expect(open.filter((progress) => progress.failed)).toEqual([]);
  });
});

describe('itemProgress: reasoning', () => {
  it('shows the summary paragraph and reasoning text of an item that streams both, and counts every character', async () => {
    // One reasoning item with two summary paragraphs and two parts of clear reasoning text, as
    // EVENTS.md describes them (summary_index and content_index each name their own part).
    const paragraphs = ['First I read the question.', 'Then I check the units.'];
    const parts = ['12 * 7 = 84', ', so the answer is 84.'];
    const at = { output_index: 0, item_id: 'rs_1' };
    const events = [
      { type: 'response.created', response: { id: 'resp_1', object: 'response', status: 'in_progress', output: [] } },
      { type: 'response.output_item.added', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] } },
      ...paragraphs.flatMap((text, summary_index) => [
        { type: 'response.reasoning_summary_part.added', ...at, summary_index, part: { type: 'summary_text', text: '' } },
        { type: 'response.reasoning_summary_text.delta', ...at, summary_index, delta: text },
      ]),
      ...parts.flatMap((text, content_index) => [
        { type: 'response.content_part.added', ...at, content_index, part: { type: 'reasoning_text', text: '' } },
        { type: 'response.reasoning_text.delta', ...at, content_index, delta: text },
      ]),
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: { id: 'rs_1', type: 'reasoning', status: 'completed', summary: paragraphs.map((text) => ({ type: 'summary_text', text })), content: parts.map((text) => ({ type: 'reasoning_text', text })) },
      },
    ].map((event, sequence_number) => ({ ...event, sequence_number })) as ResponseStreamEvent[];

    const finished = (await progressOf(events)).map(({ progress }) => progress).filter((progress) => progress.done);
    // The status line shows the latest paragraph followed by the clear text.
    expect(finished.map((progress) => [progress.kind, progress.detail])).toEqual([['reasoning', `${paragraphs[1]}${parts.join('')}`]]);
    // Every character of the summary (paragraphs apart by a blank line) and of the text.
    expect(finished[0]?.size).toBe(`${paragraphs[0]}\n\n${paragraphs[1]}`.length + `${parts[0]}${parts[1]}`.length);
  });

  it('shows the clear reasoning text alone when there is no summary', async () => {
    const { events } = recording('lmstudio-tool-call-1.jsonl');
    const item = (events.find((event) => event.type === 'response.output_item.done') as { item: { type: string; summary: unknown[]; content: { text: string }[] } }).item;
    expect(item.type).toBe('reasoning');
    expect(item.summary).toEqual([]);
    const text = item.content.map((part) => part.text).join('');
    const reasoning = (await progressOf(events)).map(({ progress }) => progress).filter((progress) => progress.kind === 'reasoning' && progress.done);
    expect(reasoning.map((progress) => [progress.detail, progress.size])).toEqual([[text, text.length]]);
  });

  it('shows the latest summary paragraph when there is no clear text', async () => {
    const { events } = recording('xai-text-with-reasoning-streaming-1.jsonl');
    const item = (events.find((event) => event.type === 'response.output_item.done') as { item: { type: string; summary: { text: string }[] } }).item;
    const summary = item.summary.map((part) => part.text);
    const reasoning = (await progressOf(events)).map(({ progress }) => progress).filter((progress) => progress.kind === 'reasoning' && progress.done);
    expect(reasoning.map((progress) => [progress.detail, progress.size])).toEqual([[summary.at(-1), summary.join('\n\n').length]]);
  });
});
