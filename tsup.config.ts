import { resolve } from 'node:path';
import { type Options, defineConfig } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * The CLI and the test helpers use the library the way a user does: `../index.js` (and, from the
 * CLI, `../testing/index.js`) become imports of the package's own entries, `rx-responses` and
 * `rx-responses/testing`, which Node resolves to dist/ (a package may import itself by name through
 * its `exports`). So the library ships once, not again inside dist/cli.js and dist/testing.cjs, and
 * `rx-responses/testing` shares the library's classes in CommonJS too. Any other import from those
 * folders into the library's folders fails the build: they may only use the public API.
 */
const usePublicEntries: EsbuildPlugin = {
  name: 'use-public-entries',
  setup(build) {
    const src = resolve('src');
    const consumers = new Map([
      [resolve('src/cli'), new Map([[resolve('src/index.ts'), 'rx-responses'], [resolve('src/testing/index.ts'), 'rx-responses/testing']])],
      [resolve('src/testing'), new Map([[resolve('src/index.ts'), 'rx-responses']])],
    ]);
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const folder = [...consumers.keys()].find((path) => args.importer.startsWith(`${path}/`));
      if (folder === undefined) return undefined;
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      const entry = consumers.get(folder)?.get(target);
      if (entry !== undefined) return { path: entry, external: true };
      if (target.startsWith(`${src}/`) && !target.startsWith(`${folder}/`)) {
        const allowed = [...(consumers.get(folder)?.keys() ?? [])].map((path) => path.slice(src.length + 1).replace(/\.ts$/, '.js'));
        return {
          errors: [{ text: `${folder.slice(src.length - 3)}/ may import the library only through its public entries (src/${allowed.join(', src/')}), not ${args.path}` }],
        };
      }
      return undefined;
    });
  },
};

export default defineConfig([
  {
    // The library (`rx-responses`) and the Node-only test helpers (`rx-responses/testing`).
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    // No source maps: dist/ is unminified ES2022 with every module under a `// src/<file>.ts`
    // comment, so a stack trace already leads to readable code; maps with embedded sources would
    // more than double the package (README, "Packaging").
    sourcemap: false,
    clean: true,
    target: 'es2022',
    esbuildPlugins: [usePublicEntries],
  },
  {
    // The CLI is an ESM-only executable; it imports the library through the public entry.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: false,
    target: 'es2022',
    banner: { js: '#!/usr/bin/env node' },
    esbuildPlugins: [usePublicEntries],
  },
]);
