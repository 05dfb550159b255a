import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/events/ResponseStreamEvent.js';
import type { ResponseSnapshot } from '../../src/reduce/ResponseSnapshot.js';
import { applyEvent } from '../../src/reduce/applyEvent.js';
import { emptySnapshot } from '../../src/reduce/emptySnapshot.js';
import { deepFreeze } from '../support/deepFreeze.js';

// The hosted shell's events where they deviate: commands and results for slots that were never
// added, done values that differ from the deltas, payloads without a command or an output. The
// shapes are those of the recorded shell streams (test/fixtures/*shell*); the deviations are
// hand-made, one each.
type Wire = Record<string, unknown>;
type Step = [type: string, fields?: Wire];
const numbered = (steps: Step[]): Wire[] => steps.map(([type, fields], i) => ({ type, sequence_number: i, ...fields }));
function reduce(events: Wire[], from: ResponseSnapshot = emptySnapshot()): ResponseSnapshot {
  let s = deepFreeze(from);
  for (const e of events) s = deepFreeze(applyEvent(s, deepFreeze(e) as unknown as ResponseStreamEvent));
  return s;
}
const run = (steps: Step[]) => reduce(numbered([['response.created', { response: { id: 'r', model: 'gpt', output: [] } }], ...steps]));
function lastStep(steps: Step[]): [ResponseSnapshot, ResponseSnapshot] {
  const events = numbered([['response.created', { response: { id: 'r', model: 'gpt', output: [] } }], ...steps]);
  const before = reduce(events.slice(0, -1));
  return [before, reduce(events.slice(-1), before)];
}
const said = (s: ResponseSnapshot) => s.diagnostics.map((d) => [d.code, d.message, d.outputIndex]);
const call = (commands: unknown[] = []): Wire => ({ type: 'shell_call', id: 'sh', call_id: 'c', status: 'in_progress', action: { commands, max_output_length: null, timeout_ms: null } });
const output = (results: unknown[] = [], call_id = 'c'): Wire => ({ type: 'shell_call_output', id: 'so', call_id, status: 'in_progress', max_output_length: null, output: results });
const addCall = (commands: unknown[] = []): Step => ['response.output_item.added', { output_index: 0, item: call(commands) }];
const addOutput = (results: unknown[] = [], call_id = 'c'): Step => ['response.output_item.added', { output_index: 1, item: output(results, call_id) }];
const cmd = (kind: 'added' | 'delta' | 'done', fields: Wire): Step => [`response.shell_call_command.${kind}`, { output_index: 0, ...fields }];
const out = (kind: 'delta' | 'done', fields: Wire): Step => [`response.shell_call_output_content.${kind}`, { output_index: 1, item_id: 'so', ...fields }];
const result = (stdout: string, stderr = '', exit_code = 0) => ({ stdout, stderr, outcome: { type: 'exit', exit_code } });
const commandsOf = (s: ResponseSnapshot) => (s.output[0] as unknown as { action: { commands: unknown[] } }).action.commands;
const resultsOf = (s: ResponseSnapshot) => (s.output[1] as unknown as { output: unknown[] }).output;

