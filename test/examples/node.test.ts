// The Node examples, run with the command their comments and the README give
// (`npm run example <file>`), against the loopback replay server in place of the API
// (OPENAI_BASE_URL points at it, no key set: the client needs none for a loopback server).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { repoRoot, runTool } from '../support/runTool.js';

const examplesDir = join(repoRoot, 'examples/node');
const examples = readdirSync(examplesDir).filter((name) => name.endsWith('.ts'));
const rec = recording('azure-text-1.jsonl');
const terminal = rec.events.at(-1) as unknown as { response: { output: { type: string; content?: { type: string; text: string }[] }[] } };
const finalText = terminal.response.output
  .filter((item) => item.type === 'message')
  .flatMap((item) => item.content ?? [])
  .filter((part) => part.type === 'output_text')
  .map((part) => part.text)
  .join('');

let server: ReplayServer;

beforeAll(async () => {
  server = await startReplayServer({ recording: rec.text });
}, 120_000);

afterAll(async () => {
  await server.close();
});

describe('examples/node', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.filter((name) => name !== 'agent.ts'))('npm run example examples/node/%s streams the text and prints the final status, with one request', async (name) => {
    const before = server.requests.length;
    const file = `examples/node/${name}`;
    const documented = readFileSync(join(repoRoot, file), 'utf8');
    expect(documented, `${file} should say how to run it`).toContain(`npm run example ${file}`);
    const env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test+example/key=%' };
    const result = await runTool('npm', ['run', '--silent', 'example', file], repoRoot, env);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain(finalText);
    expect(result.stdout).toContain('completed');
    expect(server.requests.length - before).toBe(1);
    // Bundling takes seconds on a busy machine, and a build too when src/ is newer than dist/.
  }, 180_000);

  it.each([
    ['HTTP', [], '2 turns over HTTP'],
    ['one WebSocket', ['--websocket'], '2 turns over 1 WebSocket'],
  ])('agent.ts runs its two-turn scripted session offline over %s: both tools, then the answer', async (_over, flags, how) => {
    const turn2 = readFileSync(join(examplesDir, 'agent-session/turn-2.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string });
    const answer = turn2.find((e) => e.type === 'response.output_text.done')?.text ?? '';
    expect(answer.length).toBeGreaterThan(10);
    const result = await runTool('npm', ['run', '--silent', 'example', 'examples/node/agent.ts', '--', ...flags], repoRoot, {});
    expect(result.code, result.output).toBe(0);
    // The session server rejects (400) a second request without turn 1's id and both outputs.
    expect(result.stdout).toContain('← get_weather: {"city":"Paris","celsius":21,"sky":"sunny"}');
    expect(result.stdout).toContain('← calculator: 69.8');
    expect(result.stdout).toContain(answer);
    expect(result.stdout).toContain(`(completed, resp_agent_2, ${how})`);
  }, 180_000);
});
