// openai@7 needs a newer Node than this project supports, so it cannot be installed for the
// type test next to openai@6. Its ResponseStreamEvent union is openai@6's plus the five hosted
// shell events; their shapes below are copied from openai-node 7.5
// (src/resources/responses/responses.ts, doc comments dropped), so the union a user of
// openai@7 pipes in is checked against our model the same way openaiCompat.test-d.ts checks 6.
import { describe, expectTypeOf, test } from 'vitest';
import type * as OpenAI6 from 'openai/resources/responses/responses';
import type { EventOfType, KnownEventType, KnownResponseStreamEvent, ResponseStreamEvent } from '../../src/events/index.js';

// --- copied from openai-node 7.5 --------------------------------------------------------------
interface ResponseShellCallCommandAddedEvent {
  command: string;
  command_index: number;
  output_index: number;
  sequence_number: number;
  type: 'response.shell_call_command.added';
}
interface ResponseShellCallCommandDeltaEvent {
  command_index: number;
  delta: string;
  output_index: number;
  sequence_number: number;
  type: 'response.shell_call_command.delta';
  obfuscation?: string;
}
interface ResponseShellCallCommandDoneEvent {
  command: string;
  command_index: number;
  output_index: number;
  sequence_number: number;
  type: 'response.shell_call_command.done';
}
interface ResponseShellCallOutputContentDeltaEvent {
  command_index: number;
  delta: ResponseShellCallOutputContentDeltaEvent.Delta;
  item_id: string;
  output_index: number;
  sequence_number: number;
  type: 'response.shell_call_output_content.delta';
}
declare namespace ResponseShellCallOutputContentDeltaEvent {
  interface Delta {
    stderr?: string;
    stdout?: string;
  }
}
interface ResponseShellCallOutputContentDoneEvent {
  command_index: number;
  item_id: string;
  output: Array<ResponseShellCallOutputContentDoneEvent.Output>;
  output_index: number;
  sequence_number: number;
  type: 'response.shell_call_output_content.done';
}
declare namespace ResponseShellCallOutputContentDoneEvent {
  interface Output {
    outcome: Output.Timeout | Output.Exit;
    stderr: string;
    stdout: string;
    created_by?: string;
  }
  namespace Output {
    interface Timeout {
      type: 'timeout';
    }
    interface Exit {
      exit_code: number;
      type: 'exit';
    }
  }
}
// ----------------------------------------------------------------------------------------------

type ShellEvents =
  | ResponseShellCallCommandAddedEvent
  | ResponseShellCallCommandDeltaEvent
  | ResponseShellCallCommandDoneEvent
  | ResponseShellCallOutputContentDeltaEvent
  | ResponseShellCallOutputContentDoneEvent;

/** openai-node 7.5's ResponseStreamEvent: 58 members. */
type Their7Event = OpenAI6.ResponseStreamEvent | ShellEvents;

type EventsNotAccepted = {
  [E in Their7Event as E['type']]: E extends EventOfType<E['type']> ? never : E;
}[Their7Event['type']];

describe('openai-node 7.x events are accepted', () => {
  test('every member of the 7.x union is assignable to our EventOfType<its type>', () => {
    expectTypeOf<EventsNotAccepted>().toBeNever();
    expectTypeOf<ResponseShellCallOutputContentDoneEvent>().toExtend<EventOfType<'response.shell_call_output_content.done'>>();
    expectTypeOf<ResponseShellCallOutputContentDeltaEvent>().toExtend<EventOfType<'response.shell_call_output_content.delta'>>();
  });

  test('the whole 7.x union is assignable to our known union and to ResponseStreamEvent', () => {
    expectTypeOf<Their7Event>().toExtend<KnownResponseStreamEvent>();
    expectTypeOf<Their7Event>().toExtend<ResponseStreamEvent>();
  });

  test('every 7.x type is known, and we know only keepalive and the Open Responses names besides', () => {
    expectTypeOf<Exclude<Their7Event['type'], KnownEventType>>().toBeNever();
    expectTypeOf<Exclude<KnownEventType, Their7Event['type']>>().toEqualTypeOf<'keepalive' | 'response.reasoning.delta' | 'response.reasoning.done'>();
  });

  test('a wrong shell shape is rejected', () => {
    expectTypeOf<{ type: 'response.shell_call_output_content.delta'; delta: string }>().not.toExtend<
      EventOfType<'response.shell_call_output_content.delta'>
    >();
    expectTypeOf<{ type: 'response.shell_call_command.done'; command: number }>().not.toExtend<EventOfType<'response.shell_call_command.done'>>();
  });
});
