import { Observable, type OperatorFunction } from 'rxjs';
import type { ResponseOutputItem } from '../events/Response.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { toStreamError } from '../errors/toStreamError.js';
import { applyEventInPlace } from '../reduce/applyEvent.js';
import { OutputOwnership } from '../reduce/OutputOwnership.js';
import { emptySnapshot } from '../reduce/emptySnapshot.js';
import { eventPosition } from '../reduce/eventPosition.js';

/** A finished function call, with its arguments parsed. */
export interface FunctionCall {
  /** 0-based position of the response within the stream. */
  readonly responseIndex: number;
  /** The item's `output_index`. */
  readonly outputIndex: number;
  /** The item id, when the server sent one. */
  readonly id: string | undefined;
  /** The id to answer with a `function_call_output`. */
  readonly call_id: string;
  /** The function's name. */
  readonly name: string;
  /** The arguments as the server sent them (a JSON string). */
  readonly arguments: string;
  /** The parsed arguments, or `undefined` when they are not valid JSON (see `parseError`). */
  readonly parsedArguments: unknown;
  /** Why the arguments could not be parsed, if they could not. */
  readonly parseError: SyntaxError | undefined;
}

/**
 * Emits each `function_call` item once it is finished (at its `output_item.done`, or at the
 * terminal event for servers that skip it), with the arguments parsed as JSON. Arguments that
 * are not valid JSON give `parseError` instead of failing the stream.
 *
 * @example
 * ```ts
 * stream.pipe(functionCalls()).subscribe((call) => run(call.name, call.parsedArguments));
 * ```
 */
export function functionCalls(): OperatorFunction<ResponseStreamEvent, FunctionCall> {
  return (source) =>
    new Observable<FunctionCall>((subscriber) => {
      let snapshot = emptySnapshot();
      // Only the latest snapshot is kept (and handed out only with an error, after which no
      // event is applied), so events may write its output array in place.
      const ownership = new OutputOwnership();
      let emitted = new Set<number>();
      return source.subscribe({
        next(event) {
          const prev = snapshot;
          snapshot = applyEventInPlace(prev, event, ownership);
          if (snapshot.responseIndex !== prev.responseIndex) emitted = new Set();
          const output = snapshot.output;
          if (event.type === 'response.output_item.done') {
            const index = eventPosition(snapshot, event);
            if (index >= 0) emit(index);
          } else if (snapshot.phase !== 'streaming' && prev.phase === 'streaming') {
            for (let i = 0; i < output.length; i++) emit(i);
          }
        },
        error(err: unknown) {
          subscriber.error(toStreamError(err, snapshot));
        },
        complete: () => subscriber.complete(),
      });

      function emit(index: number): void {
        const item = snapshot.output[index];
        if (item?.type !== 'function_call' || emitted.has(index)) return;
        emitted.add(index);
        subscriber.next(toCall(item, index, snapshot.responseIndex));
      }
    });
}

function toCall(item: ResponseOutputItem, outputIndex: number, responseIndex: number): FunctionCall {
  const raw = item as { id?: unknown; call_id?: unknown; name?: unknown; arguments?: unknown };
  const args = typeof raw.arguments === 'string' ? raw.arguments : '';
  let parsedArguments: unknown;
  let parseError: SyntaxError | undefined;
  try {
    parsedArguments = JSON.parse(args === '' ? '{}' : args);
  } catch (err) {
    parseError = err instanceof SyntaxError ? err : new SyntaxError(String(err));
  }
  return {
    responseIndex,
    outputIndex,
    id: typeof raw.id === 'string' ? raw.id : undefined,
    call_id: typeof raw.call_id === 'string' ? raw.call_id : '',
    name: typeof raw.name === 'string' ? raw.name : '',
    arguments: args,
    parsedArguments,
    parseError,
  };
}
