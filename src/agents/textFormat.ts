import type { OutputSchema } from './OutputSchema.js';
import { toJSONSchema } from './toJSONSchema.js';

/**
 * The `text.format` of a request for structured output, as the Responses API takes it.
 *
 * @example
 * ```ts
 * const format: TextFormat = { type: 'json_schema', name: 'weather', schema: {}, strict: true };
 * ```
 */
export interface TextFormat {
  readonly type: 'json_schema';
  readonly name: string;
  readonly schema: { readonly [key: string]: unknown };
  readonly strict: boolean;
  readonly description?: string;
}

/**
 * Builds `text.format` (`json_schema`, strict) from a schema: a Standard Schema with Standard
 * JSON Schema (zod 4, arktype, valibot through `@valibot/to-json-schema`) or a plain JSON
 * Schema object. Pair it with {@link parsedOutput} and the same schema.
 *
 * @example
 * ```ts
 * const Weather = z.object({ city: z.string(), celsius: z.number() });
 * client.responses
 *   .stream({ model: 'gpt-5-nano', input: 'Weather in Paris?', text: { format: textFormat(Weather, 'weather') } })
 *   .pipe(parsedOutput(Weather))
 *   .subscribe((update) => render(update.partial));
 * ```
 */
export function textFormat(schema: OutputSchema, name: string, options?: { description?: string; strict?: boolean }): TextFormat {
  const strict = options?.strict ?? true;
  return {
    type: 'json_schema',
    name,
    schema: toJSONSchema(schema, { strict }),
    strict,
    ...(options?.description === undefined ? {} : { description: options.description }),
  };
}
