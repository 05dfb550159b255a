// `npm start` and `npm run example:browser` build dist/ only when it is stale
// (scripts/buildIfStale.mjs). Each case is a small package in a temporary folder whose `build`
// script writes the files package.json points at, with file times set by the test.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, runTool } from '../support/runTool.js';

const script = join(repoRoot, 'scripts/buildIfStale.mjs');
const outputs = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/cli.js'];
/** Writes every output and counts the builds in build-count.txt. */
const buildScript = `
const fs = require('node:fs');
fs.mkdirSync('dist', { recursive: true });
for (const file of ${JSON.stringify(outputs)}) fs.writeFileSync(file, '// built\\n');
const count = fs.existsSync('build-count.txt') ? Number(fs.readFileSync('build-count.txt', 'utf8')) : 0;
fs.writeFileSync('build-count.txt', String(count + 1));
`;

let root: string;
const at = (path: string): string => join(root, path);
const write = (path: string, text: string, secondsAgo: number): void => {
  mkdirSync(dirname(at(path)), { recursive: true });
  writeFileSync(at(path), text);
  const time = Date.now() / 1000 - secondsAgo;
  utimesSync(at(path), time, time);
};
const builds = (): number => (existsSync(at('build-count.txt')) ? Number(readFileSync(at('build-count.txt'), 'utf8')) : 0);
const run = (...args: string[]) => runTool(process.execPath, [script, '--root', root, ...args], root);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rx-responses-build-if-stale-'));
  const manifest = {
    name: 'scratch',
    private: true,
    type: 'module',
    main: './dist/index.cjs',
    types: './dist/index.d.ts',
    exports: { '.': { import: './dist/index.js', require: './dist/index.cjs' } },
    bin: { scratch: './dist/cli.js' },
    scripts: { build: 'node build.cjs' },
  };
  write('package.json', JSON.stringify(manifest), 600);
  write('build.cjs', buildScript, 600);
  write('tsup.config.ts', 'export default {};\n', 600);
  write('src/index.ts', 'export const a = 1;\n', 600);
  write('src/cli/main.ts', 'console.log(1);\n', 600);
  for (const file of outputs) write(file, '// built\n', 60);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('scripts/buildIfStale.mjs', () => {
  it('does nothing and prints nothing when dist/ is newer than every input', async () => {
    const result = await run();

    expect(result.code, result.output).toBe(0);
    expect(result.output).toBe('');
    expect(builds()).toBe(0);
  });

  it('builds once, saying why in one line, when a source file changed after the build', async () => {
    write('src/cli/main.ts', 'console.log(2);\n', 0);

    const first = await run();
    const second = await run();

    expect(first.code, first.output).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(/^Building dist\/ \(src\/cli\/main\.ts changed since the last build\)\.\.\. done in \d+ s\n$/);
    expect(builds()).toBe(1);
    expect(second.output, 'the second run finds dist/ fresh').toBe('');
    expect(builds()).toBe(1);
  });

  it.each([
    ['tsup.config.ts', 'export default { clean: true };\n'],
    ['package.json', null],
  ])('counts %s as a build input', async (file, text) => {
    write(file, text ?? readFileSync(at(file), 'utf8'), 0);

    expect((await run('--dry-run')).stdout).toBe(`stale: ${file} changed since the last build\n`);
  });

  it('builds when a file that package.json points at is missing', async () => {
    rmSync(at('dist/cli.js'));

    expect((await run('--dry-run')).stdout).toBe('stale: dist/cli.js is missing\n');
    const result = await run();
    expect(result.stderr).toMatch(/^Building dist\/ \(dist\/cli\.js is missing\)\.\.\. done/);
    expect(existsSync(at('dist/cli.js'))).toBe(true);
  });

  it('exits 1 with the build output when the build fails', async () => {
    write('src/index.ts', 'export const a = 2;\n', 0);
    write('build.cjs', "console.error('syntax error in src/index.ts'); process.exit(3);\n", 0);

    const result = await run();

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('failed:');
    expect(result.stderr).toContain('syntax error in src/index.ts');
  });
});
