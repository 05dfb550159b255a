import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '../../src/index.js';

// The snapshot before any event, which every fold starts from (and what a UI shows before the
// first event): an empty response in progress (with the SDK's running
// `output_text`, empty), nothing counted, no diagnostics.
describe('emptySnapshot', () => {
  it('is an empty in-progress response with no id, nothing streamed and nothing counted', () => {
    const s = emptySnapshot();
    expect(s.response).toStrictEqual({ id: '', object: 'response', status: 'in_progress', output: [], output_text: '' });
    expect(s.output).toStrictEqual([]);
    expect(s.outputText).toBe('');
    expect(s.phase).toBe('streaming');
    expect(s.streamError).toBeUndefined();
    expect(s.diagnostics).toStrictEqual([]);
    expect(s.eventCount).toBe(0);
    expect(s.lastSequenceNumber).toBeUndefined();
    expect(s.responseIndex).toBe(0);
    expect(s.started).toBe(false);
    expect(s.partialImages.size).toBe(0);
    expect(s.outputIndexMap).toBeUndefined();
  });

  it('writes as JSON with the same empty fields', () => {
    expect(JSON.parse(JSON.stringify(emptySnapshot()))).toStrictEqual({
      response: { id: '', object: 'response', status: 'in_progress', output: [], output_text: '' },
      outputText: '',
      phase: 'streaming',
      diagnostics: [],
      eventCount: 0,
      responseIndex: 0,
      partialImages: {},
      started: false,
    });
  });
});
