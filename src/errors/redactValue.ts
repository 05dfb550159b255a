/**
 * @internal A copy of a JSON value (such as an error payload from the wire) with every string in
 * it, object keys included, passed through `redact`. Nesting deeper than `maxDepth` is replaced
 * by `'[too deep]'`, so a hostile payload cannot exhaust the stack.
 *
 * @example
 * ```ts
 * const payload = redactValue(event.error, redact);
 * ```
 */
export function redactValue(value: unknown, redact: (text: string) => string, maxDepth = 32): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (maxDepth <= 0) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact, maxDepth - 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // defineProperty, so a `__proto__` key from the wire stays a plain field.
    Object.defineProperty(copy, redact(key), { value: redactValue(item, redact, maxDepth - 1), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
