import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/events/ResponseStreamEvent.js';
import type { ResponseSnapshot } from '../../src/reduce/ResponseSnapshot.js';
import { applyEvent } from '../../src/reduce/applyEvent.js';
import { emptySnapshot } from '../../src/reduce/emptySnapshot.js';
import { deepFreeze } from '../support/deepFreeze.js';

// A shell output delta event whose `delta` is missing or not an object (a truncated or
// foreign frame) changes nothing and never throws (EVENTS.md §2: diagnose, don't crash).
describe('applyEvent: shell output deltas without a delta object', () => {
  it('leave the result as it was', () => {
    for (const delta of [undefined, null, 'x', 5]) {
      const events = [
        { type: 'response.created', sequence_number: 0, response: { id: 'r', model: 'gpt', output: [] } },
        { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { type: 'shell_call_output', id: 'so', call_id: 'c', output: [{ stdout: 'o', stderr: '', outcome: null }] } },
        { type: 'response.shell_call_output_content.delta', sequence_number: 2, output_index: 0, item_id: 'so', command_index: 0, delta },
      ];
      const snapshots: ResponseSnapshot[] = [];
      let s = emptySnapshot();
      for (const e of events) snapshots.push((s = deepFreeze(applyEvent(s, deepFreeze(e) as unknown as ResponseStreamEvent))));
      expect(snapshots[2]?.output[0]).toBe(snapshots[1]?.output[0]);
      expect(snapshots[2]?.diagnostics).toEqual([]);
    }
  });
});
