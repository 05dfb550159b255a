import { describe, expect, it } from 'vitest';
import { fromRecording } from '../../src/sources/fromRecording.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { jsonlToSSE } from '../support/jsonlToSSE.js';
import { listRecordings } from '../support/listRecordings.js';

describe('fromRecording', () => {
  for (const recording of listRecordings()) {
    it(`reads ${recording.name} as JSON Lines and as SSE alike`, async () => {
      const asJSONL = await collectNotifications(fromRecording(recording.text, { invalidInput: 'skip' }));
      const asSSE = await collectNotifications(fromRecording(jsonlToSSE(recording.text, '\r\n'), { invalidInput: 'skip' }));
      expect(asJSONL.values.filter((e) => e.type !== 'rx.skipped_input')).toEqual(recording.validEvents);
      expect(asSSE.values.filter((e) => e.type !== 'rx.skipped_input')).toEqual(recording.validEvents);
      // Only JSON Lines input has line numbers.
      const lines = (values: unknown[]): unknown[] => values.map((e) => (e as { line?: number }).line);
      expect(lines(asJSONL.values.filter((e) => e.type === 'rx.skipped_input'))).toEqual(recording.invalidLines);
      expect(lines(asSSE.values.filter((e) => e.type === 'rx.skipped_input'))).toEqual(recording.invalidLines.map(() => undefined));
    });
  }

  it('emits synchronously on subscribe, with either format', () => {
    for (const text of ['{"type":"a"}\n', ': comment\n\ndata: {"type":"a"}']) {
      const seen: string[] = [];
      fromRecording(text).subscribe((e) => seen.push(e.type));
      expect(seen).toEqual(['a']);
    }
  });

  it('errors with the parse error by default', async () => {
    const result = await collectNotifications(fromRecording('{"type":"a"}\n{"type"\n'));
    expect(result.values).toEqual([{ type: 'a' }]);
    expect(result.error).toMatchObject({ name: 'StreamParseError', reason: 'invalid_json', line: 2 });
  });
});
