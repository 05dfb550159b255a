import { InvalidJSONError } from '../errors/InvalidJSONError.js';

/*
 * An incremental JSON parser whose partial values are immutable and share structure.
 *
 * The state survives between writes (the open containers, the string or number being read,
 * a half-read escape), so each write costs what its own text costs, whatever came before.
 * Containers are copied on write at most once per published value: after `value` is read,
 * the next change copies the open containers on the path to it (the "spine") and mutates
 * the copies in place until the next `value`. Everything off that path keeps its identity.
 */

const ARRAY = 0;
const OBJECT = 1;

// What the parser expects next.
const M_VALUE = 0; // a value (after `:`, `,` in an array, or at the start)
const M_VALUE_OR_CLOSE = 1; // a value or `]` (right after `[`)
const M_KEY_OR_CLOSE = 2; // a key or `}` (right after `{`)
const M_KEY = 3; // a key (after `,` in an object)
const M_COLON = 4;
const M_AFTER = 5; // `,` or the container's closer, or only whitespace at the top
const M_STRING = 6;
const M_NUMBER = 7;
const M_LITERAL = 8;
const M_DONE_ERROR = 9;

const LITERALS: Record<string, { text: string; value: boolean | null }> = {
  t: { text: 'true', value: true },
  f: { text: 'false', value: false },
  n: { text: 'null', value: null },
};

const NUMBER_SYNTAX = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

interface Frame {
  kind: typeof ARRAY | typeof OBJECT;
  value: unknown[] | Record<string, unknown>;
  /** True while `value` is a copy nobody has seen yet, so it may be changed in place. */
  owned: boolean;
  /** The key whose value is being read (objects). */
  key: string;
  /** Values placed in it so far (an upper bound on its width). */
  size: number;
}

/**
 * Parses JSON text that arrives in pieces and gives, after any piece, the value so far as an
 * immutable partial value.
 *
 * - Cost: each `write` costs in proportion to its own text (plus copying the containers that
 *   are still open on the path to the change, once per read of `value`), never to the text
 *   already received.
 * - Structural sharing: two values read one after the other are `===` wherever nothing
 *   changed in between; a change creates new objects only along its path.
 * - What a partial value holds: complete values, strings so far (a prefix of the final
 *   string; a half-read escape or a lone high surrogate waits for the next piece), open
 *   arrays and objects with what they hold so far. A number appears only once a character
 *   after it shows that it is complete (or at `end()`), `true`/`false`/`null` once fully read,
 *   and a key once its value has started. So every partial value is a prefix of the final one:
 *   every string a prefix of the final string, every other leaf final.
 * - Input the parser cannot accept throws {@link InvalidJSONError}, from that write on.
 *
 * @example
 * ```ts
 * const parser = new PartialJSONParser();
 * parser.write('{"city": "Par');
 * parser.value; // { city: 'Par' }
 * parser.write('is", "days": [1, 2');
 * parser.value; // { city: 'Paris', days: [1] }  (2 may still grow)
 * parser.end(); // throws InvalidJSONError: the text ended inside an array
 * ```
 */
export class PartialJSONParser {
  private frames: Frame[] = [];
  private root: unknown = undefined;
  private mode = M_VALUE;
  private position = 0;
  /** The last characters seen, for error messages. */
  private tail = '';
  private dirty = false;
  /** Sum of the open containers' sizes: what publishing then changing may have to copy. */
  private spineWidth = 0;
  private sincePublish = 0;
  private failure: InvalidJSONError | undefined;

  // String state.
  private isKey = false;
  private str = '';
  /** A high surrogate waiting for its low half, kept out of the published string. */
  private held = '';
  /** 0: none, 1: after `\`, 2-5: reading the hex digits of `\u` (count = mode - 2). */
  private escape = 0;
  private hex = 0;
  /** True while a string value (not a key) is being read. */
  private valueString = false;
  /** Length of the string value as last placed in its container. */
  private publishedLength = 0;

  // Number and literal state.
  private num = '';
  private literal = '';
  private literalAt = 0;
  private literalValue: boolean | null = null;

  /** True when the value changed since it was last read. */
  get changed(): boolean {
    return this.dirty || (this.valueString && this.str.length !== this.publishedLength);
  }

