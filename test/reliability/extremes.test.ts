// Extreme but valid streams, generated here and fed as SSE bytes through `fromSSE` in 16 KiB
// chunks: one huge delta, a million tiny ones, ten thousand items, and very deep JSON.
import { type Observable, last, share } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  type FinalResponse,
  type FunctionCall,
  type ResponseSnapshot,
  type ResponseStreamEvent,
  type ResponseViewState,
  finalResponse,
  fromSSE,
  functionCalls,
  responseState,
  scanResponse,
} from '../../src/index.js';
import { type Notifications, collectNotifications } from '../support/collectNotifications.js';
import { failOnEscapedErrors, settleWithin } from './escapedErrors.js';
import { type ItemSpec, type WireEvent, itemOf, responseEvents } from './responseEvents.js';
import { byteStream, sseFrame } from './sseBody.js';

const CHUNK = 16 * 1024;
const MINUTES = 60_000;

function* sseOf(events: Iterable<WireEvent>): Generator<string> {
  for (const event of events) yield sseFrame(event);
}

interface Outcome {
  final: Notifications<FinalResponse>;
  lastSnapshot: Notifications<ResponseSnapshot>;
  calls: Notifications<FunctionCall>;
  lastState: Notifications<ResponseViewState>;
}

/** Reads the stream once and watches it with `finalResponse()`, `scanResponse()`, `functionCalls()` and `responseState()`. */
async function run(frames: Iterable<string>, options: { state?: boolean } = {}): Promise<Outcome> {
  const source: Observable<ResponseStreamEvent> = fromSSE(byteStream(frames, CHUNK)).pipe(share());
  const pending = Promise.all([
    collectNotifications(source.pipe(finalResponse())),
    collectNotifications(source.pipe(scanResponse(), last())),
    collectNotifications(source.pipe(functionCalls())),
    options.state === false ? Promise.resolve({ values: [], error: undefined, errored: false, completed: true }) : collectNotifications(source.pipe(responseState(), last())),
  ]);
  const [final, lastSnapshot, calls, lastState] = await settleWithin(pending, 4 * MINUTES, 'the stream');
  return { final, lastSnapshot, calls, lastState };
}

function expectCompleted(outcome: Outcome): FinalResponse {
  expect(outcome.final.error).toBeUndefined();
  expect(outcome.final.completed).toBe(true);
  expect(outcome.final.values).toHaveLength(1);
  const final = outcome.final.values[0] as FinalResponse;
  expect(final.status).toBe('completed');
  expect(outcome.lastSnapshot.values[0]?.phase).toBe('completed');
  return final;
}

failOnEscapedErrors();

