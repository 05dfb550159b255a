/*
 * Small hand-written stream events for the operator tests, with the API's own field names.
 * They are not recordings: each builds the least an operator needs to show one behaviour.
 */
import { expect } from 'vitest';
import type { ResponseStreamEvent } from '../../src/index.js';

type Item = Record<string, unknown>;

/** A `Response` object as lifecycle events carry it. */
export function response(id: string, status: string, output: Item[] = []): Record<string, unknown> {
  return { id, object: 'response', created_at: 1_700_000_000, status, model: 'gpt-test', output, error: null, incomplete_details: null };
}

export const created = (id: string): ResponseStreamEvent => ({ type: 'response.created', response: response(id, 'in_progress') });

export const inProgress = (id: string): ResponseStreamEvent => ({ type: 'response.in_progress', response: response(id, 'in_progress') });

export const completed = (id: string, output: Item[]): ResponseStreamEvent => ({ type: 'response.completed', response: response(id, 'completed', output) });

export const keepalive = (): ResponseStreamEvent => ({ type: 'keepalive' });

/** A message item; `text` undefined gives the skeleton with no content part. */
export function message(id: string, text?: string, status = text === undefined ? 'in_progress' : 'completed'): Item {
  return { type: 'message', id, role: 'assistant', status, content: text === undefined ? [] : [{ type: 'output_text', text, annotations: [] }] };
}

export function functionCall(id: string, call_id: string, name: string, args: string, status = 'completed'): Item {
  return { type: 'function_call', id, call_id, name, arguments: args, status };
}

export function reasoningItem(id: string, summary: string[], status?: string): Item {
  return { type: 'reasoning', id, summary: summary.map((text) => ({ type: 'summary_text', text })), ...(status === undefined ? {} : { status }) };
}

export const itemAdded = (output_index: number, item: Item): ResponseStreamEvent => ({ type: 'response.output_item.added', output_index, item });

export const itemDone = (output_index: number, item: Item): ResponseStreamEvent => ({ type: 'response.output_item.done', output_index, item });

export const partAdded = (output_index: number, item_id: string): ResponseStreamEvent => ({
  type: 'response.content_part.added',
  output_index,
  item_id,
  content_index: 0,
  part: { type: 'output_text', text: '', annotations: [] },
});

export const textDelta = (output_index: number, item_id: string, delta: string): ResponseStreamEvent => ({
  type: 'response.output_text.delta',
  output_index,
  item_id,
  content_index: 0,
  delta,
  logprobs: [],
});

export const textDone = (output_index: number, item_id: string, text: string): ResponseStreamEvent => ({
  type: 'response.output_text.done',
  output_index,
  item_id,
  content_index: 0,
  text,
  logprobs: [],
});

export const refusalDelta = (output_index: number, item_id: string, delta: string): ResponseStreamEvent => ({
  type: 'response.refusal.delta',
  output_index,
  item_id,
  content_index: 0,
  delta,
});

export const argumentsDelta = (output_index: number, item_id: string, delta: string): ResponseStreamEvent => ({
  type: 'response.function_call_arguments.delta',
  output_index,
  item_id,
  delta,
});

export const summaryPartAdded = (output_index: number, item_id: string, summary_index: number): ResponseStreamEvent => ({
  type: 'response.reasoning_summary_part.added',
  output_index,
  item_id,
  summary_index,
  part: { type: 'summary_text', text: '' },
});

export const summaryPartDone = (output_index: number, item_id: string, summary_index: number, text: string): ResponseStreamEvent => ({
  type: 'response.reasoning_summary_part.done',
  output_index,
  item_id,
  summary_index,
  part: { type: 'summary_text', text },
});

export const summaryDelta = (output_index: number, item_id: string, summary_index: number, delta: string): ResponseStreamEvent => ({
  type: 'response.reasoning_summary_text.delta',
  output_index,
  item_id,
  summary_index,
  delta,
});

/**
 * Gives the events `sequence_number`s as a server would: 0, 1, 2, ... restarting at each
 * `response.created`. Events that already have one keep it.
 */
export function numbered<const T extends readonly ResponseStreamEvent[]>(events: T): { -readonly [K in keyof T]: ResponseStreamEvent } {
  let next = 0;
  return events.map((event) => {
    if (event.type === 'response.created') next = 0;
    const given = (event as { sequence_number?: unknown }).sequence_number;
    if (typeof given === 'number') {
      next = given + 1;
      return event;
    }
    return { ...event, sequence_number: next++ } as ResponseStreamEvent;
  }) as { -readonly [K in keyof T]: ResponseStreamEvent };
}

/**
 * What an operator passes on when its source fails with an error that is not one of this
 * library's: a StreamTruncatedError holding the partial snapshot, with the original as cause.
 */
export function truncatedBy(cause: unknown): unknown {
  return expect.objectContaining({ name: 'StreamTruncatedError', code: 'stream_truncated', cause });
}
