/**
 * @internal Removes a secret from a string. Applied to every string the client puts on an
 * error, because a key can come back inside a server message, a header, a URL or the
 * platform's own error text. Both transports (HTTP and WebSocket) share one, built once per
 * client by {@link createRedactor}.
 *
 * @example
 * ```ts
 * const redact: Redactor = createRedactor('sk-test-123');
 * redact('bad key sk-test-123'); // 'bad key [redacted]'
 * ```
 */
export type Redactor = (text: string) => string;

/** What every occurrence of the secret, in any of its forms, is replaced with. */
export const REDACTED = '[redacted]';

/** Base64 fragments shorter than this are not looked for: they could match by chance. */
const MIN_BASE64_FRAGMENT = 12;

const MAX_DEPTH = 4;

/**
 * @internal A {@link Redactor} for `secret`: it replaces every occurrence (not only the first)
 * of the secret as it is and in the forms a server, a proxy or a platform error may echo it in:
 * URL-encoded (`encodeURIComponent`, `encodeURI`, twice encoded, hex digits in either case),
 * JSON-escaped (with `/` escaped or not), and base64 or base64url, at any alignment (so the
 * key is caught inside a longer encoded text such as a `Basic` credential). Without a secret it
 * returns the text unchanged.
 *
 * @example
 * ```ts
 * const redact = createRedactor(apiKey);
 * new APIConnectionError({ message: redact(String(cause)) });
 * ```
 */
export function createRedactor(secret: string | undefined): Redactor {
  if (secret === undefined || secret === '') return (text) => text;
  const forms = new Set<string>([secret]);
  const component = encodeURIComponent(secret);
  forms.add(component);
  forms.add(encodeURI(secret));
  forms.add(encodeURIComponent(component));
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(json);
  forms.add(json.replace(/\//g, '\\/'));
  for (const fragment of base64Fragments(secret)) forms.add(fragment);
  // No form is empty: each encoding of a non-empty key is non-empty, and base64 fragments are
  // long. Longest first: at one position the regular expression takes the first alternative that
  // matches, so a form that contains another one is replaced whole.
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(sorted.map(toPattern).join('|'), 'g');
  return (text) => {
    if (typeof text !== 'string') return text;
    pattern.lastIndex = 0;
    return text.replace(pattern, REDACTED);
  };
}

/** A form as a regular expression: literal, except that percent-escapes match in either case. */
function toPattern(form: string): string {
  return form
    .replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    .replace(/%([0-9A-Fa-f])([0-9A-Fa-f])/g, (_match, high: string, low: string) => `%${caseless(high)}${caseless(low)}`);
}

/** `[aA]` for a hex letter; `[00]` for a decimal digit, which matches just what `0` does. */
function caseless(digit: string): string {
  return `[${digit.toLowerCase()}${digit.toUpperCase()}]`;
}

/**
 * The part of the base64 (and base64url) encoding of `secret` that does not depend on the bytes
 * around it, for each of the three positions it can start at within a 3-byte group.
 */
function base64Fragments(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const fragments: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = toBase64(padded);
    // Characters made (partly) of the padding bytes before, or of the unknown bytes after.
    const skip = offset === 0 ? 0 : offset === 1 ? 2 : 3;
    const tail = padded.length % 3;
    const keep = encoded.length - (tail === 0 ? 0 : 1);
    const fragment = encoded.slice(skip, keep);
    if (fragment.length < MIN_BASE64_FRAGMENT) continue;
    fragments.push(fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return fragments;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Plain base64 without its `=` padding; `btoa` needs a binary string and Buffer is Node only. */
function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    // Past the end the missing bytes count as 0, as base64 pads them.
    const a = bytes[i]!;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    out += BASE64[a >> 2]! + BASE64[((a & 3) << 4) | (b >> 4)]!;
    out += i + 1 < bytes.length ? BASE64[((b & 15) << 2) | (c >> 6)]! : '';
    out += i + 2 < bytes.length ? BASE64[c & 63]! : '';
  }
  return out;
}

export { redactValue } from '../errors/redactValue.js';

/**
 * @internal Returns `cause` itself when no string reachable from it (message, stack, name,
 * code, other own string fields, its own `cause`) holds the secret; otherwise a copy with the
 * secret removed everywhere. Keeping the original when it is clean keeps `instanceof` and
 * identity for the common case. In the copy, an error keeps its plain fields (strings,
 * numbers, booleans) and drops object fields; a plain object becomes its JSON text (loops
 * written `[circular]`, or `[object Object]` when it cannot be written out); below five levels
 * of causes, or where the chain loops back on itself, the rest of the chain is one string.
 *
 * @example
 * ```ts
 * new APIConnectionError({ message, cause: redactCause(fetchError, redact) });
 * ```
 */
export function redactCause(cause: unknown, redact: Redactor, depth = 0): unknown {
  if (typeof cause === 'string') return redact(cause);
  if (typeof cause !== 'object' || cause === null) return cause;
  if (!leaks(cause, redact, depth)) return cause;
  if (!(cause instanceof Error)) return redact(describe(cause) ?? opaque(cause));
  // A chain of causes this deep (or one that loops back on itself) ends in its text.
  if (depth > MAX_DEPTH) return redact(chainText(cause));
  const inner = (cause as { cause?: unknown }).cause;
  const copy = new Error(redact(cause.message), inner === undefined ? undefined : { cause: redactCause(inner, redact, depth + 1) });
  copy.name = redact(cause.name);
  copy.stack = cause.stack === undefined ? undefined : redact(cause.stack);
  // Own enumerable fields besides: an enumerable `message`, `stack`, `name` or plain `cause`
  // (a class field) is copied through `redact` to the value set above; an object one is dropped.
  for (const [key, value] of Object.entries(cause)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      (copy as unknown as Record<string, unknown>)[key] = typeof value === 'string' ? redact(value) : value;
    }
  }
  return copy;
}

function leaks(value: object, redact: Redactor, depth: number): boolean {
  if (depth > MAX_DEPTH) return true;
  const changed = (text: unknown): boolean => typeof text === 'string' && redact(text) !== text;
  if (value instanceof Error) {
    if (changed(value.message) || changed(value.stack) || changed(value.name)) return true;
    for (const field of Object.values(value)) {
      if (changed(field)) return true;
      if (typeof field === 'object' && field !== null && leaks(field, redact, depth + 1)) return true;
    }
    const inner = (value as { cause?: unknown }).cause;
    return typeof inner === 'object' && inner !== null ? leaks(inner, redact, depth + 1) : changed(inner);
  }
  // An object that cannot be written out may hold the key anywhere: treat it as holding it.
  const text = describe(value);
  return text === undefined || changed(text);
}

/** The JSON text of `value`, with loops cut, or `undefined` when it cannot be written out. */
function describe(value: object): string | undefined {
  const seen = new WeakSet<object>();
  try {
    const text = JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item === 'bigint') return String(item);
      if (typeof item !== 'object' || item === null) return item;
      if (seen.has(item)) return '[circular]';
      seen.add(item);
      return item;
    });
    return text ?? String(value);
  } catch {
    return undefined; // a getter or toJSON that throws
  }
}

/** The text of a cause and of the causes below it, stopping where the chain loops back. */
function chainText(cause: Error): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  for (let current: unknown = cause; current instanceof Error && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    parts.push(`${String(current.name)}: ${String(current.message)}`);
  }
  return parts.join(' <- caused by ');
}

/** What stands for an object that cannot be written out (`[object Object]`), which shows nothing of it. */
function opaque(value: object): string {
  return Object.prototype.toString.call(value);
}
