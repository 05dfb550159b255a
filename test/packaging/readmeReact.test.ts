// The README's React snippet, as a user copies it: every ```tsx block of README.md goes into a
// scratch React app that installs the packed tarball, and tsc checks it with the settings of a
// bundler app and of a Node ESM app. No network: react, @types/react, rxjs and the package's
// dependencies are linked from the repo's node_modules.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTarball, packTarball } from '../support/packTarball.js';
import { repoRoot, runTool } from '../support/runTool.js';

/** The body of every fenced block tagged `tsx` in `markdown`. */
function tsxBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```tsx\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
}

const blocks = tsxBlocks(readFileSync(join(repoRoot, 'README.md'), 'utf8'));

// If the package's types did not resolve (an `any` import), this expected error would be
// missing and tsc would fail on the unused directive: the check cannot pass vacuously.
const control = `import { idleResponseState } from 'rx-responses';
// @ts-expect-error text is a string
export const notANumber: number = idleResponseState().text;
`;

const compilerOptions = {
  strict: true,
  noEmit: true,
  jsx: 'react-jsx',
  target: 'ES2022',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  types: [],
  skipLibCheck: false,
  isolatedModules: true,
  verbatimModuleSyntax: true,
};
const settings = [
  { name: 'a bundler app (moduleResolution Bundler)', options: { module: 'ESNext', moduleResolution: 'Bundler' } },
  { name: 'a Node ESM app (module NodeNext)', options: { module: 'NodeNext', moduleResolution: 'NodeNext' } },
];

let tmp: string;
let project: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'rx-responses-readme-react-'));
  project = join(tmp, 'app');
  const { tarball } = await packTarball(tmp);
  await installTarball(tarball, project, ['rxjs', 'eventsource-parser', '@standard-schema/spec', 'react', '@types/react', 'csstype']);
  writeFileSync(join(project, 'package.json'), '{ "name": "scratch-react-app", "private": true, "type": "module" }\n');
  blocks.forEach((block, i) => writeFileSync(join(project, `readme${i + 1}.tsx`), block));
  writeFileSync(join(project, 'control.ts'), control);
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the README’s React snippet', () => {
  it('is there, and uses the package’s session', () => {
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.join('\n')).toContain("from 'rx-responses'");
    expect(blocks.join('\n')).toContain('createResponseSession');
  });

  it.each(settings)('type-checks against the packed tarball in $name', async ({ name, options }) => {
    const config = `tsconfig.${options.module}.json`;
    writeFileSync(join(project, config), JSON.stringify({ compilerOptions: { ...compilerOptions, ...options }, include: ['*.ts', '*.tsx'] }, null, 2));
    const { code, output } = await runTool(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', config], project);
    expect(code, `tsc over the README's tsx blocks in ${name} (exit ${code}):\n${output}`).toBe(0);
  }, 120_000);
});
