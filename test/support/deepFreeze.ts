/**
 * Freezes a value and everything reachable from it. Already-frozen objects are not walked
 * again, so freezing each snapshot of a structurally shared sequence only visits what changed.
 * Any later mutation of a frozen object throws (ES modules are strict), which is how the
 * immutability tests catch a reducer that writes into its input.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (value instanceof Map) {
    for (const entry of value.values()) deepFreeze(entry);
    return value;
  }
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
