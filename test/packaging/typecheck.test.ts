// The strict compiler over everything: src/, the tests (so type assertions in plain tests are
// checked too), examples/ (so the README's example keeps compiling) and the build configs.
import { describe, expect, it } from 'vitest';
import { runTool } from '../support/runTool.js';

describe('tsc --noEmit', () => {
  it('type-checks src, tests and examples with no error', async () => {
    const { code, output } = await runTool('node_modules/.bin/tsc', ['--noEmit', '-p', '.']);
    expect(code, `tsc --noEmit -p . (exit ${code}):\n${output}`).toBe(0);
  }, 180_000);
});
