import { describe, expect, it } from 'vitest';
import { appendText } from '../../src/reduce/appendText.js';

describe('appendText', () => {
  it('gives the text followed by the delta, whatever the event number', () => {
    // 16384 is where the function flattens its result; the text must be the same on either side.
    for (const n of [0, 1, 16383, 16384, 16385, 32768]) {
      expect(appendText(n, 'Hello, ', 'world')).toBe('Hello, world');
      expect(appendText(n, '', 'x')).toBe('x');
      expect(appendText(n, 'x', '')).toBe('x');
      expect(appendText(n, '', '')).toBe('');
    }
  });

  it('grows a long text delta by delta without losing or reordering anything', () => {
    let text = '';
    let expected = '';
    for (let n = 0; n < 40000; n++) {
      const delta = String.fromCharCode(97 + (n % 26));
      text = appendText(n, text, delta);
      expected += delta;
    }
    expect(text).toBe(expected);
  });
});
