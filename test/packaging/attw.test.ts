// Are the Types Wrong? resolves every entry point under node10, node16 (CJS and ESM) and bundler
// resolution and checks that the types match the JavaScript each one gets (no "masquerading as
// ESM", no missing `types` for node10). `attw --pack .` runs `npm pack` in the repo root and deletes
// the tarball itself, except when it crashes: the test removes a tarball it caused in any case.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type ToolResult, repoRoot, runTool } from '../support/runTool.js';
import { describe, expect, it } from 'vitest';

/** The file `npm pack` writes: `<name without @, / as ->-<version>.tgz`. */
function tarballPath(): string {
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return join(repoRoot, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
}

describe('attw --pack . (default profile: node10, node16 CJS/ESM, bundler)', () => {
  it('finds no problems', async () => {
    const tarball = tarballPath();
    // Only remove a tarball this test created; a developer's own `npm pack` output stays.
    const existedBefore = existsSync(tarball);
    let result: ToolResult;
    try {
      result = await runTool('node_modules/.bin/attw', ['--pack', '.', '--no-emoji'], repoRoot);
    } finally {
      if (!existedBefore) rmSync(tarball, { force: true });
    }
    const { code, output } = result;
    const message = `attw --pack . (exit ${code}) output:\n${output}`;

    expect(code, message).toBe(0);
    expect(output, message).toContain('No problems found');
  }, 120_000);
});
