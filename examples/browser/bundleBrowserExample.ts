// Builds the browser example into two in-memory files: index.html and app.js (the page's
// TypeScript with rx-responses and rxjs bundled in, for browsers without a build step of their own).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsup';
import { findPackageRoot } from './findPackageRoot.js';

/** The built page: serve `html` at `/` and `js` at `/app.js`. */
export interface BrowserExampleBundle {
  readonly html: string;
  readonly js: string;
}

/**
 * Bundles `main.ts` with esbuild (through tsup's `build()`), for the browser, as one ES module.
 * `rx-responses` resolves through the repository's tsconfig `paths`, i.e. to this checkout.
 *
 * @example
 * ```ts
 * const page = await bundleBrowserExample();
 * if (url === '/app.js') res.end(page.js);
 * ```
 */
export async function bundleBrowserExample(options: { minify?: boolean } = {}): Promise<BrowserExampleBundle> {
  const here = join(findPackageRoot(import.meta.url), 'examples/browser');
  const [html, js] = await Promise.all([readFile(join(here, 'index.html'), 'utf8'), bundleForBrowser(join(here, 'main.ts'), options)]);
  return { html, js };
}

/**
 * Bundles the TypeScript module at `entry` with esbuild (through tsup's `build()`), for the
 * browser, as one self-contained ES module (rxjs and rx-responses included, `rx-responses`
 * resolving to this checkout), and returns its code.
 *
 * @example
 * ```ts
 * const js = await bundleForBrowser(join(root, 'examples/browser/main.ts'));
 * ```
 */
export async function bundleForBrowser(entry: string, options: { minify?: boolean } = {}): Promise<string> {
  const root = findPackageRoot(import.meta.url);
  const outDir = await mkdtemp(join(tmpdir(), 'rx-responses-browser-'));
  try {
    await build({
      entry: { bundle: entry },
      outDir,
      format: ['esm'],
      platform: 'browser',
      target: 'es2022',
      noExternal: [/.*/], // one self-contained file: rxjs and rx-responses included
      tsconfig: join(root, 'tsconfig.json'),
      minify: options.minify ?? false,
      sourcemap: false,
      dts: false,
      splitting: false,
      silent: true,
      config: false,
    });
    return await readFile(join(outDir, 'bundle.js'), 'utf8');
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
