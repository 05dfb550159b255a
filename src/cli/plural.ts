/**
 * A count with its noun in the right number: `plural(1, 'event')` is `1 event`, `plural(2, 'event')`
 * is `2 events`. `many` is for nouns whose plural is not the noun plus `s`.
 *
 * The CLI's own copy of the library's internal `reduce/plural.ts`: the CLI is built against the
 * package's public entries only (tsup's use-public-entries rule), and a wording helper is not
 * worth a public export.
 *
 * @example
 * ```ts
 * process.stderr.write(`${plural(events.length, 'event')} replayed\n`);
 * ```
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
