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
  const root = findPackageRoot(import.meta.url);
  const here = join(root, 'examples/browser');
  const outDir = await mkdtemp(join(tmpdir(), 'rx-responses-browser-'));
  try {
    await build({
      entry: { app: join(here, 'main.ts') },
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
    const [html, js] = await Promise.all([readFile(join(here, 'index.html'), 'utf8'), readFile(join(outDir, 'app.js'), 'utf8')]);
    return { html, js };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
