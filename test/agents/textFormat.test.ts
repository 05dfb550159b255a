// textFormat(): the request's `text.format` for structured output. Its TSDoc: `json_schema`,
// strict unless told otherwise, the schema from toJSONSchema() with the same strictness, and a
// description only when one is given.
import { describe, expect, it } from 'vitest';
import { textFormat } from '../../src/index.js';

const plain = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

describe('textFormat', () => {
  it('is strict by default, closing the objects of the schema', () => {
    expect(textFormat(plain, 'weather')).toStrictEqual({
      type: 'json_schema',
      name: 'weather',
      schema: { ...plain, additionalProperties: false },
      strict: true,
    });
  });

  it('with strict: false, sends the schema as given and says so', () => {
    expect(textFormat(plain, 'weather', { strict: false })).toStrictEqual({ type: 'json_schema', name: 'weather', schema: plain, strict: false });
  });

  it('adds a description only when one is given', () => {
    expect(textFormat(plain, 'w', { description: 'The weather' })).toStrictEqual({
      type: 'json_schema',
      name: 'w',
      schema: { ...plain, additionalProperties: false },
      strict: true,
      description: 'The weather',
    });
    expect(Object.keys(textFormat(plain, 'w', {}))).not.toContain('description');
    expect(textFormat(plain, 'w', { description: '' })).toHaveProperty('description', '');
  });
});
