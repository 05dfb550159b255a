// The hosted shell's events (openai-node 7.x): commands stream into shell_call.action.commands
// by output_index + command_index (no item_id), results into the shell_call_output item's
// output[command_index] by item_id. Hand-built streams for interleaving and out-of-order
// results, which the recordings (one command each) do not show; the recordings are checked too.
import { describe, expect, it } from 'vitest';
import { type ResponseSnapshot, type ResponseStreamEvent, applyEvent, emptySnapshot, responseState, toItemView } from '../../src/index.js';
import { ResponseAccumulator } from '../../src/reduce/ResponseAccumulator.js';
import { deepFreeze } from '../support/deepFreeze.js';
import { listRecordings } from '../support/listRecordings.js';
import { from, lastValueFrom } from 'rxjs';

type Wire = Record<string, unknown> & { type: string };
let seq = 0;
const ev = (type: string, fields: Record<string, unknown> = {}): Wire => ({ type, sequence_number: seq++, ...fields });
const codes = (s: ResponseSnapshot) => s.diagnostics.map((d) => d.code);

function reduce(events: readonly Wire[]): ResponseSnapshot {
  let s = emptySnapshot();
  for (const e of events) s = deepFreeze(applyEvent(s, deepFreeze(e) as ResponseStreamEvent));
  return s;
}

const shellCall = { type: 'shell_call', id: 'sh_1', call_id: 'call_1', status: 'in_progress', action: { commands: [], max_output_length: null, timeout_ms: null } };
const shellOutput = { type: 'shell_call_output', id: 'sho_1', call_id: 'call_1', status: 'in_progress', max_output_length: null, output: [] };
const result = (stdout: string, stderr: string, exit_code: number) => ({ stdout, stderr, outcome: { type: 'exit', exit_code } });

function interleaved(): Wire[] {
  seq = 0;
  return [
    ev('response.created', { response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'm', output: [] } }),
    ev('response.output_item.added', { output_index: 0, item: shellCall }),
    ev('response.shell_call_command.added', { output_index: 0, command_index: 0, command: '' }),
    ev('response.shell_call_command.added', { output_index: 0, command_index: 1, command: '' }),
    ev('response.shell_call_command.delta', { output_index: 0, command_index: 1, delta: 'pw' }),
    ev('response.shell_call_command.delta', { output_index: 0, command_index: 0, delta: 'ls' }),
    ev('response.shell_call_command.delta', { output_index: 0, command_index: 1, delta: 'd' }),
    ev('response.shell_call_command.delta', { output_index: 0, command_index: 0, delta: ' -a' }),
    ev('response.shell_call_command.done', { output_index: 0, command_index: 1, command: 'pwd' }),
    ev('response.shell_call_command.done', { output_index: 0, command_index: 0, command: 'ls -a' }),
    ev('response.output_item.done', { output_index: 0, item: { ...shellCall, status: 'completed', action: { ...shellCall.action, commands: ['ls -a', 'pwd'] } } }),
    ev('response.output_item.added', { output_index: 1, item: shellOutput }),
    // The second command's result first, then the first's, interleaved.
    ev('response.shell_call_output_content.delta', { output_index: 1, item_id: 'sho_1', command_index: 1, delta: { stdout: '/ho' } }),
    ev('response.shell_call_output_content.delta', { output_index: 1, item_id: 'sho_1', command_index: 0, delta: { stdout: '.\n', stderr: 'warn' } }),
    ev('response.shell_call_output_content.delta', { output_index: 1, item_id: 'sho_1', command_index: 1, delta: { stdout: 'me\n' } }),
    ev('response.shell_call_output_content.done', { output_index: 1, item_id: 'sho_1', command_index: 1, output: [result('/home\n', '', 0)] }),
    ev('response.shell_call_output_content.delta', { output_index: 1, item_id: 'sho_1', command_index: 0, delta: { stdout: '..\n' } }),
    ev('response.shell_call_output_content.done', { output_index: 1, item_id: 'sho_1', command_index: 0, output: [result('.\n..\n', 'warn', 2)] }),
  ];
}

