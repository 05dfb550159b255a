import { lastValueFrom, mergeMap, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { diagnostics, finalResponse, fromJSONL, itemLifecycles, textDeltas } from '../../src/index.js';
import { listRecordings } from '../support/listRecordings.js';

// The corpus's 9-event incomplete stream: its one text delta is "Hello," and it ends with
// response.incomplete. Found by content, not by file name.
const seed = listRecordings().find((r) => {
  const events = r.validEvents as { type: string; delta?: string }[];
  const deltas = events.filter((e) => e.type === 'response.output_text.delta');
  return events.length === 9 && deltas.length === 1 && deltas[0]?.delta === 'Hello,' && events.at(-1)?.type === 'response.incomplete';
});

describe('the 9-event incomplete stream', () => {
  it('is in the corpus', () => {
    expect(seed).toBeDefined();
  });
  const text = seed?.text ?? '';
  const terminal = (seed?.validEvents.at(-1) ?? {}) as { response?: { id?: string } };
  const created = (seed?.validEvents[0] ?? {}) as { response?: { id?: string } };

  it('streams one delta, "Hello,"', async () => {
    expect(await lastValueFrom(fromJSONL(text).pipe(textDeltas(), toArray()))).toEqual(['Hello,']);
  });

  it('ends incomplete for max_output_tokens with the text and the terminal id', async () => {
    const response = await lastValueFrom(fromJSONL(text).pipe(finalResponse()));
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details?.reason).toBe('max_output_tokens');
    expect(response.output_text).toBe('Hello,');
    expect(response.id).toBe(terminal.response?.id);
    expect(response.id).not.toBe(created.response?.id);
  });

  it('has one message item lifecycle: added, its events, done', async () => {
    const items = await lastValueFrom(fromJSONL(text).pipe(itemLifecycles(), toArray()));
    expect(items).toHaveLength(1);
    expect(items[0]?.type).toBe('message');
    const types = await lastValueFrom(items[0]!.events.pipe(mergeMap((e) => [e.type]), toArray()));
    expect(types[0]).toBe('response.output_item.added');
    expect(types.at(-1)).toBe('response.output_item.done');
    expect(types).toContain('response.output_text.delta');
  });

  it('reports the changed item id, the differing done text and the changed response id', async () => {
    const found = await lastValueFrom(fromJSONL(text).pipe(diagnostics(), toArray()));
    const codes = found.map((d) => d.code);
    expect(codes).toContain('item_id_changed');
    expect(codes).toContain('done_mismatch');
    expect(codes).toContain('response_id_changed');
    const doneMismatch = found.find((d) => d.code === 'done_mismatch' && d.eventType === 'response.output_text.done');
    expect(doneMismatch).toBeDefined();
  });
});
