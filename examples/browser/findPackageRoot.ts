import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the `rx-responses` checkout that holds `from`: found by walking up to its
 * package.json, so the example scripts find their files whether they run from `examples/`
 * or bundled into `.tmp/`.
 *
 * @example
 * ```ts
 * const html = readFileSync(join(findPackageRoot(import.meta.url), 'examples/browser/index.html'), 'utf8');
 * ```
 */
export function findPackageRoot(from: string): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'rx-responses') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No rx-responses package.json above ${fileURLToPath(from)}`);
    dir = parent;
  }
}
