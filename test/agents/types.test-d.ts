import { type } from 'arktype';
import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import {
  type DeepPartial,
  type ParsedOutputUpdate,
  type ResponseStreamEvent,
  type RunEvent,
  type ToolCallFailedEvent,
  type ToolCallResultEvent,
  defineTool,
  ofType,
  parsedOutput,
} from '../../src/index.js';

declare const run$: Observable<RunEvent>;
declare const stream: Observable<ResponseStreamEvent>;

describe('agent types', () => {
  it('infers tool arguments from zod and arktype, unknown from a plain JSON Schema', () => {
    defineTool({ name: 'a', parameters: z.object({ city: z.string(), days: z.number().optional() }), execute: (args) => expectTypeOf(args).toEqualTypeOf<{ city: string; days?: number | undefined }>() });
    defineTool({ name: 'b', parameters: type({ n: 'number' }), execute: (args) => expectTypeOf(args).toEqualTypeOf<{ n: number }>() });
    defineTool({ name: 'c', parameters: { type: 'object' }, execute: (args) => expectTypeOf(args).toEqualTypeOf<unknown>() });
  });

  it('types parsedOutput updates as deep partials, then the schema output', () => {
    const Weather = z.object({ city: z.string(), days: z.array(z.object({ high: z.number() })) });
    type Weather = z.infer<typeof Weather>;
    const updates = stream.pipe(parsedOutput(Weather));
    expectTypeOf(updates).toEqualTypeOf<Observable<ParsedOutputUpdate<Weather>>>();
    updates.subscribe((u) => {
      if (u.done) expectTypeOf(u.value).toEqualTypeOf<Weather>();
      else expectTypeOf(u.partial).toEqualTypeOf<DeepPartial<Weather>>();
    });
    expectTypeOf<DeepPartial<Weather>>().toEqualTypeOf<{ city?: string; days?: { high?: number }[] }>();
  });

  it('narrows tool-loop events with ofType', () => {
    expectTypeOf(run$.pipe(ofType('rx.tool_call.result'))).toEqualTypeOf<Observable<ToolCallResultEvent>>();
    expectTypeOf(run$.pipe(ofType('rx.tool_call.failed'))).toEqualTypeOf<Observable<ToolCallFailedEvent>>();
  });
});
