#!/usr/bin/env bash
# The project's test command (`npm test`): build, then run every test (unit, type-level,
# packaging, CLI), keeping vitest's normal output and ending with one plain summary line.
set -u
cd "$(dirname "$0")/.."
npm run --silent build || { echo "0 passed, 1 failed (build failed)"; exit 1; }
report="$(mktemp)"
npx vitest run --typecheck --reporter=default --reporter=json --outputFile.json="$report" "$@"
rc=$?
node -e '
let r = {};
try { r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); } catch {}
const failed = r.numFailedTests ?? 0, suites = r.numFailedTestSuites ?? 0;
const note = suites && !failed ? ` (${suites} suite(s) failed to load)` : "";
console.log(`${r.numPassedTests ?? 0} passed, ${failed + (suites && !failed ? suites : 0)} failed${note}`);
' "$report"
rm -f "$report"
exit $rc
