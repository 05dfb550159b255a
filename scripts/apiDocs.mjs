// Writes the Markdown API reference (docs/api/) from the API Extractor doc models that
// `api-extractor run` leaves in temp/api/ (one per entry point, see api-extractor*.json).
//
//   node scripts/apiDocs.mjs [--out <folder>]     default folder: docs/api
//
// `npm run api:update` runs it after API Extractor; test/packaging/apiReport.test.ts runs it into
// a temporary folder and compares with the committed docs/api/.
//
// API Documenter knows one entry point per package, and both models say "rx-responses". So the
// `rx-responses/testing` model is renamed before it is read: a package name may not contain "/",
// so it becomes `rx-responses-testing` (its pages are rx-responses-testing.*.md), and the page
// titles and link texts say `rx-responses/testing` again afterwards. Its re-export of
// `ResponseStreamEvent` is left to the main package's page, and links to it point there.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(root, 'docs/api'));

const MAIN = 'rx-responses';
const TESTING = 'rx-responses-testing';
const TESTING_IMPORT = 'rx-responses/testing';

const read = (name) => {
  const path = join(root, 'temp/api', `${name}.api.json`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is missing or unreadable: run \`npm run api:update\` (API Extractor writes it). ${error.message}`);
  }
};

const main = read(MAIN);
const testing = read(TESTING);
const mainNames = new Set(main.members[0].members.map((member) => member.name));

// The testing entry point's own exports; the ones the main package also exports are documented there.
const entry = testing.members[0];
entry.members = entry.members.filter((member) => !mainNames.has(member.name));
const own = new Set(entry.members.map((member) => member.name));

const renameReference = (reference) => {
  if (!reference.startsWith(`${MAIN}!`)) return reference;
  const rest = reference.slice(MAIN.length + 1);
  const name = rest.replace(/^~/, '').split(/[:#.]/)[0];
  if (rest === '' || own.has(name)) return `${TESTING}!${rest}`;
  // Declared in the library and exported by it (the testing d.ts only imports it): link there.
  if (mainNames.has(name)) return `${MAIN}!${rest.replace(/^~/, '')}`;
  return reference;
};
const renamed = JSON.parse(JSON.stringify(testing), (key, value) => (key === 'canonicalReference' && typeof value === 'string' ? renameReference(value) : value));
renamed.name = TESTING;

const input = join(root, 'temp/api-documenter');
rmSync(input, { recursive: true, force: true });
mkdirSync(input, { recursive: true });
writeFileSync(join(input, `${MAIN}.api.json`), JSON.stringify(main));
writeFileSync(join(input, `${TESTING}.api.json`), JSON.stringify(renamed));

// `generate` (not `markdown`) reads api-documenter.json, which asks for LF line endings.
const documenter = join(root, 'node_modules/@microsoft/api-documenter/bin/api-documenter');
try {
  execFileSync(process.execPath, [documenter, 'generate', '-i', input, '-o', out], { cwd: root, stdio: 'pipe' });
} catch (error) {
  process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
  throw new Error('api-documenter failed (its output is above)');
}

for (const file of readdirSync(out)) {
  const path = join(out, file);
  const page = readFileSync(path, 'utf8');
  const fixed = page
    .replaceAll(`[${TESTING}]`, `[${TESTING_IMPORT}]`)
    .replaceAll(`## ${TESTING} package`, `## ${TESTING_IMPORT} package`);
  if (fixed !== page) writeFileSync(path, fixed);
}
