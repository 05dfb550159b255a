/**
 * @internal What a run of deltas looks like on the wire, learned from the raw JSON of one delta:
 * the same keys in the same order, the same values for every field but `sequence_number`,
 * `delta` and `obfuscation`, and no whitespace. A payload it matches parses (with `JSON.parse`)
 * to an event that differs from the learned one only in those three fields, so the next delta
 * of the run can be read from the text without building the event.
 *
 * A JSON string's text, as the pattern accepts it, is exactly what JSON allows between quotes:
 * no `"`, no `\` but a valid escape, no control character below U+0020.
 *
 * @example
 * ```ts
 * const raw = '{"type":"response.output_text.delta","sequence_number":4,"item_id":"m","output_index":0,"content_index":0,"delta":"Hi"}';
 * const pattern = DeltaLinePattern.learn(raw, JSON.parse(raw));
 * pattern?.read(raw.replace('4', '5').replace('Hi', ' there')); // true: pattern.seq 5, pattern.delta ' there'
 * ```
 */
export class DeltaLinePattern {
  /** Set by a successful {@link DeltaLinePattern.read}. */
  seq = 0;
  delta = '';

  private constructor(
    private readonly regex: RegExp,
    private readonly seqGroup: number,
    private readonly deltaGroup: number,
  ) {}

  /**
   * The pattern of the deltas like `event`, whose raw JSON is `raw`; `undefined` when `raw` is
   * not a flat object written without whitespace whose `sequence_number` is a plain integer
   * and whose `delta` is a string (or when a key repeats), so that the short way never guesses.
   */
  static learn(raw: string, event: Readonly<Record<string, unknown>>): DeltaLinePattern | undefined {
    if (raw.length > MAX_LEARNED_LENGTH) return undefined;
    const keys = new Set<string>();
    let source = '^\\{';
    let group = 0;
    let seqGroup = 0;
    let deltaGroup = 0;
    let at = 1;
    if (raw.charCodeAt(0) !== OPEN_BRACE) return undefined;
    for (;;) {
      KEY.lastIndex = at;
      const key = KEY.exec(raw);
      if (key === null) return undefined;
      const name = key[1] as string;
      if (keys.has(name)) return undefined;
      keys.add(name);
      at = KEY.lastIndex;
      source += `${escapeRegExp(key[0])}`;
      if (name === 'sequence_number') {
        INTEGER.lastIndex = at;
        const digits = INTEGER.exec(raw);
        if (digits === null || Number(digits[0]) !== event.sequence_number) return undefined;
        at = INTEGER.lastIndex;
        source += `(${INTEGER.source})`;
        seqGroup = ++group;
      } else if (name === 'delta' || name === 'obfuscation') {
        STRING.lastIndex = at;
        const text = STRING.exec(raw);
        if (text === null) return undefined;
        at = STRING.lastIndex;
        if (name === 'delta') {
          if (decode(text[1] as string) !== event.delta) return undefined;
          source += `"(${STRING_BODY})"`;
          deltaGroup = ++group;
        } else source += `"${STRING_BODY}"`;
      } else {
        VALUE.lastIndex = at;
        const value = VALUE.exec(raw);
        if (value === null) return undefined;
        at = VALUE.lastIndex;
        source += escapeRegExp(value[0]);
      }
      const next = raw.charCodeAt(at++);
      if (next === COMMA) source += ',';
      else if (next === CLOSE_BRACE && at === raw.length) break;
      else return undefined;
    }
    if (seqGroup === 0 || deltaGroup === 0) return undefined;
    return new DeltaLinePattern(new RegExp(`${source}\\}$`), seqGroup, deltaGroup);
  }

  /**
   * True when `raw` is a delta of this pattern: then {@link DeltaLinePattern.seq} and
   * {@link DeltaLinePattern.delta} hold its values, exactly as `JSON.parse` would give them.
   */
  read(raw: string): boolean {
    const match = this.regex.exec(raw);
    if (match === null) return false;
    this.seq = Number(match[this.seqGroup]);
    this.delta = decode(match[this.deltaGroup] as string);
    return true;
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
/** Longer deltas are rare and gain little from the short way; learning one costs its length. */
const MAX_LEARNED_LENGTH = 4096;
/** The text of a JSON string, between its quotes. */
const STRING_BODY = '(?:[^"\\\\\\u0000-\\u001f]|\\\\["\\\\/bfnrt]|\\\\u[0-9a-fA-F]{4})*';
/** A key and its colon; the key's text has no escape, so the key is what it reads. */
const KEY = /"([^"\\\u0000-\u001f]*)":/y;
/** An integer that a double holds exactly, written as JSON writes it. */
const INTEGER = /0|[1-9][0-9]{0,14}/y;
const STRING = new RegExp(`"(${STRING_BODY})"`, 'y');
/** A value other than an object or array with something inside: one token. */
const VALUE = new RegExp(`"${STRING_BODY}"|-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null|\\[\\]|\\{\\}`, 'y');

function decode(body: string): string {
  return body.indexOf('\\') === -1 ? body : (JSON.parse(`"${body}"`) as string);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
