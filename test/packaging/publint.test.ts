// publint --strict checks what a consumer's resolver sees in the packed tarball: the exports
// map, `types` conditions, `main`/`module` fields and that every referenced file is shipped.
// It packs with `npm pack --dry-run`, so it leaves nothing behind. Needs `dist/` (npm test builds first).
import { repoRoot, runTool } from '../support/runTool.js';
import { describe, expect, it } from 'vitest';

describe('publint --strict', () => {
  it('reports no errors or warnings for the packed package', async () => {
    const { code, output } = await runTool('node_modules/.bin/publint', ['--strict'], repoRoot);
    const message = `publint --strict (exit ${code}) output:\n${output}`;

    expect(code, message).toBe(0);
    expect(output, message).not.toMatch(/^\s*(Errors|Warnings):/m);
    // Proves the lint ran to the end; suggestions alone are allowed.
    expect(output, message).toMatch(/All good!|Suggestions:/);
  }, 120_000);
});
