import type { StandardSchemaV1 } from '@standard-schema/spec';
import { type OutputSchema, isStandardSchema } from './OutputSchema.js';

/** @internal The outcome of validating a value against a schema. */
export type Validation = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly issues: readonly StandardSchemaV1.Issue[] };

/**
 * @internal Validates with a Standard Schema (synchronously when it can); a plain JSON Schema
 * object accepts the value as is.
 *
 * @example
 * ```ts
 * const v = validateValue(schema, { city: 'Paris' });
 * ```
 */
export function validateValue(schema: OutputSchema, value: unknown): Validation | Promise<Validation> {
  if (!isStandardSchema(schema)) return { ok: true, value };
  let result: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>;
  try {
    result = schema['~standard'].validate(value);
  } catch (err) {
    return { ok: false, issues: [{ message: `The schema threw: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  if (result instanceof Promise) return result.then(toValidation, (err: unknown) => ({ ok: false, issues: [{ message: `The schema threw: ${err instanceof Error ? err.message : String(err)}` }] }));
  return toValidation(result);
}

function toValidation(result: StandardSchemaV1.Result<unknown>): Validation {
  return result.issues === undefined ? { ok: true, value: result.value } : { ok: false, issues: result.issues };
}
