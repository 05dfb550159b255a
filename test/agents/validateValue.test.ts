// validateValue() (internal): a Standard Schema's verdict as { ok, value } or { ok, issues },
// synchronously when the schema answers synchronously; a plain JSON Schema object accepts the
// value as is; a schema that throws or rejects gives one issue saying so.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { validateValue } from '../../src/agents/validateValue.js';

/** A hand-made Standard Schema whose validate() is `validate`. */
const schemaOf = (validate: (value: unknown) => unknown) => ({
  '~standard': { version: 1 as const, vendor: 'test', validate, jsonSchema: { input: () => ({}), output: () => ({}) } },
});

describe('validateValue', () => {
  it('accepts anything for a plain JSON Schema object, synchronously and unchanged', () => {
    const value = { a: [1] };
    const result = validateValue({ type: 'string' }, value);
    expect(result).toStrictEqual({ ok: true, value });
    expect((result as { value: unknown }).value).toBe(value);
  });

  it("answers synchronously with a synchronous schema's value (transformed) or its issues", () => {
    const schema = z.object({ n: z.string().transform((s) => s.length) });
    expect(validateValue(schema, { n: 'abc' })).toStrictEqual({ ok: true, value: { n: 3 } });
    const failed = validateValue(schema, { n: 1 });
    expect(failed).not.toBeInstanceOf(Promise);
    expect(failed).toMatchObject({ ok: false, issues: [{ path: ['n'] }] });
  });

  it('reads a result without issues as success, even a falsy value', () => {
    expect(validateValue(schemaOf(() => ({ value: 0 })), 'x')).toStrictEqual({ ok: true, value: 0 });
    expect(validateValue(schemaOf(() => ({ issues: [] })), 'x')).toStrictEqual({ ok: false, issues: [] });
  });

  it('answers with a Promise for an asynchronous schema', async () => {
    const result = validateValue(schemaOf(async (value) => ({ value: [value] })), 'x');
    expect(result).toBeInstanceOf(Promise);
    await expect(result).resolves.toStrictEqual({ ok: true, value: ['x'] });
    await expect(validateValue(schemaOf(async () => ({ issues: [{ message: 'no' }] })), 'x')).resolves.toStrictEqual({ ok: false, issues: [{ message: 'no' }] });
  });

  it('turns a schema that throws or rejects into one issue saying so', async () => {
    expect(validateValue(schemaOf(() => { throw new Error('boom'); }), 1)).toStrictEqual({ ok: false, issues: [{ message: 'The schema threw: boom' }] });
    expect(validateValue(schemaOf(() => { throw 'plain'; }), 1)).toStrictEqual({ ok: false, issues: [{ message: 'The schema threw: plain' }] });
    await expect(validateValue(schemaOf(() => Promise.reject(new Error('late'))), 1)).resolves.toStrictEqual({ ok: false, issues: [{ message: 'The schema threw: late' }] });
    await expect(validateValue(schemaOf(() => Promise.reject(42)), 1)).resolves.toStrictEqual({ ok: false, issues: [{ message: 'The schema threw: 42' }] });
  });
});
