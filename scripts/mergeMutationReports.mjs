// Merges Stryker incremental reports written by runs on different branches (each measured some
// files of src/) into reports/stryker-incremental.json, so the summary counts all of them.
//
//   node scripts/mergeMutationReports.mjs other-report.json [more.json ...] [--only src/a.ts,src/b.ts]
//
// With --only, only the listed source files are taken from the other reports (every other file
// keeps its entry in the committed report). Use it after a run: Stryker 9.6 rewrites the entries
// of files it reused from the incremental report and can empty their coverage, so only the files
// that run mutated are worth taking from its report.
//
// For each source file it keeps the entry that measured the file as it is now on disk (the last
// such report wins; when none did, the entry already in the committed report stays, stale).
// Test ids are numbers local to each report, so every killedBy/coveredBy is renumbered through
// the test's file and name; a test file's entry comes from the last report that has it as it is
// now on disk.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const TARGET = 'reports/stryker-incremental.json';
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt === -1 ? undefined : new Set((args[onlyAt + 1] ?? '').split(',').filter((f) => f !== ''));
if (onlyAt !== -1) args.splice(onlyAt, 2);
const paths = [TARGET, ...args];
if (paths.length < 2) {
  console.error('usage: node scripts/mergeMutationReports.mjs other-report.json [more.json ...]');
  process.exit(2);
}
const reports = paths.map((p, i) => {
  const report = JSON.parse(readFileSync(p, 'utf8'));
  if (i === 0 || only === undefined) return report;
  return { ...report, files: Object.fromEntries(Object.entries(report.files).filter(([file]) => only.has(file))) };
});
const onDisk = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);

/** The key of each test id of one report: its file and name. */
function testKeys(report) {
  const keys = new Map();
  for (const [file, entry] of Object.entries(report.testFiles ?? {})) {
    for (const test of entry.tests) keys.set(test.id, `${file}\u0000${test.name}`);
  }
  return keys;
}

const merged = { ...reports[0], files: {}, testFiles: {} };
const ids = new Map(); // test key -> new id
const idOf = (key) => {
  let id = ids.get(key);
  if (id === undefined) {
    id = String(ids.size);
    ids.set(key, id);
  }
  return id;
};

// Test files: the last report whose copy matches the disk, else the first that has it.
const testFileNames = new Set(reports.flatMap((r) => Object.keys(r.testFiles ?? {})));
for (const file of [...testFileNames].sort()) {
  const current = onDisk(file);
  const having = reports.filter((r) => r.testFiles?.[file] !== undefined);
  const chosen = [...having].reverse().find((r) => r.testFiles[file].source === current) ?? having[0];
  const entry = chosen.testFiles[file];
  // Tests other reports knew in this file (older names) stay, so their mutants keep their links.
  const names = new Map(entry.tests.map((t) => [t.name, t]));
  for (const r of having) for (const t of r.testFiles[file].tests) if (!names.has(t.name)) names.set(t.name, t);
  merged.testFiles[file] = { ...entry, tests: [...names.values()].map((t) => ({ ...t, id: idOf(`${file}\u0000${t.name}`) })) };
}

// Source files: the last report that measured the file as it is now.
const sourceNames = new Set(reports.flatMap((r) => Object.keys(r.files)));
const from = new Map();
for (const file of [...sourceNames].sort()) {
  const current = onDisk(file);
  const having = reports.filter((r) => r.files[file] !== undefined);
  const chosen = [...having].reverse().find((r) => r.files[file].source === current) ?? having[0];
  const keys = testKeys(chosen);
  const remap = (list) => list?.map((id) => idOf(keys.get(id) ?? `?\u0000${id}`));
  const entry = chosen.files[file];
  merged.files[file] = {
    ...entry,
    mutants: entry.mutants.map((m) => ({ ...m, ...(m.killedBy ? { killedBy: remap(m.killedBy) } : {}), ...(m.coveredBy ? { coveredBy: remap(m.coveredBy) } : {}) })),
  };
  from.set(file, paths[reports.indexOf(chosen)]);
}

writeFileSync(TARGET, `${JSON.stringify(merged, null, 2)}\n`);
for (const [file, path] of from) if (path !== TARGET) console.log(`${file}: from ${path}`);
console.log(`${Object.keys(merged.files).length} source files, ${ids.size} tests in ${TARGET}`);
