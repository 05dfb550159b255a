/**
 * @internal A shallow copy of `source` with one field replaced: the one allocation a change
 * needs per level of the path. Measured on Node 20, `Object.assign` plus a store is several
 * times faster than an object spread with an override (`{ ...source, [key]: value }`), which
 * takes V8's slow path; this runs once per level for every delta.
 */
export function withField<T extends object>(source: T, key: string, value: unknown): T {
  const copy = Object.assign({}, source) as Record<string, unknown>;
  copy[key] = value;
  return copy as T;
}
