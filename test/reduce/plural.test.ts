import { describe, expect, it } from 'vitest';
import { plural } from '../../src/reduce/plural.js';

// The count and its noun in diagnostics and error messages: "1 event", never "1 events".
describe('plural', () => {
  it('puts one in the singular and every other count, zero included, in the plural', () => {
    expect(plural(1, 'event')).toBe('1 event');
    expect(plural(0, 'event')).toBe('0 events');
    expect(plural(2, 'event')).toBe('2 events');
    expect(plural(11, 'item')).toBe('11 items');
  });

  it('uses the given plural for nouns and phrases that do not just take an s', () => {
    expect(plural(1, 'item exists', 'items exist')).toBe('1 item exists');
    expect(plural(3, 'item exists', 'items exist')).toBe('3 items exist');
  });
});
