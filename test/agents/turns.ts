/*
 * Hand-made turns for the tool-loop tests: one response each, with function calls and/or a
 * message, in the order and shape the API streams them. Not recordings: each builds the least
 * a test needs (recorded sessions are read from test/fixtures where the test says so).
 */
import type { ResponseStreamEvent } from '../../src/index.js';
import { argumentsDelta, completed, created, functionCall, itemAdded, itemDone, message, numbered, partAdded, textDelta, textDone } from '../operators/streamEvents.js';

export interface TurnSpec {
  /** Function calls: [call_id, name, arguments JSON]. */
  calls?: readonly (readonly [string, string, string])[];
  /** A message after the calls (or alone), streamed in 3-character deltas. */
  text?: string;
  /** Put the message before the calls' done events end, so a call is done while text streams. */
  textAfterFirstCall?: string;
}

/** One turn's events: `resp_<id>`, calls streamed as two deltas each, then the text. */
export function turn(id: string, spec: TurnSpec): ResponseStreamEvent[] {
  const events: ResponseStreamEvent[] = [created(id)];
  const output: Record<string, unknown>[] = [];
  let index = 0;
  for (const [callId, name, args] of spec.calls ?? []) {
    const itemId = `fc_${callId}`;
    const done = functionCall(itemId, callId, name, args);
    events.push(itemAdded(index, functionCall(itemId, callId, name, '', 'in_progress')));
    const half = Math.floor(args.length / 2);
    events.push(argumentsDelta(index, itemId, args.slice(0, half)), argumentsDelta(index, itemId, args.slice(half)));
    events.push({ type: 'response.function_call_arguments.done', output_index: index, item_id: itemId, arguments: args });
    events.push(itemDone(index, done));
    output.push(done);
    index++;
    if (spec.textAfterFirstCall !== undefined && index === 1) {
      events.push(...messageEvents(index, `msg_${id}_a`, spec.textAfterFirstCall));
      output.push(message(`msg_${id}_a`, spec.textAfterFirstCall));
      index++;
    }
  }
  if (spec.text !== undefined) {
    events.push(...messageEvents(index, `msg_${id}`, spec.text));
    output.push(message(`msg_${id}`, spec.text));
  }
  events.push(completed(id, output));
  return numbered(events) as ResponseStreamEvent[];
}

function messageEvents(index: number, itemId: string, text: string): ResponseStreamEvent[] {
  const deltas: ResponseStreamEvent[] = [];
  for (let i = 0; i < text.length; i += 3) deltas.push(textDelta(index, itemId, text.slice(i, i + 3)));
  return [itemAdded(index, message(itemId)), partAdded(index, itemId), ...deltas, textDone(index, itemId, text), itemDone(index, message(itemId, text))];
}
