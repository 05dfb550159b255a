// Our event model must accept everything openai-node's types describe, so a user can pipe
// openai-node's stream (or its `Response` objects) into this library without casts.
import { describe, expectTypeOf, test } from 'vitest';
import type * as OpenAI from 'openai/resources/responses/responses';
import type {
  EventOfType,
  ExtensionEvent,
  KnownEventType,
  KnownResponseStreamEvent,
  OutputItemOfType,
  Response,
  ResponseErrorEvent,
  ResponseFunctionToolCall,
  ResponseKeepaliveEvent,
  ResponseOutputItem,
  ResponseOutputMessage,
  ResponseStreamEvent,
  ResponseTextDeltaEvent,
  SkippedInputEvent,
  UnknownEvent,
  UnknownOutputItem,
} from '../../src/events/index.js';
import { isEventType, isKnownEvent, isOutputItemType } from '../../src/events/index.js';

type TheirEvent = OpenAI.ResponseStreamEvent;
type TheirEventType = TheirEvent['type'];
type TheirItem = OpenAI.ResponseOutputItem;

/** Each openai event that is NOT assignable to our interface for its `type` (should be none). */
type EventsNotAccepted = {
  [E in TheirEvent as E['type']]: E extends EventOfType<E['type']> ? never : E;
}[TheirEventType];

/** Each openai output item that is NOT assignable to our item for its `type` (should be none). */
type ItemsNotAccepted = {
  [I in TheirItem as I['type']]: I extends OutputItemOfType<I['type']> ? never : I;
}[TheirItem['type']];

describe('openai-node values are accepted', () => {
  test('every member of their ResponseStreamEvent is assignable to our EventOfType<its type>', () => {
    expectTypeOf<EventsNotAccepted>().toBeNever();
  });

  test('their whole event union is assignable to our known union and to ResponseStreamEvent', () => {
    expectTypeOf<TheirEvent>().toExtend<KnownResponseStreamEvent>();
    expectTypeOf<TheirEvent>().toExtend<ResponseStreamEvent>();
  });

  test('spot checks: a few events map to the interface of the same name', () => {
    expectTypeOf<OpenAI.ResponseTextDeltaEvent>().toExtend<EventOfType<'response.output_text.delta'>>();
    expectTypeOf<OpenAI.ResponseErrorEvent>().toExtend<EventOfType<'error'>>();
    expectTypeOf<OpenAI.ResponseCompletedEvent>().toExtend<EventOfType<'response.completed'>>();
    expectTypeOf<OpenAI.ResponseOutputTextAnnotationAddedEvent>().toExtend<
      EventOfType<'response.output_text.annotation.added'>
    >();
    expectTypeOf<OpenAI.ResponseImageGenCallPartialImageEvent>().toExtend<
      EventOfType<'response.image_generation_call.partial_image'>
    >();
  });

  test('their Response and output items are assignable to ours', () => {
    expectTypeOf<OpenAI.Response>().toExtend<Response>();
    expectTypeOf<TheirItem>().toExtend<ResponseOutputItem>();
    expectTypeOf<ItemsNotAccepted>().toBeNever();
    expectTypeOf<OpenAI.ResponseOutputMessage>().toExtend<ResponseOutputMessage>();
    expectTypeOf<OpenAI.ResponseFunctionToolCall>().toExtend<ResponseFunctionToolCall>();
  });
});

