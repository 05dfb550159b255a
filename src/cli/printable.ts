// C0 controls except tab and line feed, DEL and C1 controls: enough to move a terminal's
// cursor, recolour it or retitle it, so text from a recording never reaches it raw.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Makes text from a recording safe to print on a terminal: control characters other than tab
 * and line feed (escape sequences, carriage returns) become `\u{…}` escapes.
 *
 * @example
 * ```ts
 * process.stdout.write(printable(snapshot.outputText));
 * ```
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (char) => `\\u{${char.codePointAt(0)?.toString(16) ?? ''}}`);
}
