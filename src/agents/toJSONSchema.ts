import type { StandardJSONSchemaV1 } from '@standard-schema/spec';
import { type JSONSchemaObject, type OutputSchema, isStandardSchema } from './OutputSchema.js';

/**
 * The JSON Schema to send to the API for a schema: a Standard JSON Schema's input schema
 * (draft 2020-12, without its `$schema` key), or the plain object as given. With `strict`,
 * every object that does not say otherwise gets `additionalProperties: false`, as the API's
 * strict mode requires.
 *
 * @throws `TypeError` for a Standard Schema that cannot produce a JSON Schema (valibot:
 * wrap it with `toStandardJsonSchema` from `@valibot/to-json-schema`).
 *
 * @example
 * ```ts
 * toJSONSchema(z.object({ city: z.string() }), { strict: true });
 * // { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }
 * ```
 */
export function toJSONSchema(schema: OutputSchema, options?: { strict?: boolean }): JSONSchemaObject {
  let json: JSONSchemaObject;
  if (isStandardSchema(schema)) {
    const converter = (schema['~standard'] as Partial<StandardJSONSchemaV1.Props>).jsonSchema;
    if (converter === undefined || typeof converter.input !== 'function') {
      throw new TypeError(
        `This ${schema['~standard'].vendor} schema does not implement Standard JSON Schema (~standard.jsonSchema); for valibot, wrap it with toStandardJsonSchema() from @valibot/to-json-schema, or pass a JSON Schema object`,
      );
    }
    const { $schema: _ignored, ...rest } = converter.input({ target: 'draft-2020-12' });
    json = rest;
  } else {
    json = schema;
  }
  return options?.strict === true ? closeObjects(json) : json;
}

function closeObjects(node: unknown): JSONSchemaObject {
  return close(node, 0) as JSONSchemaObject;
}

function close(node: unknown, depth: number): unknown {
  if (depth > 100) return node;
  if (Array.isArray(node)) return node.map((child) => close(child, depth + 1));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // Keys whose values are schemas (or maps/lists of schemas) are walked; `enum`, `const`,
    // `default` and `examples` hold data, not schemas.
    out[key] = key === 'enum' || key === 'const' || key === 'default' || key === 'examples' || key === 'required' ? value : close(value, depth + 1);
  }
  const isObject = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object')) || (out.properties !== undefined && out.type === undefined);
  if (isObject && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}