describe('event type coverage', () => {
  test('every openai event type is known here', () => {
    expectTypeOf<Exclude<TheirEventType, KnownEventType>>().toBeNever();
  });

  test('every known type exists in openai@6 except keepalive, the 7.x shell events and the Open Responses ones', () => {
    expectTypeOf<Exclude<KnownEventType, TheirEventType>>().toEqualTypeOf<
      | 'keepalive'
      | 'response.shell_call_command.added'
      | 'response.shell_call_command.delta'
      | 'response.shell_call_command.done'
      | 'response.shell_call_output_content.delta'
      | 'response.shell_call_output_content.done'
      | 'response.reasoning.delta'
      | 'response.reasoning.done'
    >();
  });

  test('EventOfType maps known, library-made and unknown type strings', () => {
    expectTypeOf<EventOfType<'response.output_text.delta'>>().toEqualTypeOf<ResponseTextDeltaEvent>();
    expectTypeOf<EventOfType<'keepalive'>>().toEqualTypeOf<ResponseKeepaliveEvent>();
    expectTypeOf<EventOfType<'rx.skipped_input'>>().toEqualTypeOf<SkippedInputEvent>();
    expectTypeOf<EventOfType<'response.apply_patch_call_operation_diff.delta'>>().toEqualTypeOf<UnknownEvent>();
    expectTypeOf<EventOfType<'acme:trace_event'>>().toEqualTypeOf<ExtensionEvent>();
    expectTypeOf<EventOfType<'error' | 'keepalive'>>().toEqualTypeOf<ResponseErrorEvent | ResponseKeepaliveEvent>();
  });
});

describe('what the model deliberately loosens or rejects', () => {
  test('our item-scoped events are NOT assignable to openai-node (indices and sequence_number are optional)', () => {
    expectTypeOf<ResponseTextDeltaEvent>().not.toExtend<OpenAI.ResponseTextDeltaEvent>();
    expectTypeOf<ResponseTextDeltaEvent['output_index']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ResponseTextDeltaEvent['item_id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ResponseTextDeltaEvent['sequence_number']>().toEqualTypeOf<number | undefined>();
  });

  test('both error event shapes are accepted', () => {
    expectTypeOf({ type: 'error' as const, code: null, message: 'boom', param: null }).toExtend<ResponseErrorEvent>();
    expectTypeOf({
      type: 'error' as const,
      sequence_number: 2,
      error: { type: 'insufficient_quota', code: 'insufficient_quota', message: 'quota', param: null },
    }).toExtend<ResponseErrorEvent>();
  });

  test('wrong field types are rejected', () => {
    expectTypeOf<{ type: 'response.output_text.delta'; delta: number }>().not.toExtend<
      EventOfType<'response.output_text.delta'>
    >();
    expectTypeOf<EventOfType<'response.output_text.delta'>>().not.toExtend<ResponseErrorEvent>();
    // @ts-expect-error a text delta needs its `delta`
    const missingDelta: ResponseTextDeltaEvent = { type: 'response.output_text.delta', output_index: 0 };
    // @ts-expect-error an item without `output` is not a Response
    const noOutput: Response = { id: 'resp_1' };
    void missingDelta;
    void noOutput;
  });

  test('unknown event and item types still pass', () => {
    expectTypeOf({ type: 'response.shell_call_command.delta', delta: 'ls' }).toExtend<ResponseStreamEvent>();
    expectTypeOf({ type: 'x_search_call', id: 'xs_1', query: 'rxjs' }).toExtend<ResponseOutputItem>();
    expectTypeOf<UnknownOutputItem>().toExtend<ResponseOutputItem>();
  });
});

describe('guards narrow', () => {
  test('isEventType and isKnownEvent', () => {
    const e = {} as ResponseStreamEvent;
    if (isEventType(e, 'response.output_text.delta')) {
      expectTypeOf(e).toEqualTypeOf<ResponseTextDeltaEvent>();
      expectTypeOf(e.delta).toEqualTypeOf<string>();
    }
    if (isEventType(e, 'rx.skipped_input')) expectTypeOf(e.reason).toEqualTypeOf<'invalid_json' | 'missing_type'>();
    if (isKnownEvent(e) && e.type === 'response.function_call_arguments.done') {
      expectTypeOf(e.arguments).toEqualTypeOf<string>();
    }
  });

  test('isOutputItemType', () => {
    const item = {} as ResponseOutputItem;
    if (isOutputItemType(item, 'message')) expectTypeOf(item).toEqualTypeOf<ResponseOutputMessage>();
    if (isOutputItemType(item, 'function_call')) expectTypeOf(item.call_id).toEqualTypeOf<string>();
  });
});