describe('applyEvent: shell commands', () => {
  it('without command_index: .added appends, .delta and .done go to the last command', () => {
    const s = run([addCall(), cmd('added', { command: '' }), cmd('delta', { delta: 'ls' }), cmd('added', { command: '' }), cmd('delta', { delta: 'pwd' }), cmd('done', { command: 'pwd' })]);
    expect(commandsOf(s)).toEqual(['ls', 'pwd']);
    expect(s.diagnostics).toEqual([]);
  });

  it('a delta or done for a command never added adds it, with a diagnostic', () => {
    const delta = run([addCall(), cmd('delta', { command_index: 0, delta: 'ls' })]);
    expect(said(delta)).toEqual([['unknown_item', 'response.shell_call_command.delta for action.commands[0] of item 0, which was never added; added it', 0]]);
    expect(commandsOf(delta)).toEqual(['ls']);
    const done = run([addCall(), cmd('done', { command_index: 0, command: 'ls' })]);
    expect(said(done)).toEqual([['unknown_item', 'response.shell_call_command.done for action.commands[0] of item 0, which was never added; added it', 0]]);
    expect(commandsOf(done)).toEqual(['ls']);
    const emptyList = run([addCall(), cmd('delta', { delta: 'ls' })]);
    expect(commandsOf(emptyList)).toEqual(['ls']);
    expect(emptyList.diagnostics.map((d) => d.code)).toEqual(['unknown_item']);
  });

  it('an index past the end uses the next slot and says how many exist', () => {
    const s = run([addCall(['a']), cmd('added', { command_index: 3, command: 'b' })]);
    expect(said(s)).toEqual([['index_out_of_range', 'response.shell_call_command.added at action.commands[3] of item 0, but only 1 exist; used 1', 0]]);
    expect(commandsOf(s)).toEqual(['a', 'b']);
    const next = run([addCall(['a']), cmd('added', { command_index: 1, command: 'b' })]);
    expect(next.diagnostics).toEqual([]);
    expect(commandsOf(next)).toEqual(['a', 'b']);
  });

  it('a command that differs from what its slot held: kept, noted as a conflict (.added) or mismatch (.done)', () => {
    const addedOver = run([addCall(['ls']), cmd('added', { command_index: 0, command: 'pwd' })]);
    expect(said(addedOver)).toEqual([['output_index_conflict', 'response.shell_call_command.added for action.commands[0] differs from what it held (2 vs 3 chars); kept the new value', 0]]);
    expect(commandsOf(addedOver)).toEqual(['pwd']);
    const doneOver = run([addCall(['ls']), cmd('done', { command_index: 0, command: 'ls -a' })]);
    expect(said(doneOver)).toEqual([['done_mismatch', 'response.shell_call_command.done for action.commands[0] differs from what it held (2 vs 5 chars); kept the new value', 0]]);
    expect(commandsOf(doneOver)).toEqual(['ls -a']);
    const fromEmpty = run([addCall(['']), cmd('done', { command_index: 0, command: 'ls' })]);
    expect(fromEmpty.diagnostics).toEqual([]);
    expect(commandsOf(fromEmpty)).toEqual(['ls']);
    const [before, same] = lastStep([addCall(['ls']), cmd('done', { command_index: 0, command: 'ls' })]);
    expect(same.output[0]).toBe(before.output[0]);
    expect(same.diagnostics).toEqual([]);
  });

  it('a command event without a command, or an empty delta, changes nothing', () => {
    const s = run([addCall(['ls']), cmd('done', { command_index: 0, command: 5 })]);
    expect(said(s)).toEqual([['unknown_item', 'response.shell_call_command.done carried no command (5); ignored', 0]]);
    expect(commandsOf(s)).toEqual(['ls']);
    const [before, empty] = lastStep([addCall(['ls']), cmd('delta', { command_index: 0, delta: '' })]);
    expect(empty.output[0]).toBe(before.output[0]);
    const [before2, notText] = lastStep([addCall(['ls']), cmd('delta', { command_index: 0, delta: 1 })]);
    expect(notText.output[0]).toBe(before2.output[0]);
  });

  it('a call whose action is missing gets one with the command', () => {
    const s = run([['response.output_item.added', { output_index: 0, item: { type: 'shell_call', id: 'sh', call_id: 'c', status: 'in_progress', action: null } }], cmd('added', { command_index: 0, command: 'ls' })]);
    expect(s.output[0]).toMatchObject({ action: { commands: ['ls'] } });
    const noList = run([['response.output_item.added', { output_index: 0, item: { type: 'shell_call', id: 'sh', call_id: 'c', status: 'in_progress', action: { commands: 'ls' } } }], cmd('added', { command_index: 0, command: 'pwd' })]);
    expect(noList.output[0]).toMatchObject({ action: { commands: ['pwd'] } });
  });
});

