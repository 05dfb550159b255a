import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ResponseStreamEvent,
  type ResponseTextDeltaEvent,
  type ResponseFunctionCallArgumentsDeltaEvent,
  type UnknownEvent,
  ofType,
} from '../../src/index.js';

declare const stream: Observable<ResponseStreamEvent>;

describe('ofType narrows the element type', () => {
  it('to the one event type asked for', () => {
    const deltas = stream.pipe(ofType('response.output_text.delta'));
    expectTypeOf(deltas).toEqualTypeOf<Observable<ResponseTextDeltaEvent>>();
    deltas.subscribe((e) => expectTypeOf(e.delta).toEqualTypeOf<string>());
  });

  it('to a union for several types', () => {
    const both = stream.pipe(ofType('response.output_text.delta', 'response.function_call_arguments.delta'));
    expectTypeOf(both).toEqualTypeOf<Observable<ResponseTextDeltaEvent | ResponseFunctionCallArgumentsDeltaEvent>>();
  });

  it('to UnknownEvent for a type the library does not model', () => {
    expectTypeOf(stream.pipe(ofType('response.vendor_extension'))).toEqualTypeOf<Observable<UnknownEvent>>();
  });

  it('does not let a delta be read as something it is not', () => {
    stream.pipe(ofType('response.output_text.delta')).subscribe((e) => {
      // @ts-expect-error: text deltas carry `delta`, not `arguments`
      void e.arguments;
    });
  });
});
