// Mutation testing (`npm run test:mutation`): StrykerJS 9 (runs on Node 20) with its vitest
// runner. Survivors are either killed by a test or listed, with a reason, in
// stryker.equivalent.md beside this file.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Slow, process-spawning and browser suites are left out there; see that file for why.
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: [
    'src/**/*.ts',
    // The CLI's terminal drawing (src/cli/createProgressStatus.ts: the ANSI status line redrawn
    // on a TTY; src/cli/printStream.ts: text and status line written as events arrive) is left
    // out: how it looks is checked by the CLI tests and by eye, not worth a mutant per glyph.
    // The rest of the CLI (argument parsing, reports, commands) runs in its tests only as a
    // child process (`node dist/cli.js`), which never sees the mutant Stryker switches on in
    // its test worker, so no test could ever kill those mutants; they are left out too.
    '!src/cli/**/*.ts',
    // What the status line says about each item is plain logic, tested in process.
    'src/cli/itemProgress.ts',
  ],
  // Some tests use the built package (dist/); build it from the mutated copy in the sandbox.
  buildCommand: 'npm run --silent build',
  coverageAnalysis: 'perTest',
  // Only mutants in code that changed since the committed report are tested again.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // The machine has 2 cores shared with other work.
  concurrency: 1,
  timeoutMS: 20000,
  dryRunTimeoutMinutes: 20,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