  /**
   * True when the value changed and reading it now is worth its price. Reading `value` makes
   * the next change copy the open containers on its path; for a huge open array that copy
   * would cost more than the text it covers. So this is false until the text written since
   * the last read is at least a quarter of the open containers' width: consumers that read
   * only when `due` spend at most a few pointer copies per character, however big the
   * document. Containers of up to 80 entries with 20-character pieces: due after every change.
   */
  get due(): boolean {
    return this.changed && this.sincePublish * 4 >= this.spineWidth;
  }

  /** True once a complete top-level value has been read (whitespace may follow). */
  get complete(): boolean {
    return this.mode === M_AFTER && this.frames.length === 0;
  }

  /** The number of characters written so far. */
  get length(): number {
    return this.position;
  }

  /**
   * The value so far (`undefined` before anything is known). Reading it publishes it: later
   * writes copy what they change instead of changing what this returned.
   */
  get value(): unknown {
    this.publishString();
    const frames = this.frames;
    // Ownership runs from the root up the spine, so the first frame not owned ends the run.
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i] as Frame;
      if (!frame.owned) break;
      frame.owned = false;
    }
    this.dirty = false;
    this.sincePublish = 0;
    return this.root;
  }

  /**
   * Parses the next piece of text.
   *
   * @throws {@link InvalidJSONError} when the text is not JSON (and on every write after that).
   */
  write(text: string): void {
    if (this.failure !== undefined) throw this.failure;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const mode = this.mode;
      if (mode === M_STRING) {
        i = this.readString(text, i);
        continue;
      }
      const c = text.charCodeAt(i);
      if (mode === M_NUMBER) {
        // digits, '-', '+', '.', 'e', 'E'
        if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69) {
          const start = i;
          i++;
          while (i < n) {
            const d = text.charCodeAt(i);
            if (!((d >= 48 && d <= 57) || d === 45 || d === 43 || d === 46 || d === 101 || d === 69)) break;
            i++;
          }
          this.num += text.slice(start, i);
          // At the character that made it too long, however the text was cut into pieces.
          if (this.num.length > 1_000) this.fail('Number too long', text, i - (this.num.length - 1_001));
          continue;
        }
        this.finishNumber(text, i);
        continue; // the character is read again in M_AFTER
      }
      if (mode === M_LITERAL) {
        if (c !== this.literal.charCodeAt(this.literalAt)) this.fail(`Unexpected ${describe(text, i)} in literal ${this.literal}`, text, i);
        i++;
        if (++this.literalAt === this.literal.length) {
          this.mode = M_AFTER;
          this.setValue(this.literalValue);
        }
        continue;
      }
      // Whitespace between tokens.
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        i++;
        continue;
      }
      switch (mode) {
        case M_VALUE:
        case M_VALUE_OR_CLOSE:
          if (c === 93 && mode === M_VALUE_OR_CLOSE) {
            this.close(ARRAY);
            i++;
          } else {
            this.startValue(text, i);
            i++;
          }
          break;
        case M_KEY_OR_CLOSE:
        case M_KEY:
          if (c === 34) {
            this.startString(true);
          } else if (c === 125 && mode === M_KEY_OR_CLOSE) {
            this.close(OBJECT);
          } else {
            this.fail(`Expected a key ${mode === M_KEY ? '' : "or '}' "}but found ${describe(text, i)}`, text, i);
          }
          i++;
          break;
        case M_COLON:
          if (c !== 58) this.fail(`Expected ':' but found ${describe(text, i)}`, text, i);
          this.mode = M_VALUE;
          i++;
          break;
        case M_AFTER: {
          const top = this.frames[this.frames.length - 1];
          if (top === undefined) this.fail(`Unexpected ${describe(text, i)} after the end of the value`, text, i);
          else if (c === 44) {
            this.mode = top.kind === ARRAY ? M_VALUE : M_KEY;
          } else if (c === 93 && top.kind === ARRAY) this.close(ARRAY);
          else if (c === 125 && top.kind === OBJECT) this.close(OBJECT);
          else this.fail(`Expected ',' or '${top.kind === ARRAY ? ']' : '}'}' but found ${describe(text, i)}`, text, i);
          i++;
          break;
        }
        default:
          this.fail('Unexpected state', text, i);
      }
    }
    this.position += n;
    this.sincePublish += n;
    this.tail = (this.tail + text).slice(-40);
  }

  /**
   * Ends the text and returns the final value: what `JSON.parse` of the whole text gives.
   *
   * @throws {@link InvalidJSONError} when the text ended before the value was complete.
   */
  end(): unknown {
    if (this.failure !== undefined) throw this.failure;
    if (this.mode === M_NUMBER && this.frames.length === 0) this.finishNumber('', 0);
    if (!this.complete) {
      const what = this.mode === M_STRING ? 'a string' : this.frames.length > 0 ? (this.frames[this.frames.length - 1]?.kind === ARRAY ? 'an array' : 'an object') : 'nothing';
      this.failure = new InvalidJSONError({ message: `The text ended inside ${what}`, position: this.position, near: this.tail });
      throw this.failure;
    }
    return this.value;
  }

  // -------------------------------------------------------------------------------------------

  private startValue(text: string, i: number): void {
    const c = text.charCodeAt(i);
    if (c === 34) {
      this.startString(false);
    } else if (c === 123 || c === 91) {
      const value: unknown[] | Record<string, unknown> = c === 91 ? [] : {};
      this.setValue(value);
      this.frames.push({ kind: c === 91 ? ARRAY : OBJECT, value, owned: true, key: '', size: 0 });
      this.mode = c === 91 ? M_VALUE_OR_CLOSE : M_KEY_OR_CLOSE;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      this.mode = M_NUMBER;
      this.num = text[i] as string;
    } else {
      const literal = LITERALS[text[i] as string];
      if (literal === undefined) this.fail(`Unexpected ${describe(text, i)} where a value was expected`, text, i);
      this.mode = M_LITERAL;
      this.literal = literal.text;
      this.literalAt = 1;
      this.literalValue = literal.value;
    }
  }

  private finishNumber(text: string, i: number): void {
    const num = this.num;
    if (!NUMBER_SYNTAX.test(num)) this.fail(`Invalid number ${JSON.stringify(num)}`, text, i);
    this.num = '';
    this.mode = M_AFTER;
    this.setValue(Number(num));
  }

  private startString(isKey: boolean): void {
    this.mode = M_STRING;
    this.isKey = isKey;
    this.str = '';
    this.held = '';
    this.escape = 0;
    this.valueString = !isKey;
    if (!isKey) {
      this.setValue('');
      this.publishedLength = 0;
    }
  }

  /** Reads string content from `i`; returns where it stopped (after the closing quote, or at the end). */
  private readString(text: string, i: number): number {
    const n = text.length;
    let start = i;
    while (i < n) {
      if (this.escape !== 0) {
        i = this.readEscape(text, i);
        start = i;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 34) {
        if (i > start) this.append(text.slice(start, i));
        this.endString();
        return i + 1;
      }
      if (c === 92) {
        if (i > start) this.append(text.slice(start, i));
        this.escape = 1;
        i++;
        start = i;
        continue;
      }
      if (c < 32) this.fail(`Unescaped control character ${describe(text, i)} in a string`, text, i);
      i++;
    }
    if (i > start) {
      // A high surrogate at the very end may be half of a pair split across writes.
      const last = text.charCodeAt(i - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        if (i - 1 > start) this.append(text.slice(start, i - 1));
        this.holdSurrogate(text[i - 1] as string);
      } else {
        this.append(text.slice(start, i));
      }
    }
    return i;
  }

  private readEscape(text: string, i: number): number {
    const c = text.charCodeAt(i);
    if (this.escape === 1) {
      let ch: string;
      switch (c) {
        case 34: ch = '"'; break;
        case 92: ch = '\\'; break;
        case 47: ch = '/'; break;
        case 98: ch = '\b'; break;
        case 102: ch = '\f'; break;
        case 110: ch = '\n'; break;
        case 114: ch = '\r'; break;
        case 116: ch = '\t'; break;
        case 117:
          this.escape = 2;
          this.hex = 0;
          return i + 1;
        default:
          this.fail(`Invalid escape ${describe(text, i)}`, text, i);
      }
      this.escape = 0;
      this.append(ch);
      return i + 1;
    }
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (digit < 0) this.fail(`Invalid hex digit ${describe(text, i)} in a \\u escape`, text, i);
    this.hex = this.hex * 16 + digit;
    if (++this.escape === 6) {
      this.escape = 0;
      const code = this.hex;
      if (code >= 0xd800 && code <= 0xdbff) this.holdSurrogate(String.fromCharCode(code));
      else this.append(String.fromCharCode(code));
    }
    return i + 1;
  }

  private append(s: string): void {
    if (this.held !== '') {
      this.str += this.held;
      this.held = '';
    }
    this.str += s;
  }

  private holdSurrogate(high: string): void {
    // Two high surrogates in a row: the first one is lone for good.
    if (this.held !== '') this.str += this.held;
    this.held = high;
  }

  private endString(): void {
    if (this.held !== '') {
      this.str += this.held;
      this.held = '';
    }
    this.mode = M_AFTER;
    if (this.isKey) {
      const top = this.frames[this.frames.length - 1] as Frame;
      top.key = this.str;
      this.mode = M_COLON;
    } else {
      this.publishString();
      this.valueString = false;
    }
    this.str = '';
  }

  /** Puts the string read so far into its place, if it grew since it was last put there. */
  private publishString(): void {
    if (!this.valueString || this.str.length === this.publishedLength) return;
    this.publishedLength = this.str.length;
    this.replaceValue(this.str);
  }

  /** Places a new value in the open container (or as the root). */
  private setValue(value: unknown): void {
    this.dirty = true;
    const depth = this.frames.length;
    if (depth === 0) {
      this.root = value;
      return;
    }
    this.own(depth - 1);
    const top = this.frames[depth - 1] as Frame;
    top.size++;
    this.spineWidth++;
    if (top.kind === ARRAY) (top.value as unknown[]).push(value);
    else assign(top.value as Record<string, unknown>, top.key, value);
  }

  /** Replaces the value being read (a growing string) in its place. */
  private replaceValue(value: unknown): void {
    this.dirty = true;
    const depth = this.frames.length;
    if (depth === 0) {
      this.root = value;
      return;
    }
    this.own(depth - 1);
    const top = this.frames[depth - 1] as Frame;
    if (top.kind === ARRAY) {
      const arr = top.value as unknown[];
      arr[arr.length - 1] = value;
    } else assign(top.value as Record<string, unknown>, top.key, value);
  }

  /** Makes frames[0..index] private copies (copy on write), linking each copy into its parent. */
  private own(index: number): void {
    const frames = this.frames;
    if ((frames[index] as Frame).owned) return;
    let low = index;
    while (low > 0 && !(frames[low - 1] as Frame).owned) low--;
    for (let i = low; i <= index; i++) {
      const frame = frames[i] as Frame;
      frame.value = frame.kind === ARRAY ? (frame.value as unknown[]).slice() : copyObject(frame.value as Record<string, unknown>);
      frame.owned = true;
      if (i === 0) this.root = frame.value;
      else {
        const parent = frames[i - 1] as Frame;
        if (parent.kind === ARRAY) {
          const arr = parent.value as unknown[];
          arr[arr.length - 1] = frame.value;
        } else assign(parent.value as Record<string, unknown>, parent.key, frame.value);
      }
    }
  }

  private close(kind: typeof ARRAY | typeof OBJECT): void {
    const frame = this.frames.pop() as Frame;
    if (frame.kind !== kind) throw new Error('unreachable: closer checked by the caller');
    this.spineWidth -= frame.size;
    this.mode = M_AFTER;
    // An empty container was placed when it opened; closing changes nothing visible.
  }

  private fail(message: string, text: string, i: number): never {
    this.mode = M_DONE_ERROR;
    this.failure = new InvalidJSONError({ message, position: this.position + i, near: (this.tail + text.slice(0, i)).slice(-40) });
    throw this.failure;
  }
}

function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  // `__proto__` must become an own property, as JSON.parse makes it, not the prototype.
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

function copyObject(source: Record<string, unknown>): Record<string, unknown> {
  // Spread defines own properties (a `__proto__` key included) without calling setters.
  return { ...source };
}

function describe(text: string, i: number): string {
  return JSON.stringify(text[i] ?? '');
}
