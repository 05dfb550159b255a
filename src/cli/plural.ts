/**
 * A count with its noun in the right number: `plural(1, 'event')` is `1 event`, `plural(2, 'event')`
 * is `2 events`. `many` is for nouns whose plural is not the noun plus `s`.
 *
 * @example
 * ```ts
 * process.stderr.write(`${plural(events.length, 'event')} replayed\n`);
 * ```
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
