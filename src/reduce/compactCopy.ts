/**
 * @internal A shallow copy of `source` that V8 can copy again quickly.
 *
 * An object spread (`{ ...o }`) keeps at most four properties inside the new object (Node 20's
 * V8) and puts the rest in a separate array; spreading such an object again takes a slow
 * path, several times the cost of spreading an object `JSON.parse` made, which holds all its
 * properties inline. Objects copied once per delta (an item whose text grows, the response
 * behind every snapshot) are therefore copied from a source made here: `JSON.parse` builds an
 * object with the same keys in the same order and every property inline, and the values are
 * then stored into it. Objects with at most `spreadUpTo` keys, and anything unusual (symbol
 * keys, an own `__proto__` key, which a plain store would turn into a prototype change), get a
 * plain spread: the copy is the same either way, only its speed differs. Text parts pass 0:
 * measured, even their four-property spread copies are several times faster from a source
 * made here than from the previous copy.
 */
export function compactCopy<T extends object>(source: T, spreadUpTo = 4): T {
  const keys = Object.keys(source);
  if (keys.length <= spreadUpTo || keys.includes('__proto__') || Object.getOwnPropertySymbols(source).length > 0) return { ...source };
  let template = '{';
  for (let i = 0; i < keys.length; i++) template += `${i === 0 ? '' : ','}${JSON.stringify(keys[i])}:null`;
  const copy = JSON.parse(`${template}}`) as Record<string, unknown>;
  const from = source as Record<string, unknown>;
  for (const key of keys) copy[key] = from[key];
  return copy as T;
}
