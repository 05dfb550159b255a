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
  // Static mutants (in code run when a module loads: module-level constants, tables, regular
  // expressions) are left out. With this Stryker (9.6) and vitest (4.1) they are never switched
  // on, so they all "survive": `REDACTED = ''` in src/client/redactSecret.ts survived the 25
  // tests that assert '[redacted]' (Dec 2026), and each one still costs a run of every test that
  // imports the file. Module-level code is checked by the ordinary tests only; tests must not
  // call src/ while they are collected (or in beforeAll), or the code they reach becomes static.
  ignoreStatic: true,
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
