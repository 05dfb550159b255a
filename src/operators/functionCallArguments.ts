import { Observable, type OperatorFunction } from 'rxjs';
import { InvalidJSONError } from '../errors/InvalidJSONError.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { PartialJSONParser } from '../json/PartialJSONParser.js';

/**
 * One step of a function call's arguments as they stream: partial objects while the JSON
 * arrives, then (with `done: true`) the parsed arguments.
 */
export interface FunctionCallArgumentsUpdate {
  /** 0-based position of the response within the stream (a tool loop streams several). */
  readonly responseIndex: number;
  /** The item's `output_index`. */
  readonly outputIndex: number;
  /** The item id, when the server sent one. */
  readonly item_id: string | undefined;
  /** The id to answer with a `function_call_output`. */
  readonly call_id: string;
  /** The function's name. */
  readonly name: string;
  /**
   * The arguments so far: a partial object sharing structure with the previous update
   * (unchanged parts are `===`), or `undefined` before the first `{`. With `done`, the final
   * arguments (the same as `parsedArguments`, or the last partial when they are not JSON).
   */
  readonly partial: unknown;
  /** Whether the call's arguments are complete. */
  readonly done: boolean;
  /** With `done`: the arguments as the server sent them (a JSON string). */
  readonly arguments: string | undefined;
  /** With `done`: the parsed arguments (`{}` for empty arguments), `undefined` when not JSON. */
  readonly parsedArguments: unknown;
  /** With `done`, when the arguments are not JSON: why. */
  readonly parseError: InvalidJSONError | undefined;
}

interface CallState {
  readonly outputIndex: number;
  readonly itemId: string | undefined;
  readonly callId: string;
  readonly name: string;
  readonly parser: PartialJSONParser;
  text: string;
  failed: InvalidJSONError | undefined;
  done: boolean;
}

/**
 * Per function call, its arguments as partial objects while they stream (parsed
 * incrementally: each delta costs what its own text costs), then the parsed arguments: what a
 * UI needs to show a tool call filling in. Updates of one call share structure, so `===` tells
 * what changed. Arguments that are not JSON end that call with `parseError` instead of failing
 * the stream. Other events, tool-loop events included, are ignored.
 *
 * @example
 * ```ts
 * stream.pipe(functionCallArguments()).subscribe((u) => render(u.call_id, u.name, u.partial, u.done));
 * ```
 */
export function functionCallArguments(): OperatorFunction<ResponseStreamEvent, FunctionCallArgumentsUpdate> {
  return (source) =>
    new Observable<FunctionCallArgumentsUpdate>((subscriber) => {
      let responseIndex = -1;
      let responseId: string | undefined;
      let calls = new Map<number, CallState>();
      let byItemId = new Map<string, CallState>();

      const emit = (call: CallState, partial: unknown, done: boolean, parsed: unknown): void => {
        subscriber.next({
          responseIndex,
          outputIndex: call.outputIndex,
          item_id: call.itemId,
          call_id: call.callId,
          name: call.name,
          partial,
          done,
          arguments: done ? call.text : undefined,
          parsedArguments: parsed,
          parseError: done ? call.failed : undefined,
        });
      };

      const finish = (call: CallState, finalText: string | undefined): void => {
        if (call.done) return;
        call.done = true;
        let parsed: unknown;
        if (finalText !== undefined && finalText !== call.text) {
          // The server's final arguments are authoritative (some servers send no deltas).
          call.text = finalText;
          try {
            parsed = finalText === '' ? {} : (JSON.parse(finalText) as unknown);
            call.failed = undefined;
          } catch (err) {
            call.failed = new InvalidJSONError({ message: err instanceof Error ? err.message : 'Invalid JSON', position: 0, near: '' });
          }
        } else if (call.failed === undefined) {
          try {
            parsed = call.text.trim() === '' ? {} : call.parser.end();
          } catch (err) {
            call.failed = err as InvalidJSONError;
          }
        }
        emit(call, call.failed === undefined ? parsed : call.parser.value, true, parsed);
      };

      const find = (event: { output_index?: unknown; item_id?: unknown }): CallState | undefined => {
        const byIndex = typeof event.output_index === 'number' ? calls.get(event.output_index) : undefined;
        return byIndex ?? (typeof event.item_id === 'string' ? byItemId.get(event.item_id) : undefined);
      };

      return source.subscribe({
        next(event) {
          const e = event as { type: string; response?: { id?: unknown }; item?: Record<string, unknown>; output_index?: unknown; item_id?: unknown; delta?: unknown; arguments?: unknown };
          switch (e.type) {
            case 'response.created':
            case 'response.queued': {
              const id = typeof e.response?.id === 'string' ? e.response.id : undefined;
              if (responseIndex < 0 || id === undefined || id !== responseId) {
                responseIndex++;
                calls = new Map();
                byItemId = new Map();
              }
              responseId = id;
              return;
            }
            case 'response.output_item.added': {
              const item = e.item;
              if (item?.type !== 'function_call' || typeof e.output_index !== 'number') return;
              if (responseIndex < 0) responseIndex = 0;
              const call: CallState = {
                outputIndex: e.output_index,
                itemId: typeof item.id === 'string' ? item.id : undefined,
                callId: typeof item.call_id === 'string' ? item.call_id : '',
                name: typeof item.name === 'string' ? item.name : '',
                parser: new PartialJSONParser(),
                text: '',
                failed: undefined,
                done: false,
              };
              calls.set(call.outputIndex, call);
              if (call.itemId !== undefined) byItemId.set(call.itemId, call);
              if (typeof item.arguments === 'string' && item.arguments !== '') write(call, item.arguments);
              return;
            }
            case 'response.function_call_arguments.delta': {
              const call = find(e);
              if (call === undefined || call.done || typeof e.delta !== 'string') return;
              write(call, e.delta);
              return;
            }
            case 'response.function_call_arguments.done': {
              const call = find(e);
              if (call !== undefined) finish(call, typeof e.arguments === 'string' ? e.arguments : undefined);
              return;
            }
            case 'response.output_item.done': {
              const item = e.item;
              if (item?.type !== 'function_call') return;
              const call = find({ output_index: e.output_index, item_id: item.id });
              if (call !== undefined) finish(call, typeof item.arguments === 'string' ? item.arguments : undefined);
              return;
            }
            case 'response.completed':
            case 'response.incomplete':
            case 'response.failed':
              // Servers that skip the .done events: the terminal response holds the final items.
              for (const call of calls.values()) {
                const item = finalItem(e.response, call);
                finish(call, typeof item?.arguments === 'string' ? item.arguments : undefined);
              }
              return;
            default:
              return;
          }
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });

      function write(call: CallState, delta: string): void {
        call.text += delta;
        if (call.failed !== undefined) return;
        try {
          call.parser.write(delta);
        } catch (err) {
          call.failed = err as InvalidJSONError;
          return;
        }
        if (call.parser.due) emit(call, call.parser.value, false, undefined);
      }
    });
}

function finalItem(response: unknown, call: CallState): Record<string, unknown> | undefined {
  const output = (response as { output?: unknown } | undefined)?.output;
  if (!Array.isArray(output)) return undefined;
  const item = output[call.outputIndex] as Record<string, unknown> | undefined;
  return item?.type === 'function_call' && (item.call_id === call.callId || call.callId === '') ? item : undefined;
}
