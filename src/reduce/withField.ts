/**
 * @internal A shallow copy of `source` with one field replaced: the one allocation a change
 * needs per level of the path. Measured on Node 20, a plain spread plus a store is several
 * times faster than an object spread with an override (`{ ...source, [key]: value }`), which
 * takes V8's slow path; this runs once per level for every delta. Not `Object.assign`: it
 * assigns an own `__proto__` key (which `JSON.parse` creates) through the setter, giving the
 * copy a prototype from the server's data and dropping the key.
 */
export function withField<T extends object>(source: T, key: string, value: unknown): T {
  const copy = { ...source } as Record<string, unknown>;
  copy[key] = value;
  return copy as T;
}
