// The public API is reviewed through etc/rx-responses.api.md. `api-extractor run` in CI mode (no
// `--local`) compares the API read from dist/index.d.ts with that committed report and fails when
// it is missing or differs, and on any api-extractor warning. The test never writes the report:
// a changed API has to be a reviewed, committed change.
import { repoRoot, runTool } from '../support/runTool.js';
import { describe, expect, it } from 'vitest';

describe('API report (api-extractor, CI mode)', () => {
  it.each([
    ['rx-responses', 'api-extractor.json', 'etc/rx-responses.api.md'],
    ['rx-responses/testing', 'api-extractor.testing.json', 'etc/rx-responses-testing.api.md'],
  ])('%s matches its committed report', async (_entry, config, report) => {
    const { code, output } = await runTool('node_modules/.bin/api-extractor', ['run', '-c', config], repoRoot);
    const message =
      `api-extractor run failed (exit ${code}). The public API changed or the report is missing ` +
      'or api-extractor reported a warning. If the API change is intended, run `npm run api:update` ' +
      `and commit ${report} (otherwise fix the warning shown below).\n\n` +
      `api-extractor output:\n${output}`;

    expect(code, message).toBe(0);
  }, 120_000);
});
