import { describe, expect, it } from 'vitest';
import { detectRecordingFormat } from '../../src/sources/detectRecordingFormat.js';

describe('detectRecordingFormat', () => {
  it.each([
    ['event: response.created\ndata: {}\n\n', 'sse'],
    ['data: {"type":"a"}\n\n', 'sse'],
    ['id: 1\ndata: {}\n\n', 'sse'],
    ['retry: 100\n', 'sse'],
    [': comment\n', 'sse'],
    ['\uFEFF\r\n\n  \ndata: {}\n\n', 'sse'],
    ['\uFEFFevent: response.created\ndata: {}\n\n', 'sse'],
    [':', 'sse'],
    ['\n\n{', 'jsonl'],
    ['{"type":"a"}\n', 'jsonl'],
    ['\uFEFF\n\n{"type":"a"}\n', 'jsonl'],
    ['{"type":"event: x"}\ndata: {}\n', 'jsonl'],
    ['', 'jsonl'],
    ['\n\n', 'jsonl'],
  ] as const)('%j is %s', (text, format) => {
    expect(detectRecordingFormat(text)).toBe(format);
  });
});
