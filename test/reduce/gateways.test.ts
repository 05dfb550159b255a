import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, type ResponseStreamEvent, diagnostics, finalResponse, fromJSONL } from '../../src/index.js';
import { isTerminalType } from '../support/fixtures.js';
import { listRecordings } from '../support/listRecordings.js';
import { messageText } from '../support/messageText.js';

// OpenAI-compatible gateways are reported to send streams that differ from OpenAI's in the
// ways below. Each variant is derived from a visible recording; the final text must still be
// the recording's own final text, with a diagnostic wherever the stream deviates visibly.

type Events = Record<string, unknown>[];
type Variant = { name: string; apply: (events: Events) => Events; expects?: Diagnostic['code'][] };

const isTerminal = (e: Record<string, unknown>) => isTerminalType(String(e.type)) && e.type !== 'error';
const withResponse = (e: Record<string, unknown>, change: (r: Record<string, unknown>) => void) => {
  const response = { ...(e.response as Record<string, unknown>) };
  change(response);
  return { ...e, response };
};

const emptyTerminalOutput: Variant = {
  name: 'response.completed with output: [] although text was streamed',
  apply: (events) => events.map((e) => (isTerminal(e) ? withResponse(e, (r) => (r.output = [])) : e)),
  expects: ['terminal_output_missing'],
};
const noAddedEvents: Variant = {
  name: 'deltas with no output_item.added / content_part.added before them',
  apply: (events) => events.filter((e) => e.type !== 'response.output_item.added' && e.type !== 'response.content_part.added'),
  expects: ['unknown_item'],
};
const onlyDoneText: Variant = {
  name: 'only output_text.done events and no deltas',
  apply: (events) => events.filter((e) => e.type !== 'response.output_text.delta'),
  expects: ['done_mismatch'],
};
const noTextDone: Variant = {
  name: 'no output_text.done at all',
  apply: (events) => events.filter((e) => e.type !== 'response.output_text.done'),
};
const onlyItemId: Variant = {
  name: 'deltas without output_index / content_index (only item_id)',
  apply: (events) =>
    events.map((e) => {
      if (typeof e.item_id !== 'string') return e;
      const { output_index: _o, content_index: _c, ...rest } = e;
      return rest;
    }),
  expects: ['missing_output_index'],
};
const terminalWithoutIdOrModel: Variant = {
  name: 'a terminal response without id or model',
  apply: (events) =>
    events.map((e) =>
      isTerminal(e)
        ? withResponse(e, (r) => {
            delete r.id;
            delete r.model;
          })
        : e,
    ),
  expects: ['terminal_missing_fields'],
};
const keepalives: Variant = {
  name: 'keepalive events between the others',
  apply: (events) => events.flatMap((e, i) => (i % 3 === 1 ? [{ type: 'keepalive', sequence_number: e.sequence_number }, e] : [e])),
};
const noSequenceNumbers: Variant = {
  name: 'no sequence_number',
  apply: (events) =>
    events.map((e) => {
      const { sequence_number: _s, ...rest } = e;
      return rest;
    }),
  expects: ['missing_sequence_number'],
};
const combine = (name: string, parts: Variant[]): Variant => ({
  name,
  apply: (events) => parts.reduce((acc, part) => part.apply(acc), events),
  expects: [...new Set(parts.flatMap((p) => p.expects ?? []))],
});

const variants: Variant[] = [
  emptyTerminalOutput,
  noAddedEvents,
  onlyDoneText,
  noTextDone,
  onlyItemId,
  terminalWithoutIdOrModel,
  keepalives,
  noSequenceNumbers,
  combine('all of the above but the text variants at once', [emptyTerminalOutput, noAddedEvents, onlyItemId, terminalWithoutIdOrModel, keepalives, noSequenceNumbers]),
  combine('only done events, nothing added, empty terminal output', [onlyDoneText, noAddedEvents, emptyTerminalOutput]),
  combine('deltas only, nothing added, no indices, empty terminal output', [noTextDone, noAddedEvents, onlyItemId, emptyTerminalOutput]),
];

/** Recordings whose every response ends in response.completed with message text. */
const candidates = listRecordings().filter((rec) => {
  const events = rec.validEvents as Events;
  const terminals = events.filter(isTerminal);
  return (
    rec.invalidLines.length === 0 &&
    terminals.length > 0 &&
    terminals.every((t) => t.type === 'response.completed') &&
    terminals.some((t) => messageText((t.response as { output?: unknown[] }).output) !== '') &&
    events.some((e) => e.type === 'response.output_text.delta')
  );
});

const toJSONL = (events: Events) => `${events.map((e) => JSON.stringify(e)).join('\n')}\ndata: [DONE]\n`;

describe('streams from compatible servers and gateways', () => {
  it('has recordings to derive variants from', () => {
    expect(candidates.length).toBeGreaterThan(20);
  });

  for (const variant of variants) {
    describe(variant.name, () => {
      for (const rec of candidates) {
        it(`gives ${rec.name}'s final text`, async () => {
          const original = rec.validEvents as Events;
          const expected = original.filter(isTerminal).map((t) => messageText((t.response as { output: unknown[] }).output));
          const text = toJSONL(variant.apply(structuredClone(original)));
          const responses = await lastValueFrom(fromJSONL(text).pipe(finalResponse(), toArray()));
          expect(responses.map((r) => r.output_text)).toEqual(expected);
          expect(responses.every((r) => typeof r.id === 'string' && r.id !== '')).toBe(true);
          const found = new Set((await lastValueFrom(fromJSONL(text).pipe(diagnostics(), toArray()))).map((d) => d.code));
          for (const code of variant.expects ?? []) expect(found, `missing diagnostic ${code}`).toContain(code);
        });
      }
    });
  }
});
