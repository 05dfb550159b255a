import { describe, expect, it } from 'vitest';
import { compactCopy } from '../../src/reduce/compactCopy.js';

// compactCopy only changes how fast a copy can be copied again; what it copies must be exactly
// what a spread copies, or items in snapshots would differ between the short and the full way.
describe('compactCopy', () => {
  const cases: Record<string, () => object> = {
    'a message item': () => JSON.parse('{"id":"msg_1","type":"message","status":"in_progress","content":[{"type":"output_text","text":"a"}],"role":"assistant","extra":{"x":1}}') as object,
    'a small object': () => ({ a: 1, b: 'two' }),
    'integer-like keys, which enumerate first': () => JSON.parse('{"b":1,"10":2,"a":3,"2":4,"c":5,"d":6}') as object,
    'an own __proto__ key from JSON': () => JSON.parse('{"__proto__":{"polluted":true},"a":1,"b":2,"c":3,"d":4,"e":5}') as object,
    'keys that need escaping': () => JSON.parse('{"quote\\"d":1,"back\\\\slash":2,"uni\\u2028":3,"":4,"e":5}') as object,
    'symbol keys': () => ({ a: 1, b: 2, c: 3, d: 4, e: 5, [Symbol.for('s')]: 6 }),
  };
  for (const [name, make] of Object.entries(cases)) {
    it(`copies ${name} like a spread: same keys in the same order, same values, plain prototype`, () => {
      const source = make();
      const copy = compactCopy(source);
      const spread = { ...source };
      expect(copy).not.toBe(source);
      expect(Reflect.ownKeys(copy)).toEqual(Reflect.ownKeys(spread));
      for (const key of Reflect.ownKeys(spread)) expect((copy as Record<PropertyKey, unknown>)[key]).toBe((spread as Record<PropertyKey, unknown>)[key]);
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }
});
