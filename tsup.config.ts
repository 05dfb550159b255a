import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library (`rx-responses`) and the Node-only test helpers (`rx-responses/testing`).
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
  },
  {
    // The CLI is an ESM-only executable; it imports the library through the public entry.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
