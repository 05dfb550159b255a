import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, applyEvent, emptySnapshot, startsNewResponse } from '../../src/index.js';
import { recording } from '../support/fixtures.js';

// Proxies and agent loops concatenate several responses in one stream (EVENTS.md §6): a later
// response.created (or queued) with another id, or after the response ended, starts the next.
type Wire = Record<string, unknown>;
const reduce = (events: readonly Wire[], from: ResponseSnapshot = emptySnapshot()): ResponseSnapshot =>
  events.reduce<ResponseSnapshot>((s, e) => applyEvent(s, e as ResponseStreamEvent), from);
const lifecycle = (type: string, id?: unknown, status = 'in_progress'): Wire => ({
  type,
  response: { ...(id === undefined ? {} : { id }), object: 'response', status, model: 'm', output: [] },
});
const created = (id?: unknown) => lifecycle('response.created', id);
const asEvent = (e: Wire) => e as ResponseStreamEvent;

describe('startsNewResponse', () => {
  it('finds each response of a recording that holds four, and the reducer numbers them', () => {
    // azure-reasoning-encrypted-content-1: 4 responses concatenated, 4 distinct ids (MANIFEST.tsv).
    const events = recording('azure-reasoning-encrypted-content-1.jsonl').events as unknown as Wire[];
    let s = emptySnapshot();
    let createdSeen = 0;
    const ids: string[] = [];
    for (const e of events) {
      const isCreated = e.type === 'response.created';
      expect(startsNewResponse(s, asEvent(e))).toBe(isCreated && createdSeen > 0);
      s = applyEvent(s, asEvent(e));
      if (isCreated) {
        createdSeen++;
        ids.push((e.response as { id: string }).id);
      }
      expect(s.responseIndex).toBe(createdSeen - 1);
      expect(s.response.id).toBe(ids.at(-1));
    }
    expect(createdSeen).toBe(4);
    expect(new Set(ids).size).toBe(4);
    expect(s.phase).toBe('completed');
  });

  it('is false for the first response of a stream', () => {
    expect(startsNewResponse(emptySnapshot(), asEvent(created('resp_1')))).toBe(false);
    // A snapshot that has not started has no current response, whatever id it holds.
    const notStarted: ResponseSnapshot = { ...plain(emptySnapshot()), response: { ...emptySnapshot().response, id: 'resp_0' } };
    expect(startsNewResponse(notStarted, asEvent(created('resp_1')))).toBe(false);
    expect(startsNewResponse(notStarted, asEvent(lifecycle('response.queued', 'resp_1')))).toBe(false);
  });

  it('is true for response.created or response.queued with another id while the response streams', () => {
    const s = reduce([created('resp_1')]);
    expect(s.phase).toBe('streaming');
    expect(startsNewResponse(s, asEvent(created('resp_2')))).toBe(true);
    expect(startsNewResponse(s, asEvent(lifecycle('response.queued', 'resp_2', 'queued')))).toBe(true);
  });

  it('is false for the same id again, or for an id it cannot compare', () => {
    const s = reduce([created('resp_1')]);
    expect(startsNewResponse(s, asEvent(created('resp_1')))).toBe(false);
    expect(startsNewResponse(s, asEvent(created()))).toBe(false);
    expect(startsNewResponse(s, asEvent(created('')))).toBe(false);
    expect(startsNewResponse(s, asEvent(created(7)))).toBe(false);
    expect(startsNewResponse(s, asEvent({ type: 'response.created' }))).toBe(false);
    // A response whose id is not known yet (its first event was not response.created) takes the id it is given.
    const idless = reduce([{ type: 'response.in_progress', response: { object: 'response', status: 'in_progress', output: [] } }]);
    expect(idless.response.id).toBe('');
    expect(startsNewResponse(idless, asEvent(created('resp_2')))).toBe(false);
  });

  it('is false for other events, even when they carry another id', () => {
    const s = reduce([created('resp_1')]);
    for (const type of ['response.in_progress', 'response.completed', 'response.incomplete', 'response.failed']) {
      expect(startsNewResponse(s, asEvent(lifecycle(type, 'resp_2')))).toBe(false);
    }
    const ended = reduce([created('resp_1'), lifecycle('response.completed', 'resp_1', 'completed')]);
    expect(startsNewResponse(ended, asEvent(lifecycle('response.in_progress', 'resp_2')))).toBe(false);
  });

  it('is true for any response.created or queued after the response ended, the same id included', () => {
    const endings: Record<string, Wire> = {
      completed: lifecycle('response.completed', 'resp_1', 'completed'),
      incomplete: lifecycle('response.incomplete', 'resp_1', 'incomplete'),
      failed: lifecycle('response.failed', 'resp_1', 'failed'),
      error: { type: 'error', code: 'server_error', message: 'boom', param: null },
    };
    for (const [phase, ending] of Object.entries(endings)) {
      const s = reduce([created('resp_1'), ending]);
      expect(s.phase).toBe(phase);
      expect(startsNewResponse(s, asEvent(created('resp_1')))).toBe(true);
      expect(startsNewResponse(s, asEvent(created()))).toBe(true);
      expect(startsNewResponse(s, asEvent(lifecycle('response.queued', 'resp_1', 'queued')))).toBe(true);
      const next = applyEvent(s, asEvent(created('resp_1')));
      expect(next.responseIndex).toBe(1);
      expect(next.phase).toBe('streaming');
    }
  });
});

function plain(s: ResponseSnapshot): ResponseSnapshot {
  return {
    response: s.response,
    output: s.output,
    outputText: s.outputText,
    phase: s.phase,
    streamError: s.streamError,
    diagnostics: s.diagnostics,
    eventCount: s.eventCount,
    lastSequenceNumber: s.lastSequenceNumber,
    responseIndex: s.responseIndex,
    started: s.started,
    partialImages: s.partialImages,
    outputIndexMap: s.outputIndexMap,
  };
}
