import { describe, expect, it } from 'vitest';
import type { ResponseOutputItem } from '../../src/events/Response.js';
import { outputTextOf } from '../../src/reduce/outputTextOf.js';

// The documented rule (EVENTS.md, openai-node's `output_text`): the `text` of every
// `output_text` part of every `message` item, in output order, joined with nothing between.
// The expected strings below are written out by hand from that rule.
const asOutput = (items: unknown[]): ResponseOutputItem[] => items as ResponseOutputItem[];
const text = (t: unknown) => ({ type: 'output_text', text: t, annotations: [] });

describe('outputTextOf', () => {
  it('joins the output_text parts of every message, in order, with nothing between', () => {
    const output = asOutput([
      { type: 'message', id: 'm0', role: 'assistant', status: 'completed', content: [text('Hello, '), text('world')] },
      { type: 'message', id: 'm1', role: 'assistant', status: 'completed', content: [text('!')] },
    ]);
    expect(outputTextOf(output)).toBe('Hello, world!');
  });

  it('gives the empty string for an empty output and for messages without text', () => {
    expect(outputTextOf([])).toBe('');
    expect(outputTextOf(asOutput([{ type: 'message', id: 'm', role: 'assistant', status: 'in_progress', content: [] }]))).toBe('');
  });

  it('leaves out the text of items that are not messages, even when they hold text parts', () => {
    const output = asOutput([
      { type: 'reasoning', id: 'r', summary: [{ type: 'summary_text', text: 'plan' }], content: [{ type: 'output_text', text: 'thinking' }] },
      { type: 'message', id: 'm', role: 'assistant', status: 'completed', content: [text('answer')] },
      { type: 'function_call', id: 'f', call_id: 'c', name: 'n', arguments: '{}', content: [text('args')] },
    ]);
    expect(outputTextOf(output)).toBe('answer');
  });

  it('leaves out refusals and parts of other types inside a message', () => {
    const output = asOutput([
      {
        type: 'message',
        id: 'm',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'refusal', refusal: 'no' }, { type: 'input_text', text: 'echoed' }, text('yes')],
      },
    ]);
    expect(outputTextOf(output)).toBe('yes');
  });

  it('skips what a partial or malformed output holds instead of throwing', () => {
    const output = asOutput([
      null,
      undefined,
      { type: 'message', id: 'a', role: 'assistant', status: 'in_progress' },
      { type: 'message', id: 'b', role: 'assistant', status: 'in_progress', content: 'not a list' },
      { type: 'message', id: 'c', role: 'assistant', status: 'in_progress', content: [null, text(null), text(7), text('kept')] },
    ]);
    expect(outputTextOf(output)).toBe('kept');
  });
});
