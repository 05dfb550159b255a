// `rx-responses demo`, run as the built executable: it replays the one recording bundled in
// `recordings/` and must print exactly that response's answer on stdout.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeRun, runCli } from './runCli.js';

const RECORDINGS = new URL('../../recordings/', import.meta.url);

/** The bundled recording's final answer: the output_text parts of the terminal response's messages. */
function bundledFinalText(): { name: string; text: string } {
  const names = readdirSync(RECORDINGS).filter((name) => name.endsWith('.jsonl'));
  expect(names, 'recordings/ should hold exactly one recording').toHaveLength(1);
  const name = names[0] ?? '';
  const events = readFileSync(new URL(name, RECORDINGS), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { type: string; response?: { output?: unknown[] } });
  const terminal = events.filter((event) => event.type === 'response.completed').at(-1);
  const text = (terminal?.response?.output ?? [])
    .filter((item) => (item as { type?: string }).type === 'message')
    .flatMap((item) => ((item as { content?: unknown[] }).content ?? []) as { type?: string; text?: string }[])
    .filter((part) => part.type === 'output_text')
    .map((part) => part.text ?? '')
    .join('');
  return { name, text };
}

describe('rx-responses demo', () => {
  it('--speed 0 prints exactly the final text of the bundled recording on stdout and exits 0', async () => {
    const { name, text } = bundledFinalText();
    expect(text.length).toBeGreaterThan(0);
    const result = await runCli(['demo', '--speed', '0']);
    const message = describeRun('rx-responses demo --speed 0', result);

    expect(result.code, message).toBe(0);
    expect(result.stdout === text, message).toBe(true);
    // It says first that nothing is called, and ends with status and usage.
    expect(result.stderr.split('\n')[0], message).toContain(name);
    expect(result.stderr, message).toMatch(/No API call/);
    expect(result.stderr, message).toMatch(/^Reasoning started/m);
    expect(result.stderr, message).toMatch(/^Reasoning done/m);
    expect(result.stderr, message).toMatch(/^status: +completed$/m);
    expect(result.stderr, message).toMatch(/^usage: +input \d+.*output \d+.*total \d+ tokens$/m);
    expect(result.stderr, message).toMatch(/^duration: +\d+\.\d s$/m);
  });

  it('paces the replay by default, and faster with a higher --speed', async () => {
    const started = performance.now();
    const result = await runCli(['demo', '--speed', '4']);
    const elapsed = performance.now() - started;
    const message = describeRun('rx-responses demo --speed 4', result);

    expect(result.code, message).toBe(0);
    expect(result.stdout === bundledFinalText().text, message).toBe(true);
    // About 3 s at speed 1, so about 0.75 s at speed 4: paced, but well under the default.
    expect(elapsed, message).toBeGreaterThan(600);
  });
});
