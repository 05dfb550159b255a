import { describe, expect, it } from 'vitest';
import { withArticle } from '../../src/reduce/withArticle.js';

// Diagnostics name item and part types with an article: "an output_text part", "a message item".
describe('withArticle', () => {
  it('puts "an" before a type that begins with a vowel, in either case', () => {
    for (const noun of ['output_text', 'image_generation_call', 'apply_patch_call', 'Output', 'Unknown', 'ephemeral']) {
      expect(withArticle(noun)).toBe(`an ${noun}`);
    }
  });

  it('puts "a" before any other first letter, and only the first letter counts', () => {
    for (const noun of ['message', 'reasoning', 'function_call', 'summary_text', 'web_search_call', 'Refusal', 'x_output', '']) {
      expect(withArticle(noun)).toBe(`a ${noun}`);
    }
  });
});
