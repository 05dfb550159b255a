import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The test run Stryker repeats for every mutant (`npm run test:mutation`). It leaves out the
// tests that cannot kill a mutant of src/ or are too slow to repeat thousands of times:
// - the CLI's command tests (test/cli/{demo,inspect,serve,stream,streamWebSocket}.test.ts),
//   test/examples, test/packaging: they run the built CLI or packed package in a child process;
//   Stryker switches mutants on inside its own test worker, which a child never sees. The CLI
//   tests that run in process (itemProgress, createProgressStatus) stay: src/cli/itemProgress.ts
//   is mutated and only they test it.
// - test/browser, test/recipes/browser.test.ts: a headless Chromium per file (seconds each).
// - test/recipes/compile.test.ts: type-checks the recipes with tsc; types are not mutated.
// - test/bench: the benchmark's smoke run measures time, not behaviour.
// - test/faults: the fault matrix and secret scan replay thousands of loopback connections
//   (a minute a run); the client's rules they cover are also tested in test/client.
// Everything else (reduce, events, sources, operators, ui, client, testing, reliability,
// recipes for the frameworks) runs as in `npm test`.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'test/cli/{demo,inspect,serve,stream,streamWebSocket}.test.ts',
        'test/examples/**',
        'test/packaging/**',
        'test/browser/**',
        'test/recipes/browser.test.ts',
        'test/recipes/compile.test.ts',
        'test/bench/**',
        'test/faults/**',
        '**/node_modules/**',
      ],
      typecheck: { enabled: false },
    },
  }),
);