describe('hosted shell events', () => {
  it('interleaved commands land in their own slots, and the view shows them while they stream', () => {
    const events = interleaved();
    const mid = reduce(events.slice(0, 8));
    expect((mid.output[0] as { action: { commands: string[] } }).action.commands).toEqual(['ls -a', 'pwd']);
    const view = toItemView(mid.output[0] as never, 0, { done: false });
    expect(view).toMatchObject({ kind: 'shell_call', call_id: 'call_1', commands: ['ls -a', 'pwd'], done: false });
    const done = reduce(events.slice(0, 11));
    expect(codes(done)).toEqual([]);
  });

  it('out-of-order results land at their command_index, streamed and then final', () => {
    const events = interleaved();
    const early = reduce(events.slice(0, 13));
    // Only the second command's result arrived: the first slot waits, empty.
    expect((early.output[1] as { output: unknown[] }).output).toEqual([result('', '', 0), result('/ho', '', 0)]);
    const streamed = reduce(events.slice(0, 15));
    expect((streamed.output[1] as { output: unknown[] }).output).toEqual([result('.\n', 'warn', 0), result('/home\n', '', 0)]);
    const s = reduce(events);
    expect((s.output[1] as { output: unknown[] }).output).toEqual([result('.\n..\n', 'warn', 2), result('/home\n', '', 0)]);
    expect(codes(s)).toEqual([]);
    const view = toItemView(s.output[1] as never, 1, { done: false });
    expect(view).toMatchObject({ kind: 'shell_call_output', call_id: 'call_1', output: [result('.\n..\n', 'warn', 2), result('/home\n', '', 0)] });
  });

  it('an output with no matching call, or a command_index past the end, appends with a diagnostic', () => {
    seq = 0;
    const s = reduce([
      ev('response.created', { response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'm', output: [] } }),
      ev('response.output_item.added', { output_index: 0, item: { ...shellOutput, call_id: 'call_unknown' } }),
      ev('response.shell_call_output_content.delta', { output_index: 0, item_id: 'sho_1', command_index: 4294967294, delta: { stdout: 'x' } }),
      ev('response.output_item.added', { output_index: 1, item: shellCall }),
      ev('response.shell_call_command.added', { output_index: 1, command_index: 5000000, command: 'echo' }),
      ev('response.shell_call_command.delta', { output_index: 1, command_index: '__proto__', delta: ' hi' }),
    ]);
    expect((s.output[0] as { output: unknown[] }).output).toEqual([result('x', '', 0)]);
    expect((s.output[1] as { action: { commands: string[] } }).action.commands).toEqual(['echo hi']);
    expect(codes(s)).toEqual(['index_out_of_range', 'index_out_of_range', 'invalid_index']);
  });

  it('responseState() shows shell views, and finalResponse()\'s accumulator agrees with applyEvent', async () => {
    const events = interleaved();
    const states = await lastValueFrom(from(events as ResponseStreamEvent[]).pipe(responseState()));
    expect(states.items.map((v) => v.kind)).toEqual(['shell_call', 'shell_call_output']);
    const accumulator = new ResponseAccumulator();
    for (const e of events) accumulator.apply(e as ResponseStreamEvent);
    expect(JSON.stringify(accumulator.current())).toBe(JSON.stringify(reduce(events)));
  });

  it('the recorded shell streams build the commands and results their output_item.done events carry', () => {
    let checked = 0;
    for (const rec of listRecordings().filter((r) => r.name.includes('shell'))) {
      let s = emptySnapshot();
      for (const e of rec.validEvents as Wire[]) {
        const before = s;
        s = applyEvent(s, e as ResponseStreamEvent);
        if (e.type !== 'response.output_item.done') continue;
        const item = e.item as Record<string, unknown>;
        const streamed = before.output.find((i) => (i as { id?: unknown }).id === item.id) as Record<string, unknown> | undefined;
        if (item.type === 'shell_call' && streamed !== undefined) {
          expect((streamed.action as { commands: unknown }).commands, rec.name).toEqual((item.action as { commands: unknown }).commands);
          checked++;
        }
        if (item.type === 'shell_call_output' && streamed !== undefined && (streamed.output as unknown[]).length > 0) {
          expect(streamed.output, rec.name).toEqual(item.output);
          checked++;
        }
      }
      expect(codes(s).filter((c) => c === 'unknown_event_type'), rec.name).toEqual([]);
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});