describe('extreme streams', () => {
  it(
    'one 10 MB delta arrives whole, in the snapshot right after it and in the final response',
    async () => {
      // Mostly ASCII with 2-, 3- and 4-byte characters, so 16 KiB chunks split characters too.
      const unit = 'The quick brown fox jumps over the lazy dog. Grüße, 你好 🎉\n';
      const text = unit.repeat(Math.ceil(10_000_000 / unit.length)).slice(0, 10_000_000);
      const events = [...responseEvents([itemOf('message', [text])])];
      const deltaAt = events.findIndex((e) => e.type === 'response.output_text.delta');
      const source = fromSSE(byteStream(sseOf(events), CHUNK)).pipe(share());
      const [final, afterDelta] = await settleWithin(
        Promise.all([
          collectNotifications(source.pipe(finalResponse())),
          collectNotifications(source.pipe(scanResponse())).then((n) => n.values[deltaAt]),
        ]),
        4 * MINUTES,
        'the stream',
      );
      expect(afterDelta?.outputText.length).toBe(10_000_000);
      expect(afterDelta?.outputText === text).toBe(true);
      expect(final.completed).toBe(true);
      expect(final.values[0]?.output_text.length).toBe(10_000_000);
      expect(final.values[0]?.output_text === text).toBe(true);
    },
    5 * MINUTES,
  );

  it(
    'one million tiny deltas add up to the whole text',
    async () => {
      const pieces = ['a', 'é', ' ', '🎉', 'z', '\n', '你'];
      const count = 1_000_000;
      const deltas = function* (): Generator<string> {
        for (let i = 0; i < count; i++) yield pieces[i % pieces.length] as string;
      };
      const text = [...deltas()].join('');
      const item: ItemSpec = { type: 'message', deltas: deltas(), text };
      const outcome = await run(sseOf(responseEvents([item])), { state: false });
      const final = expectCompleted(outcome);
      expect(final.output_text.length).toBe(text.length);
      expect(final.output_text === text).toBe(true);
      const snapshot = outcome.lastSnapshot.values[0] as ResponseSnapshot;
      expect(snapshot.eventCount).toBe(count + 8);
      expect(snapshot.outputText === text).toBe(true);
      expect(snapshot.diagnostics).toEqual([]);
    },
    5 * MINUTES,
  );

  it(
    'ten thousand output items, each a message with a delta, all in order',
    async () => {
      const n = 10_000;
      const items = Array.from({ length: n }, (_, i) => itemOf('message', [`item ${i}; `]));
      // responseState() is left out: it walks every item on every event, about 20 s here (see the report).
      const outcome = await run(sseOf(responseEvents(items)), { state: false });
      const final = expectCompleted(outcome);
      const expected = items.map((item) => item.text).join('');
      expect(final.output).toHaveLength(n);
      expect(final.output_text).toBe(expected);
      expect((final.output[9_999] as { id?: string }).id).toBe('msg_9999');
      const snapshot = outcome.lastSnapshot.values[0] as ResponseSnapshot;
      expect(snapshot.output).toHaveLength(n);
      expect(snapshot.outputText).toBe(expected);
      expect(snapshot.diagnostics).toEqual([]);
    },
    5 * MINUTES,
  );

  for (const depth of [10_000, 1_000_000]) {
    it(
      `function-call arguments nested ${depth.toLocaleString('en')} levels deep stay a string; parsing them never escapes the pipeline`,
      async () => {
        const args = '['.repeat(depth) + ']'.repeat(depth);
        const deltas = args.match(/[\s\S]{1,4096}/g) as string[];
        const outcome = await run(sseOf(responseEvents([itemOf('function_call', deltas), itemOf('message', ['done'])])));
        const final = expectCompleted(outcome);
        expect(final.output_text).toBe('done');
        expect((final.output[0] as { arguments?: unknown }).arguments === args).toBe(true);

        expect(outcome.calls.completed).toBe(true);
        expect(outcome.calls.values).toHaveLength(1);
        const call = outcome.calls.values[0] as FunctionCall;
        expect(call.arguments === args).toBe(true);
        // Either parsed (then exactly `depth` levels deep) or reported as a parse error: both are fine.
        if (call.parseError === undefined) {
          let level = 0;
          for (let value = call.parsedArguments; Array.isArray(value); value = value[0]) level++;
          expect(level).toBe(depth);
        } else {
          expect(call.parseError).toBeInstanceOf(SyntaxError);
        }

        const state = outcome.lastState.values[0] as ResponseViewState;
        expect(state.status).toBe('completed');
        expect(state.toolCalls).toHaveLength(1);
        expect((state.toolCalls[0] as { arguments?: unknown }).arguments === args).toBe(true);
      },
      5 * MINUTES,
    );
  }

  it(
    'an output item holding JSON nested 10,000 levels deep (an object, not a string) completes like any other',
    async () => {
      // Valid JSON, about 20 KB: a tool result or a vendor field can be this deep. `JSON.parse`
      // takes it; the reducer must too, or at least fail through the observable.
      // Spliced into the frames as text: JSON.stringify overflows the stack at this depth on Node 20.
      const depth = 10_000;
      const nested = '['.repeat(depth) + ']'.repeat(depth);
      const marker = 'NESTED-JSON-GOES-HERE';
      const events = [...responseEvents([itemOf('function_call', ['{}']), itemOf('message', ['ok'])])].map((event) => {
        const item = (event as { item?: Record<string, unknown> }).item;
        if (item !== undefined && item.type === 'function_call') return { ...event, item: { ...item, extra: marker } };
        if (event.type === 'response.completed') {
          const response = event.response as { output: Record<string, unknown>[] };
          return { ...event, response: { ...response, output: response.output.map((it) => (it.type === 'function_call' ? { ...it, extra: marker } : it)) } };
        }
        return event;
      });
      const frames = events.map((event) => sseFrame(event).replaceAll(`"${marker}"`, nested));
      expect(frames.filter((frame) => frame.includes(nested))).toHaveLength(3);
      const outcome = await run(frames);
      const final = expectCompleted(outcome);
      expect(final.output_text).toBe('ok');
      let level = 0;
      for (let value = (final.output[0] as { extra?: unknown }).extra; Array.isArray(value); value = value[0]) level++;
      expect(level).toBe(depth);
      expect(outcome.calls.values.map((c) => c.arguments)).toEqual(['{}']);
    },
    5 * MINUTES,
  );
});
