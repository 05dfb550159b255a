// The public API is reviewed through etc/rx-responses.api.md (and etc/rx-responses-testing.api.md),
// and documented in docs/api/. `api-extractor run` in CI mode (no `--local`) compares the API read
// from dist/*.d.ts with the committed report and fails when it is missing or differs, and on any
// api-extractor warning; it also writes the doc model (temp/api/), from which the Markdown
// reference is generated into a temporary folder and compared with docs/api/. The test never
// writes the report or the docs: a changed API has to be a reviewed, committed change.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ToolResult, repoRoot, runTool } from '../support/runTool.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const entries = [
  ['rx-responses', 'api-extractor.json', 'etc/rx-responses.api.md'],
  ['rx-responses/testing', 'api-extractor.testing.json', 'etc/rx-responses-testing.api.md'],
] as const;

const extractor = new Map<string, ToolResult>();
let generated: string | undefined;

beforeAll(async () => {
  // One after the other: both write their doc model into temp/api/.
  for (const [entry, config] of entries) {
    extractor.set(entry, await runTool('node_modules/.bin/api-extractor', ['run', '-c', config], repoRoot));
  }
}, 240_000);

afterAll(() => {
  if (generated) rmSync(generated, { recursive: true, force: true });
});

describe('API report (api-extractor, CI mode)', () => {
  it.each(entries)('%s matches its committed report', (entry, _config, report) => {
    const { code, output } = extractor.get(entry) ?? { code: -1, output: 'api-extractor did not run' };
    const message =
      `api-extractor run failed (exit ${code}). The public API changed or the report is missing ` +
      'or api-extractor reported a warning. If the API change is intended, run `npm run api:update` ' +
      `and commit ${report} (otherwise fix the warning shown below).\n\n` +
      `api-extractor output:\n${output}`;

    expect(code, message).toBe(0);
  });
});

describe('API reference (docs/api, api-documenter)', () => {
  it('is what the current doc models generate', async () => {
    generated = mkdtempSync(join(tmpdir(), 'rx-responses-api-docs-'));
    const run = await runTool(process.execPath, ['scripts/apiDocs.mjs', '--out', generated], repoRoot);
    expect(run.code, `scripts/apiDocs.mjs failed:\n${run.output}`).toBe(0);

    const committedDir = join(repoRoot, 'docs/api');
    const list = (dir: string): string[] => {
      try {
        return readdirSync(dir).sort();
      } catch {
        return [];
      }
    };
    const fresh = list(generated);
    const committed = list(committedDir);
    const missing = fresh.filter((file) => !committed.includes(file));
    const stale = committed.filter((file) => !fresh.includes(file));
    const changed = fresh.filter(
      (file) => committed.includes(file) && readFileSync(join(generated!, file), 'utf8') !== readFileSync(join(committedDir, file), 'utf8'),
    );
    const fix = 'Run `npm run api:update` and commit docs/api/.';
    // A few names are enough to see what happened; all of them would flood the output.
    const some = (files: string[]): string[] => (files.length > 10 ? [...files.slice(0, 10), `and ${files.length - 10} more`] : files);

    expect(fresh.length, `api-documenter wrote no page. ${run.output}`).toBeGreaterThan(0);
    expect({ missing: some(missing), stale: some(stale), changed: some(changed) }, `docs/api/ is out of date with the API (${fix})`).toEqual({ missing: [], stale: [], changed: [] });
  }, 120_000);
});
