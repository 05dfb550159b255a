// The Node examples, built and run as a user would, against the loopback replay server in
// place of the API (OPENAI_BASE_URL points at it).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../../src/testing/index.js';
import { recording } from '../support/fixtures.js';
import { repoRoot, runTool } from '../support/runTool.js';

const examplesDir = join(repoRoot, 'examples/node');
const examples = readdirSync(examplesDir).filter((name) => name.endsWith('.ts'));
// Built inside the repository so `import 'rx-responses'` resolves to this package's dist/.
const outDir = mkdtempSync(join(repoRoot, '.tmp-examples-'));
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
  await build({
    entry: Object.fromEntries(examples.map((name) => [name.replace(/\.ts$/, ''), join(examplesDir, name)])),
    format: ['esm'],
    outDir,
    external: ['rx-responses', 'rxjs'],
    silent: true,
    config: false,
  });
}, 120_000);

afterAll(async () => {
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
});

describe('examples/node', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.filter((name) => name !== 'agent.ts'))('%s streams the text and prints the final status, with one request', async (name) => {
    const before = server.requests.length;
    const env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test-example' };
    const result = await runTool(process.execPath, [join(outDir, name.replace(/\.ts$/, '.js'))], repoRoot, env);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain(finalText);
    expect(result.stdout).toContain('completed');
    expect(server.requests.length - before).toBe(1);
  });

  it('agent.ts runs its two-turn scripted session offline: both tools, then the answer', async () => {
    const turn2 = readFileSync(join(examplesDir, 'agent-session/turn-2.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string });
    const answer = turn2.find((e) => e.type === 'response.output_text.done')?.text ?? '';
    expect(answer.length).toBeGreaterThan(10);
    const result = await runTool(process.execPath, [join(outDir, 'agent.js')], repoRoot, {});
    expect(result.code, result.output).toBe(0);
    // The session server rejects (400) a second request without turn 1's id and both outputs.
    expect(result.stdout).toContain('← get_weather: {"city":"Paris","celsius":21,"sky":"sunny"}');
    expect(result.stdout).toContain('← calculator: 69.8');
    expect(result.stdout).toContain(answer);
    expect(result.stdout).toContain('(completed, resp_agent_2)');
  });
});
