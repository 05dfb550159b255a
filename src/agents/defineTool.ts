import type { Observable } from 'rxjs';
import type { InferOutput, JSONSchemaObject, OutputSchema } from './OutputSchema.js';
import { toJSONSchema } from './toJSONSchema.js';

/**
 * What a tool's `execute` gets besides its arguments.
 *
 * @example
 * ```ts
 * const execute = (args: { url: string }, { signal }: ToolContext) => fetch(args.url, { signal }).then((r) => r.text());
 * ```
 */
export interface ToolContext {
  /** Aborted when the loop is unsubscribed (or fails): stop the work and release what it holds. */
  readonly signal: AbortSignal;
  /** The `call_id` the output answers. */
  readonly callId: string;
  /** 1-based turn of the loop that asked for the call. */
  readonly turn: number;
}

/**
 * A function tool the loop runs locally: its definition for the API, and how to run it.
 * Made by {@link defineTool}.
 *
 * @example
 * ```ts
 * const tools: Tool[] = [weatherTool, calculatorTool];
 * ```
 */
export interface Tool<Args = unknown, Result = unknown> {
  readonly name: string;
  readonly description: string | undefined;
  /** The schema the arguments are validated with (a plain JSON Schema object: not validated). */
  readonly parameters: OutputSchema;
  readonly strict: boolean;
  /** The entry of the request's `tools` list. */
  readonly definition: { readonly type: 'function'; readonly name: string; readonly description?: string; readonly parameters: JSONSchemaObject; readonly strict: boolean };
  /** Runs the tool: a value, a Promise, or an Observable whose last value is the result. */
  execute(args: Args, context: ToolContext): Result | PromiseLike<Result> | Observable<Result>;
}

/**
 * What {@link defineTool} takes.
 *
 * @example
 * ```ts
 * const spec: ToolSpec<typeof Args, string> = { name: 'echo', parameters: Args, execute: ({ text }) => text };
 * ```
 */
export interface ToolSpec<S extends OutputSchema, Result> {
  /** The function name the model calls (letters, digits, `_` and `-`). */
  name: string;
  description?: string;
  /**
   * The arguments' schema: a Standard Schema with Standard JSON Schema (zod 4, arktype,
   * valibot through `toStandardJsonSchema`), which types and validates the arguments, or a
   * plain JSON Schema object (arguments typed `unknown`, not validated).
   */
  parameters: S;
  /**
   * Ask the API for strict function calling (default `false`). Strict mode needs every
   * property listed in `required`; objects get `additionalProperties: false` automatically.
   */
  strict?: boolean;
  /** Runs the tool with the validated arguments. Return a value, a Promise or an Observable (its last value counts). */
  execute(args: InferOutput<S>, context: ToolContext): Result | PromiseLike<Result> | Observable<Result>;
}

/**
 * Defines a function tool for `client.responses.run()` / {@link runTools}: one schema gives the
 * JSON Schema sent to the API, the validation of the model's arguments and their type.
 *
 * @example
 * ```ts
 * const weather = defineTool({
 *   name: 'get_weather',
 *   description: 'Current weather for a city',
 *   parameters: z.object({ city: z.string() }),
 *   execute: async ({ city }, { signal }) => (await fetch(`https://wttr.in/${city}?format=j1`, { signal })).json(),
 * });
 * ```
 */
export function defineTool<S extends OutputSchema, Result>(spec: ToolSpec<S, Result>): Tool<InferOutput<S>, Result> {
  if (typeof spec.name !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(spec.name)) {
    throw new TypeError(`defineTool: invalid name ${JSON.stringify(spec.name)} (letters, digits, _ and -, at most 128)`);
  }
  const strict = spec.strict ?? false;
  const definition = {
    type: 'function' as const,
    name: spec.name,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    parameters: toJSONSchema(spec.parameters, { strict }),
    strict,
  };
  return {
    name: spec.name,
    description: spec.description,
    parameters: spec.parameters,
    strict,
    definition,
    execute: (args, context) => spec.execute(args, context),
  };
}
