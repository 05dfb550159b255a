// functionCallArguments(): partial argument objects per call while they stream, then the
// parsed arguments, checked against every recording with function calls.
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type ResponseStreamEvent, functionCallArguments } from '../../src/index.js';
import { listRecordings } from '../support/listRecordings.js';
import { streamedCall } from '../support/streamedCall.js';
import { completed, created, functionCall, itemAdded, itemDone } from './streamEvents.js';

const withCalls = listRecordings()
  .map((r) => ({ name: r.name, events: r.validEvents as ResponseStreamEvent[] }))
  .filter((r) => r.events.some((e) => e.type === 'response.output_item.done' && (e as { item?: { type?: string } }).item?.type === 'function_call'));

describe('functionCallArguments', () => {
  it('has recordings with function calls to check', () => {
    expect(withCalls.length).toBeGreaterThanOrEqual(5);
  });

  it.each(withCalls.map((r) => [r.name, r.events] as const))('ends each call of %s with the arguments of its output_item.done', async (_name, events) => {
    const updates = await lastValueFrom(from(events).pipe(functionCallArguments(), toArray()));
    const expected = events
      .filter((e) => e.type === 'response.output_item.done' && (e as { item?: { type?: string } }).item?.type === 'function_call')
      .map((e) => {
        const item = (e as { item: { call_id: string; arguments: string } }).item;
        return { call_id: item.call_id, parsed: item.arguments === '' ? {} : JSON.parse(item.arguments) };
      });
    const finals = updates.filter((u) => u.done).map((u) => ({ call_id: u.call_id, parsed: u.parsedArguments }));
    expect(finals).toStrictEqual(expected);
  });

  it('shows arguments filling in, keeping finished parts ===', async () => {
    const { events } = streamedCall('call_1', 'plan', ['{"steps":[{"do":"a"},', '{"do":"b', 'c"}]}']);
    const updates = await lastValueFrom(from(events).pipe(functionCallArguments(), toArray()));
    expect(updates.map((u) => [u.done, u.partial])).toStrictEqual([
      [false, { steps: [{ do: 'a' }] }],
      [false, { steps: [{ do: 'a' }, { do: 'b' }] }],
      [false, { steps: [{ do: 'a' }, { do: 'bc' }] }],
      [true, { steps: [{ do: 'a' }, { do: 'bc' }] }],
    ]);
    const steps = updates.map((u) => (u.partial as { steps: object[] }).steps);
    expect(steps[1]?.[0]).toBe(steps[0]?.[0]);
    expect(steps[2]?.[0]).toBe(steps[0]?.[0]);
    expect(steps[2]?.[1]).not.toBe(steps[1]?.[1]);
    expect(updates[3]).toMatchObject({ call_id: 'call_1', name: 'plan', arguments: '{"steps":[{"do":"a"},{"do":"bc"}]}', parseError: undefined });
  });

  it('ends a call whose arguments are not JSON with parseError, and goes on', async () => {
    const bad = functionCall('fc_1', 'call_1', 'save', '{"path": ');
    const good = functionCall('fc_2', 'call_2', 'load', '{}');
    const events = [created('resp_1'), itemAdded(0, bad), itemDone(0, bad), itemAdded(1, good), itemDone(1, good), completed('resp_1', [bad, good])];
    const updates = await lastValueFrom(from(events).pipe(functionCallArguments(), toArray()));
    const finals = updates.filter((u) => u.done);
    expect(finals.map((u) => [u.call_id, u.parseError?.code, u.parsedArguments])).toStrictEqual([
      ['call_1', 'invalid_json', undefined],
      ['call_2', undefined, {}],
    ]);
  });
});
