/**
 * @internal Removes a secret from a string. Applied to every string the client puts on an
 * error, because a key can come back inside a server message, a header, a URL or the
 * platform's own error text.
 *
 * @example
 * ```ts
 * const redact: Redactor = createRedactor('sk-test-123');
 * redact('bad key sk-test-123'); // 'bad key [redacted]'
 * ```
 */
export type Redactor = (text: string) => string;

const REDACTED = '[redacted]';

/**
 * @internal A {@link Redactor} for `secret`, catching it raw and in its URL-encoded forms.
 * Without a secret it returns the text unchanged.
 *
 * @example
 * ```ts
 * const redact = createRedactor(apiKey);
 * new APIConnectionError({ message: redact(String(cause)) });
 * ```
 */
export function createRedactor(secret: string | undefined): Redactor {
  if (secret === undefined || secret === '') return (text) => text;
  const forms = [...new Set([secret, encodeURIComponent(secret), encodeURI(secret)])];
  return (text) => {
    let result = text;
    for (const form of forms) if (result.includes(form)) result = result.split(form).join(REDACTED);
    return result;
  };
}

const MAX_DEPTH = 4;

/**
 * @internal Returns `cause` itself when no string reachable from it (message, stack, name,
 * code, other own string fields, its own `cause`) holds the secret; otherwise a copy with the
 * secret removed everywhere. Keeping the original when it is clean keeps `instanceof` and
 * identity for the common case.
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
  if (!(cause instanceof Error)) return redact(describe(cause));
  const inner = (cause as { cause?: unknown }).cause;
  const copy = new Error(redact(cause.message), inner === undefined ? undefined : { cause: redactCause(inner, redact, depth + 1) });
  copy.name = redact(cause.name);
  copy.stack = cause.stack === undefined ? undefined : redact(cause.stack);
  for (const [key, value] of Object.entries(cause)) {
    if (key === 'cause' || key === 'message' || key === 'stack' || key === 'name') continue;
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
  return changed(describe(value));
}

function describe(value: object): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