describe('applyEvent: shell results', () => {
  it('results may fill slots ahead up to the matching call’s command count, not past it', () => {
    const ahead = run([addCall(['a', 'b', 'c']), addOutput(), out('delta', { command_index: 2, delta: { stdout: 'x' } })]);
    expect(resultsOf(ahead)).toEqual([result(''), result(''), result('x')]);
    expect(ahead.diagnostics).toEqual([]);
    const past = run([addCall(['a']), addOutput(), out('delta', { command_index: 2, delta: { stdout: 'x' } })]);
    expect(said(past)).toEqual([['index_out_of_range', 'response.shell_call_output_content.delta at output[2] of item 1, but only 0 exist; used 0', 1]]);
    expect(resultsOf(past)).toEqual([result('x')]);
    const noCall = run([['response.output_item.added', { output_index: 0, item: { type: 'message', id: 'm', role: 'assistant', content: [] } }], addOutput(), out('delta', { command_index: 1, delta: { stdout: 'x' } })]);
    expect(noCall.diagnostics.map((d) => d.code)).toEqual(['index_out_of_range']);
    const otherCall = run([addCall(['a', 'b']), addOutput([], 'other'), out('delta', { command_index: 1, delta: { stdout: 'x' } })]);
    expect(otherCall.diagnostics.map((d) => d.code)).toEqual(['index_out_of_range']);
    const noCallId = run([addCall(['a', 'b']), addOutput([], ''), out('delta', { command_index: 1, delta: { stdout: 'x' } })]);
    expect(noCallId.diagnostics.map((d) => d.code)).toEqual(['index_out_of_range']);
    const callWithoutAction = run([['response.output_item.added', { output_index: 0, item: { type: 'shell_call', id: 'sh', call_id: 'c', action: null } }], addOutput(), out('delta', { command_index: 1, delta: { stdout: 'x' } })]);
    expect(callWithoutAction.diagnostics.map((d) => d.code)).toEqual(['index_out_of_range']);
  });

  it('without command_index: a delta grows the last result, a done with nothing streamed appends', () => {
    const s = run([addCall(['a', 'b']), addOutput(), out('delta', { delta: { stdout: 'o', stderr: 'e' } }), out('delta', { delta: { stdout: 'k' } })]);
    expect(resultsOf(s)).toEqual([result('ok', 'e')]);
    const done = run([addCall(['a', 'b']), addOutput(), out('done', { output: [result('1')] }), out('done', { output: [result('2')] })]);
    expect(resultsOf(done)).toEqual([result('1'), result('2')]);
    expect(done.diagnostics).toEqual([]);
  });

  it('without command_index: a done finishes the result its deltas streamed, and the next delta starts the next result', () => {
    const one = run([addCall(['a']), addOutput(), out('delta', { delta: { stdout: 'o' } }), out('delta', { delta: { stdout: 'k' } }), out('done', { output: [result('ok', '', 1)] })]);
    expect(resultsOf(one)).toEqual([result('ok', '', 1)]);
    const two = run([
      addCall(['a', 'b']),
      addOutput(),
      out('delta', { delta: { stdout: '1' } }),
      out('done', { output: [result('1')] }),
      out('delta', { delta: { stdout: '2' } }),
      out('done', { output: [result('2', 'w')] }),
    ]);
    expect(resultsOf(two)).toEqual([result('1'), result('2', 'w')]);
    expect(two.diagnostics).toEqual([]);
    // A done equal to the streamed result still finishes it: a next done without deltas is the next command's.
    const equal = run([addCall(['a', 'b']), addOutput(), out('delta', { delta: { stdout: '1', stderr: '' } }), out('done', { output: [result('1')] }), out('done', { output: [result('2')] })]);
    expect(resultsOf(equal)).toEqual([result('1'), result('2')]);
    // A result the item came with is finished: a delta without an index starts the next one.
    const after = run([addCall(['a', 'b']), addOutput([result('0')]), out('delta', { delta: { stdout: 'x' } })]);
    expect(resultsOf(after)).toEqual([result('0'), result('x')]);
  });

  it('deltas append stdout and stderr separately; an empty delta changes nothing', () => {
    const s = run([addCall(['a']), addOutput(), out('delta', { command_index: 0, delta: { stderr: 'w' } }), out('delta', { command_index: 0, delta: { stdout: 'o', stderr: '!' } })]);
    expect(resultsOf(s)).toEqual([result('o', 'w!')]);
    for (const delta of [{ stdout: '', stderr: '' }, { stdout: 1 }, null, 'x']) {
      const [before, after] = lastStep([addCall(['a']), addOutput([result('o')]), out('delta', { command_index: 0, delta })]);
      expect(after.output[1]).toBe(before.output[1]);
    }
    const onto = run([addCall(['a']), addOutput([{ stdout: null, stderr: 3, outcome: null }]), out('delta', { command_index: 0, delta: { stdout: 'x', stderr: 'y' } })]);
    expect(resultsOf(onto)).toEqual([{ stdout: 'x', stderr: 'y', outcome: null }]);
  });

  it('a done result replaces the streamed one; differing streamed text is noted per stream', () => {
    const s = run([addCall(['a']), addOutput([result('o', 'e')]), out('done', { command_index: 0, output: [result('out', 'e', 1)] })]);
    expect(said(s)).toEqual([['done_mismatch', 'response.shell_call_output_content.done stdout of output[0] differs from the streamed deltas; kept the done value', 1]]);
    expect(resultsOf(s)).toEqual([result('out', 'e', 1)]);
    const err = run([addCall(['a']), addOutput([result('', 'e')]), out('done', { command_index: 0, output: [result('', 'err')] })]);
    expect(said(err)).toEqual([['done_mismatch', 'response.shell_call_output_content.done stderr of output[0] differs from the streamed deltas; kept the done value', 1]]);
    const [before, same] = lastStep([addCall(['a']), addOutput([result('o')]), out('done', { command_index: 0, output: [result('o')] })]);
    expect(same.output[1]).toBe(before.output[1]);
    // Also one its deltas streamed, when the done names it by its command_index.
    const [streamed, finished] = lastStep([addCall(['a']), addOutput(), out('delta', { command_index: 0, delta: { stdout: 'o' } }), out('done', { command_index: 0, output: [result('o')] })]);
    expect(finished.output[1]).toBe(streamed.output[1]);
    const fresh = run([addCall(['a']), addOutput(), out('done', { command_index: 0, output: [result('o')] })]);
    expect(fresh.diagnostics).toEqual([]);
    expect(resultsOf(fresh)).toEqual([result('o')]);
  });

  it('a done without an output is ignored with a diagnostic', () => {
    for (const output of [undefined, [], [null], ['x']]) {
      const s = run([addCall(['a']), addOutput([result('o')]), out('done', { command_index: 0, output })]);
      expect(said(s)).toEqual([['unknown_item', 'response.shell_call_output_content.done carried no output; ignored', 1]]);
      expect(resultsOf(s)).toEqual([result('o')]);
    }
  });
});
