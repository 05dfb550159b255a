// npm run test:mutation:summary [-- --json]
//
// The mutation score over src/, from what Stryker has measured so far. Every run (whatever
// files it mutated) adds its files to the committed incremental report
// (reports/stryker-incremental.json), which keeps each file's source as it was measured; this
// reads that report, matches each survivor against stryker.equivalent.md, and prints one row
// per file plus the totals, the files whose source changed since (stale: measure them again)
// and the files of src/ not measured yet. It runs nothing, so it takes a second.
//
// The same module is what test/mutation/report.test.ts checks: every survivor of a file that
// is measured on its current source is either killed or listed as equivalent.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Files Stryker mutates (stryker.config.mjs): src/, without the CLI but for itemProgress.ts. */
export function mutatedFiles(root = ROOT) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) files.push(relative(root, path).split('\\').join('/'));
    }
  };
  walk(join(root, 'src'));
  return files.filter((f) => !f.startsWith('src/cli/') || f === 'src/cli/itemProgress.ts').sort();
}

/**
 * Whether a source file holds no code Stryker could mutate: compiled to JavaScript, it is
 * nothing but import and export declarations (types, interfaces and re-exports only). Stryker
 * leaves such files out of its report, so they are named apart from the files not measured yet.
 */
export function hasNoRuntimeCode(source) {
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false } }).outputText;
  const file = ts.createSourceFile('out.js', js, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  return file.statements.every((s) => ts.isImportDeclaration(s) || (ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined) || (ts.isExportDeclaration(s) && s.exportClause !== undefined && ts.isNamedExports(s.exportClause) && s.exportClause.elements.length === 0));
}

/**
 * The locations listed per file in stryker.equivalent.md: `line:column`, or `line:*` for every
 * mutant that starts on that line.
 */
export function listedEquivalents(text) {
  const listed = new Map();
  let file;
  for (const line of text.split('\n')) {
    const heading = /^## (src\/\S+\.ts)\s*$/.exec(line);
    if (heading !== null) {
      file = heading[1];
      listed.set(file, new Set());
      continue;
    }
    if (file === undefined || !line.startsWith('| ')) continue;
    // The first column: locations separated by commas, maybe followed by a note ("(8 mutants)").
    const first = line.slice(2, line.indexOf(' |', 2));
    for (const [location] of first.matchAll(/\b\d+:(?:\d+|\*)/g)) listed.get(file).add(location);
  }
  return listed;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** One row per measured file, from the incremental report, the equivalents list and the current sources. */
export function summarize({ report, equivalents, sourceOf }) {
  const rows = [];
  for (const [file, entry] of Object.entries(report.files)) {
    // Static mutants are left out of runs (ignoreStatic in stryker.config.mjs); older entries
    // may still hold them. Stryker 9.6 drops their `static` flag when a later run reuses them,
    // but they still show what made them static: they survived with no test covering them
    // (a non-static mutant no test covers is reported as NoCoverage instead).
    const isStatic = (m) => m.static === true || (m.status === 'Survived' && Array.isArray(m.coveredBy) && m.coveredBy.length === 0);
    const mutants = entry.mutants.filter((m) => !isStatic(m) && (DETECTED.has(m.status) || UNDETECTED.has(m.status)));
    const listed = equivalents.get(file) ?? new Set();
    const isListed = (m) => listed.has(`${m.location.start.line}:${m.location.start.column}`) || listed.has(`${m.location.start.line}:*`);
    const survivors = mutants.filter((m) => UNDETECTED.has(m.status));
    const survivedAt = (location) => {
      const [line, column] = location.split(':');
      return survivors.some((m) => String(m.location.start.line) === line && (column === '*' || String(m.location.start.column) === column));
    };
    const current = sourceOf(file);
    rows.push({
      file,
      mutants: mutants.length,
      detected: mutants.filter((m) => DETECTED.has(m.status)).length,
      survived: survivors.length,
      equivalent: survivors.filter(isListed).length,
      unlisted: survivors.filter((m) => !isListed(m)).map((m) => ({ line: m.location.start.line, column: m.location.start.column, mutator: m.mutatorName, replacement: m.replacement })),
      // Listed locations where nothing survived: a stale or mistyped entry.
      listedWithoutSurvivor: [...listed].filter((location) => !survivedAt(location)),
      stale: current !== entry.source,
    });
  }
  return rows.sort((a, b) => a.file.localeCompare(b.file));
}

const pct = (n, d) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

function main() {
  const report = JSON.parse(readFileSync(join(ROOT, 'reports/stryker-incremental.json'), 'utf8'));
  const equivalents = listedEquivalents(readFileSync(join(ROOT, 'stryker.equivalent.md'), 'utf8'));
  const sourceOf = (file) => {
    try {
      return readFileSync(join(ROOT, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  const rows = summarize({ report, equivalents, sourceOf });
  const measured = new Set(rows.map((r) => r.file));
  const notInReport = mutatedFiles().filter((f) => !measured.has(f));
  const noCode = notInReport.filter((f) => hasNoRuntimeCode(sourceOf(f)));
  const unmeasured = notInReport.filter((f) => !noCode.includes(f));
  const total = rows.reduce((t, r) => ({ mutants: t.mutants + r.mutants, detected: t.detected + r.detected, equivalent: t.equivalent + r.equivalent }), { mutants: 0, detected: 0, equivalent: 0 });
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ rows, total, unmeasured, noCode }));
    return;
  }
  console.log('| file | mutants | killed or timed out | survived | equivalent (listed) | score | without equivalents | measured on |');
  console.log('|---|--:|--:|--:|--:|--:|--:|---|');
  for (const r of rows) {
    console.log(`| \`${r.file}\` | ${r.mutants} | ${r.detected} | ${r.survived} | ${r.equivalent} | ${pct(r.detected, r.mutants)} | ${pct(r.detected, r.mutants - r.equivalent)} | ${r.stale ? 'an older source (stale)' : 'the current source'} |`);
  }
  console.log(`\nMeasured: ${rows.length} of ${rows.length + unmeasured.length} files with code to mutate, ${total.mutants} mutants, score ${pct(total.detected, total.mutants)} (${pct(total.detected, total.mutants - total.equivalent)} without the listed equivalents).`);
  console.log(`No code to mutate (types and re-exports only, ${noCode.length}): ${noCode.join(' ')}`);
  for (const r of rows.filter((x) => !x.stale && x.listedWithoutSurvivor.length > 0)) {
    console.log(`stryker.equivalent.md lists locations of ${r.file} where no mutant survived: ${r.listedWithoutSurvivor.join(', ')}`);
  }
  for (const r of rows.filter((x) => x.unlisted.length > 0)) {
    console.log(`Survivors of ${r.file} not listed in stryker.equivalent.md: ${r.unlisted.map((m) => `${m.line}:${m.column} ${m.mutator}`).join(', ')}`);
  }
  if (unmeasured.length > 0) console.log(`Not measured yet (${unmeasured.length}): ${unmeasured.join(' ')}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
