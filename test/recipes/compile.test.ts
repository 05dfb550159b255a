// Every recipe type-checks with its framework's own types (the way a user's project would see
// them), through the recipes' tsconfig.
import { describe, expect, it } from 'vitest';
import { runTool } from '../support/runTool.js';

describe('examples/recipes', () => {
  it('type-checks: tsc --noEmit -p examples/recipes', async () => {
    const { code, output } = await runTool('node_modules/.bin/tsc', ['--noEmit', '-p', 'examples/recipes']);
    expect(code, `tsc --noEmit -p examples/recipes (exit ${code}):\n${output}`).toBe(0);
  });
});
