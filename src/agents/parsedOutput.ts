import { Observable, type OperatorFunction } from 'rxjs';
import { OutputRefusalError } from '../errors/OutputRefusalError.js';
import { OutputValidationError } from '../errors/OutputValidationError.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { PartialJSONParser } from '../json/PartialJSONParser.js';
import type { DeepPartial, InferOutput, OutputSchema } from './OutputSchema.js';
import { type Validation, validateValue } from './validateValue.js';

/**
 * One step of streamed structured output: partial values while the JSON arrives, then one
 * update with `done: true` and the validated `value`.
 */
export type ParsedOutputUpdate<T> =
  | {
      readonly done: false;
      /** The value so far; unchanged parts are `===` to the previous update's. */
      readonly partial: DeepPartial<T>;
    }
  | {
      readonly done: true;
      /** The complete JSON value as parsed, before the schema's transforms. */
      readonly partial: DeepPartial<T>;
      /** The value the schema validated (and transformed). */
      readonly value: T;
      /** The JSON text as received. */
      readonly text: string;
    };

interface Part {
  readonly key: string;
  readonly parser: PartialJSONParser;
  text: string;
  broken: unknown;
}

/**
 * Streams structured output (requested with {@link textFormat} and the same schema) as typed
 * partial values while the JSON text arrives, parsed incrementally (each delta costs what its
 * own text costs, partial values share structure), then emits the validated value. A response
 * whose JSON fails the schema errors with `OutputValidationError` (the text, the schema's
 * issues and the last partial) after the partials it emitted; a refusal errors with
 * `OutputRefusalError`. In a tool loop, each response with output text gives its own final
 * update; responses with only tool calls give none.
 *
 * @example
 * ```ts
 * const Weather = z.object({ city: z.string(), celsius: z.number() });
 * const weather = await lastValueFrom(
 *   client.responses.stream({ model, input, text: { format: textFormat(Weather, 'weather') } }).pipe(parsedOutput(Weather)),
 * );
 * if (weather.done) console.log(weather.value.celsius);
 * ```
 */
export function parsedOutput<S extends OutputSchema>(schema: S): OperatorFunction<ResponseStreamEvent, ParsedOutputUpdate<InferOutput<S>>> {
  type Update = ParsedOutputUpdate<InferOutput<S>>;
  return (source) =>
    new Observable<Update>((subscriber) => {
      let part: Part | undefined;
      let refusal: string | undefined;
      let responseId: string | undefined;
      // Validation may be asynchronous: results are emitted in order, completion waits for them.
      let pending: Promise<void> = Promise.resolve();
      let waiting = 0;
      let sourceDone = false;

      const reset = (): void => {
        part = undefined;
        refusal = undefined;
      };

      const fail = (error: unknown): void => {
        subscriber.error(error);
      };

      /** The response ended: fail with its refusal, or parse and validate its text. */
      const settle = (): void => {
        if (refusal !== undefined) {
          fail(new OutputRefusalError(refusal));
          return;
        }
        const current = part;
        reset();
        if (current === undefined) return;
        const { text } = current;
        let parsed: unknown;
        const partial = current.parser.value;
        try {
          // Deltas the parser took whole: finish it (the value shares structure with the
          // partials). Otherwise (the final text replaced them, or they were not JSON) the text
          // is parsed as it is.
          parsed = current.broken === undefined ? current.parser.end() : (JSON.parse(text) as unknown);
        } catch (err) {
          // The parser and JSON.parse throw only Errors (InvalidJSONError, SyntaxError).
          const message = (err as Error).message;
          fail(new OutputValidationError({ text, issues: [{ message: `Not JSON: ${message}` }], partial, cause: err }));
          return;
        }
        const emit = (validation: Validation): void => {
          if (subscriber.closed) return;
          if (!validation.ok) fail(new OutputValidationError({ text, issues: validation.issues, partial: parsed }));
          else subscriber.next({ done: true, partial: parsed as DeepPartial<InferOutput<S>>, value: validation.value as InferOutput<S>, text });
        };
        const result = validateValue(schema, parsed);
        if (!(result instanceof Promise) && waiting === 0) {
          emit(result);
          return;
        }
        waiting++;
        pending = pending
          .then(() => result)
          .then(emit)
          .finally(() => {
            waiting--;
            if (waiting === 0 && sourceDone && !subscriber.closed) subscriber.complete();
          });
      };

      return source.subscribe({
        next(event) {
          const e = event as { type: string; response?: { id?: unknown }; output_index?: unknown; content_index?: unknown; item_id?: unknown; delta?: unknown; text?: unknown; refusal?: unknown };
          switch (e.type) {
            case 'response.created':
            case 'response.queued': {
              const id = typeof e.response?.id === 'string' ? e.response.id : undefined;
              if (id === undefined || id !== responseId) reset();
              responseId = id;
              return;
            }
            case 'response.output_text.delta': {
              if (typeof e.delta !== 'string' || refusal !== undefined) return;
              const key = `${String(e.output_index ?? e.item_id)}:${String(e.content_index ?? 0)}`;
              part ??= { key, parser: new PartialJSONParser(), text: '', broken: undefined };
              if (part.key !== key) return; // structured output is one text part; later ones are not JSON of it
              part.text += e.delta;
              if (part.broken !== undefined) return;
              try {
                part.parser.write(e.delta);
              } catch (err) {
                // Wait for the end: the .done text may still be valid where the deltas were not.
                part.broken = err;
                return;
              }
              if (part.parser.due) subscriber.next({ done: false, partial: part.parser.value as DeepPartial<InferOutput<S>> });
              return;
            }
            case 'response.refusal.delta':
              if (typeof e.delta === 'string') refusal = (refusal ?? '') + e.delta;
              return;
            case 'response.refusal.done':
              if (typeof e.refusal === 'string') refusal = e.refusal;
              return;
            case 'response.output_text.done': {
              if (typeof e.text !== 'string' || refusal !== undefined) return;
              const key = `${String(e.output_index ?? e.item_id)}:${String(e.content_index ?? 0)}`;
              if (part !== undefined && part.key !== key) return;
              if (part === undefined || e.text !== part.text) {
                // No deltas, or deltas that differ from the final text: the final text wins.
                part = { key, parser: part?.parser ?? new PartialJSONParser(), text: e.text, broken: 'replaced' };
              }
              return;
            }
            case 'response.completed':
            case 'response.incomplete':
            case 'response.failed':
            case 'error':
              settle();
              return;
            default:
              return;
          }
        },
        error: fail,
        complete() {
          sourceDone = true;
          settle();
          if (waiting === 0 && !subscriber.closed) subscriber.complete();
        },
      });
    });
}
