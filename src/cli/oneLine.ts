import { printable } from './printable.js';

/** Longest line printed for a message or a quoted value, in characters. */
const MAX_LINE = 300;

/**
 * Text from a file, a server or an error made fit for one line of a terminal: whitespace runs
 * (line breaks included) become one space, control characters are escaped (see
 * {@link printable}), and anything past `max` characters is cut, ending in `…`.
 *
 * @example
 * ```ts
 * process.stderr.write(`rx-responses: ${oneLine(error.message)}\n`);
 * ```
 */
export function oneLine(text: string, max = MAX_LINE): string {
  const flat = printable(text.replace(/\s+/g, ' ').trim());
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
