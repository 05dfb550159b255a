import { describe, expect, it } from 'vitest';
import { isStreamParseError } from '../../src/errors/StreamParseError.js';
import { isDoneSentinel, parseEventData } from '../../src/sources/parseEventData.js';

function parseError(data: string, position: { eventNumber: number; line?: number }): unknown {
  try {
    parseEventData(data, position);
  } catch (error) {
    return error;
  }
  throw new Error('expected parseEventData to throw');
}

describe('parseEventData', () => {
  it('returns the parsed object as is, unknown types and extra fields included', () => {
    expect(parseEventData('{"type":"response.future_thing","x":[1],"obfuscation":"zz"}', { eventNumber: 1 })).toEqual({
      type: 'response.future_thing',
      x: [1],
      obfuscation: 'zz',
    });
  });

  it('throws invalid_json for text that is not JSON, with the position', () => {
    const error = parseError('{"type":"a"', { eventNumber: 4, line: 9 });
    expect(isStreamParseError(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'invalid_json', eventNumber: 4, line: 9, raw: '{"type":"a"' });
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it.each(['{}', '{"type":null}', '{"type":3}', '[{"type":"a"}]', '"a"', '1', 'null'])('throws missing_type for %s', (data) => {
    expect(parseError(data, { eventNumber: 2 })).toMatchObject({ reason: 'missing_type', eventNumber: 2, line: undefined });
  });

  it('keeps at most 200 characters of the offending text', () => {
    const error = parseError(`x${'y'.repeat(500)}`, { eventNumber: 1 }) as { raw: string };
    expect(error.raw.length).toBeLessThanOrEqual(201);
  });
});

describe('isDoneSentinel', () => {
  it.each([
    ['[DONE]', true],
    [' [DONE]\r\n', true],
    [`${' '.repeat(13)}[DONE]${' '.repeat(13)}`, true],
    ['[done]', false],
    ['"[DONE]"', false],
    ['{"type":"[DONE]"}', false],
  ] as const)('%j -> %s', (data, expected) => {
    expect(isDoneSentinel(data)).toBe(expected);
  });
});
