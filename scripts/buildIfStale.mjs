// Builds dist/ (`npm run build`) only when it is stale, saying so in one line on stderr:
//
//   Building dist/ (src/cli/main.ts changed since the last build)... done in 19 s
//
// Stale means: a file the package's exports or bin point at under dist/ is missing, or a build
// input (anything under src/, tsup.config.ts, tsconfig.json, package.json) is newer than the
// oldest of those files. Used by `npm start` and `npm run example:browser`, so the second run
// starts at once. `npm test` always builds.
//
//   node scripts/buildIfStale.mjs [--root <folder>] [--dry-run]
//
// --dry-run prints why a build is due (or "dist/ is up to date") and builds nothing.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const argument = (name) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const root = resolve(argument('--root') ?? fileURLToPath(new URL('..', import.meta.url)));
const dryRun = process.argv.includes('--dry-run');

/** Every file under dist/ that package.json's main, module, types, exports or bin name. */
function buildOutputs(manifest) {
  const found = new Set();
  const visit = (value) => {
    if (typeof value === 'string') {
      if (value.startsWith('./dist/') || value.startsWith('dist/')) found.add(join(root, value));
    } else if (value && typeof value === 'object') {
      for (const item of Object.values(value)) visit(item);
    }
  };
  visit([manifest.main, manifest.module, manifest.types, manifest.exports, manifest.bin]);
  return [...found];
}

function* filesUnder(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

const mtimeOf = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
};

/** Why dist/ needs a build, or undefined when it is up to date. */
function staleReason() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const outputs = buildOutputs(manifest);
  if (outputs.length === 0) return 'package.json names no file under dist/';
  let oldest = Infinity;
  for (const output of outputs) {
    const mtime = mtimeOf(output);
    if (mtime === undefined) return `${relative(root, output)} is missing`;
    oldest = Math.min(oldest, mtime);
  }
  const inputs = [...filesUnder(join(root, 'src')), ...['tsup.config.ts', 'tsconfig.json', 'package.json'].map((name) => join(root, name))];
  let newest;
  for (const input of inputs) {
    const mtime = mtimeOf(input);
    if (mtime !== undefined && mtime > oldest && (newest === undefined || mtime > newest.mtime)) newest = { input, mtime };
  }
  return newest && `${relative(root, newest.input)} changed since the last build`;
}

const reason = staleReason();
if (dryRun) {
  console.log(reason ? `stale: ${reason}` : 'dist/ is up to date');
} else if (reason) {
  process.stderr.write(`Building dist/ (${reason})... `);
  const started = Date.now();
  // Quiet unless it fails: then the build's own output says why.
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (build.status !== 0) {
    process.stderr.write(`failed:\n${build.stdout ?? ''}${build.stderr ?? ''}${build.error ? `${build.error.message}\n` : ''}`);
    process.exit(1);
  }
  process.stderr.write(`done in ${Math.round((Date.now() - started) / 1000)} s\n`);
}
