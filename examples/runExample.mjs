#!/usr/bin/env node
// Runs one TypeScript example as written, without a TypeScript runner: `npm run example <file>`.
// Node 20 cannot run .ts files, so this builds the library when src/ changed since the last
// build, bundles the example with tsup (the project's build tool) into .tmp/examples/, and runs
// it with Node. `rx-responses` stays an import of the package itself, i.e. of dist/.
// Plain JavaScript on purpose: it has to run before anything is built.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [file, ...args] = process.argv.slice(2);
const usage = 'usage: npm run example <file.ts> [-- args]   e.g. npm run example examples/node/stream.ts';

if (file === undefined || file === '--help' || file === '-h') {
  console.error(usage);
  process.exit(file === undefined ? 2 : 0);
}
const entry = resolve(file);
if (!existsSync(entry) || !entry.endsWith('.ts')) {
  console.error(`${file}: no such TypeScript file. ${usage}`);
  process.exit(2);
}

/** The newest modification time under `path` (a file or a folder), in ms. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

function run(command, commandArgs, what) {
  const result = spawnSync(command, commandArgs, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`${what} failed:\n${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}\n`);
    process.exit(1);
  }
}

const builtFiles = ['dist/index.js', 'dist/testing.js'].map((name) => join(root, name));
const built = builtFiles.every((name) => existsSync(name)) ? Math.min(...builtFiles.map((name) => statSync(name).mtimeMs)) : 0;
const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'tsup.config.ts')), newest(join(root, 'package.json')));
if (built < sources) {
  console.error(built === 0 ? 'Building rx-responses (dist/ is missing)…' : 'Building rx-responses (src/ changed since the last build)…');
  run('npm', ['run', '--silent', 'build'], 'npm run build');
}

const outDir = join(root, '.tmp/examples');
const tsup = join(root, 'node_modules/.bin/tsup');
run(tsup, [entry, '--no-config', '--format', 'esm', '--out-dir', outDir, '--silent', '--no-dts', '--target', 'es2022', '--external', 'rx-responses', '--external', 'rx-responses/testing'], `tsup ${relative(root, entry)}`);

const child = spawn(process.execPath, [join(outDir, `${basename(entry, '.ts')}.js`), ...args], { stdio: 'inherit' });
// Ctrl-C reaches the child too (same process group); exit the way it did.
process.on('SIGINT', () => {});
child.on('exit', (code, signal) => {
  if (signal !== null) {
    process.removeAllListeners('SIGINT');
    process.kill(process.pid, signal);
  }
  else process.exit(code ?? 1);
});
