import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';

/**
 * A JSON Schema given as a plain object, e.g. `{ type: 'object', properties: { … } }`.
 *
 * @example
 * ```ts
 * const schema: JSONSchemaObject = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
 * ```
 */
export type JSONSchemaObject = { readonly [key: string]: unknown };

/**
 * A schema for tool arguments or structured output: a Standard Schema that also implements
 * Standard JSON Schema (`@standard-schema/spec` 1.1: zod 4, arktype, valibot through
 * `toStandardJsonSchema` of `@valibot/to-json-schema`), which gives both the JSON Schema sent
 * to the API and the validation, with the type inferred; or a plain JSON Schema object (the
 * values are then typed `unknown` and not validated).
 *
 * @example
 * ```ts
 * const weather: OutputSchema = z.object({ city: z.string(), celsius: z.number() });
 * ```
 */
export type OutputSchema<Output = unknown> = (StandardSchemaV1<unknown, Output> & StandardJSONSchemaV1<unknown, Output>) | JSONSchemaObject;

/**
 * The type a schema validates to: the Standard Schema's output type, `unknown` for a plain
 * JSON Schema object.
 *
 * @example
 * ```ts
 * type Weather = InferOutput<typeof weatherSchema>; // { city: string; celsius: number }
 * ```
 */
export type InferOutput<S> = S extends StandardSchemaV1<unknown, infer O> ? O : unknown;

/**
 * What a partial value of type `T` can hold while its JSON streams: every property optional,
 * every array possibly shorter, at any depth. Strings may be cut short; numbers and booleans
 * appear only when complete.
 *
 * @example
 * ```ts
 * const partial: DeepPartial<{ days: { high: number }[] }> = { days: [{}] };
 * ```
 */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends (...args: never[]) => unknown
    ? T
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

/** @internal Whether the schema is a Standard Schema (else a plain JSON Schema object). */
export function isStandardSchema(schema: OutputSchema): schema is StandardSchemaV1 & StandardJSONSchemaV1 {
  const standard = (schema as { '~standard'?: unknown })['~standard'];
  return typeof standard === 'object' && standard !== null && typeof (standard as { validate?: unknown }).validate === 'function';
}
