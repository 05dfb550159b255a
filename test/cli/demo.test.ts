// `rx-responses demo`, run as the built executable: it serves the one recording bundled in
// `recordings/` from a local replay server, streams it through the HTTP client, and must print
// exactly that response's answer on stdout, whatever the environment says about the API.
import { describe, expect, it } from 'vitest';
import { asPrinted, bundledRecording, finalText } from './bundledRecording.js';
import { describeRun, runCli } from './runCli.js';

function bundledFinalText(): { name: string; text: string } {
  const { name, events } = bundledRecording();
  return { name, text: finalText(events) };
}

describe('rx-responses demo', () => {
  it('--speed 0 prints exactly the final text of the bundled recording on stdout and exits 0', async () => {
    const { name, text } = bundledFinalText();
    expect(text.length).toBeGreaterThan(0);
    const result = await runCli(['demo', '--speed', '0']);
    const message = describeRun('rx-responses demo --speed 0', result);

    expect(result.code, message).toBe(0);
    expect(result.stdout === asPrinted(text), message).toBe(true);
    // It says first that nothing is called, and ends with status and usage.
    expect(result.stderr.split('\n')[0], message).toContain(name);
    expect(result.stderr.split('\n')[0], message).toMatch(/local replay server/);
    expect(result.stderr, message).toMatch(/No API call/);
    expect(result.stderr, message).toMatch(/^Reasoning started/m);
    expect(result.stderr, message).toMatch(/^Reasoning done/m);
    expect(result.stderr, message).toMatch(/^status: +completed$/m);
    expect(result.stderr, message).toMatch(/^usage: +input \d+.*output \d+.*total \d+ tokens$/m);
    expect(result.stderr, message).toMatch(/^duration: +\d+\.\d s$/m);
  });

  it('stays offline when an API key and a base URL are set', async () => {
    // Nothing listens on port 9 (discard): a call there would fail, and with it the demo.
    const env = { OPENAI_API_KEY: 'sk-test+SECRET/demo=%', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };
    const result = await runCli(['demo', '--speed', '0'], { env });
    const message = describeRun('OPENAI_API_KEY=… rx-responses demo --speed 0', result);

    expect(result.code, message).toBe(0);
    expect(result.stdout === asPrinted(bundledFinalText().text), message).toBe(true);
    expect(result.stderr, message).toMatch(/No API call/);
    expect(`${result.stdout}${result.stderr}`, message).not.toContain('sk-test+SECRET/demo=%');
  });

  it('paces the replay by default, and faster with a higher --speed', async () => {
    const started = performance.now();
    const result = await runCli(['demo', '--speed', '4']);
    const elapsed = performance.now() - started;
    const message = describeRun('rx-responses demo --speed 4', result);

    expect(result.code, message).toBe(0);
    expect(result.stdout === asPrinted(bundledFinalText().text), message).toBe(true);
    // About 3 s at speed 1, so about 0.75 s at speed 4: paced, but well under the default.
    expect(elapsed, message).toBeGreaterThan(600);
  });
});
