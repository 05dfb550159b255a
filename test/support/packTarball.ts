// Packs this repository the way `npm publish` would and installs the tarball into a scratch
// project, offline: its dependencies are symlinked from the repo's node_modules. Shared by the
// packaging tests that use the package as a user gets it.
import { mkdirSync, renameSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type ToolResult, repoRoot, runTool } from './runTool.js';

/** What `npm pack` produced. */
export interface PackedTarball {
  /** The .tgz file. */
  tarball: string;
  /** Every path inside the package, as npm lists it. */
  files: string[];
}

/** A failed tool run, with everything it printed. */
export function describeRun(what: string, { code, stdout, stderr }: ToolResult): string {
  return `${what} (exit ${code})\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`;
}

/**
 * Runs `npm pack` into `destination`. Expects dist/ to be built (`npm test` builds first);
 * `--ignore-scripts` keeps a future `prepack` from rebuilding it while other tests read it.
 */
export async function packTarball(destination: string): Promise<PackedTarball> {
  const pack = await runTool('npm', ['pack', '--pack-destination', destination, '--json', '--ignore-scripts'], repoRoot);
  if (pack.code !== 0) throw new Error(describeRun('npm pack', pack));
  // npm may print notices before the JSON on stdout; the JSON is the array at the end.
  const manifest = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  const [packed] = manifest;
  if (!packed) throw new Error(describeRun('npm pack printed no package', pack));
  return { tarball: join(destination, packed.filename), files: packed.files.map((file) => file.path) };
}

/**
 * Unpacks `tarball` as `project/node_modules/rx-responses` and links each of `dependencies`
 * (package names, scoped ones too) from the repo's node_modules, as `npm install` would have.
 */
export async function installTarball(tarball: string, project: string, dependencies: readonly string[]): Promise<void> {
  const modules = join(project, 'node_modules');
  const unpacked = join(project, '.unpacked');
  mkdirSync(unpacked, { recursive: true });
  mkdirSync(modules, { recursive: true });
  const untar = await runTool('tar', ['-xzf', tarball, '-C', unpacked], repoRoot);
  if (untar.code !== 0) throw new Error(describeRun('tar -xzf', untar));
  renameSync(join(unpacked, 'package'), join(modules, 'rx-responses'));
  for (const dependency of dependencies) {
    const target = join(modules, dependency);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules', dependency), target, 'dir');
  }
}
