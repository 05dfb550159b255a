import { describe, expect, it } from 'vitest';
import { withField } from '../../src/reduce/withField.js';

describe('withField', () => {
  it('gives a new object with the one field replaced and every other field kept', () => {
    const source = Object.freeze({ id: 'm', status: 'in_progress', content: [] as unknown[] });
    const copy = withField(source, 'status', 'completed');
    expect(copy).toEqual({ id: 'm', status: 'completed', content: [] });
    expect(copy).not.toBe(source);
    expect(copy.content).toBe(source.content);
    expect(source.status).toBe('in_progress');
  });

  it('adds a field the source did not have', () => {
    expect(withField({ type: 'code_interpreter_call' }, 'code', 'print(1)')).toEqual({ type: 'code_interpreter_call', code: 'print(1)' });
  });

  it('keeps a parsed `__proto__` key as data, never as the copy’s prototype', () => {
    const source = JSON.parse('{"__proto__":{"polluted":true},"text":""}') as { text: string };
    const copy = withField(source, 'text', 'hi');
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(copy).sort()).toEqual(['__proto__', 'text']);
    expect(copy.text).toBe('hi');
  });
});
