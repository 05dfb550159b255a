// isToolLoopEvent() picks out the events the tool loop adds to a run (client.responses.run),
// so a consumer can route them apart from the response's own events.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { isToolLoopEvent, type ToolLoopEvent } from '../../src/index.js';
import { listRecordings } from '../support/listRecordings.js';

// The four kinds the tool loop emits, as its public union names them (checked below).
const LOOP_TYPES = ['rx.tool_call.started', 'rx.tool_call.result', 'rx.tool_call.failed', 'rx.turn.ended'] as const;

describe('isToolLoopEvent', () => {
  it('names exactly the types of the ToolLoopEvent union', () => {
    expectTypeOf<ToolLoopEvent['type']>().toEqualTypeOf<(typeof LOOP_TYPES)[number]>();
    expect(LOOP_TYPES.map((type) => isToolLoopEvent({ type }))).toEqual([true, true, true, true]);
  });

  it('is false for every event of every recording, and for names that only look alike', () => {
    const types = new Set(listRecordings().flatMap((r) => r.validEvents.map((event) => (event as { type: string }).type)));
    expect(types.size).toBeGreaterThan(20);
    for (const type of [...types, 'rx.tool_call', 'rx.turn.started', 'RX.TURN.ENDED', 'rx.turn.ended ', '']) {
      expect(isToolLoopEvent({ type }), type).toBe(false);
    }
  });
});
