/**
 * @internal A count with its noun in the right number, for messages (diagnostics, errors, the
 * CLI): `plural(1, 'event')` is `1 event`, `plural(2, 'event')` is `2 events`. `many` is for
 * nouns whose plural is not the noun plus `s`, or phrases: `plural(n, 'item exists', 'items exist')`.
 *
 * @example
 * ```ts
 * `${plural(events.length, 'event')} replayed`; // '3 events replayed'
 * ```
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
