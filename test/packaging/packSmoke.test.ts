// Installs the packed tarball the way a user gets it and uses it from plain Node, once through
// `import` and once through `require`. Catches what unit tests cannot: files missing from
// `files`, a broken exports map, a CJS build that differs from the ESM one, rxjs bundled into
// dist (two Observable classes, `instanceof` and `pipe` break across them).
// No network: the peer and runtime dependencies are symlinked from the repo's node_modules.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, installTarball, packTarball } from '../support/packTarball.js';
import { type ToolResult, repoRoot, runTool } from '../support/runTool.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fixture = join(repoRoot, 'test/fixtures/azure-text-1.jsonl');
const requiredExports = ['fromJSONL', 'finalResponse', 'applyEvent', 'emptySnapshot'];

// Both consumers do the same thing and print one JSON line, so their outputs compare directly.
const consumerBody = `
const exportNames = Object.keys(rx).filter((name) => name !== 'default' && name !== '__esModule').sort();
const required = ${JSON.stringify(requiredExports)};
const notFunctions = required.filter((name) => typeof rx[name] !== 'function');
let status = null;
if (notFunctions.length === 0) {
  const text = readFileSync('./input.jsonl', 'utf8');
  const response = await lastValueFrom(rx.fromJSONL(text).pipe(rx.finalResponse()));
  status = response.status;
}
console.log(JSON.stringify({ exportNames, notFunctions, status }));
`;

const esmConsumer = `import * as rx from 'rx-responses';
import { lastValueFrom } from 'rxjs';
import { readFileSync } from 'node:fs';
${consumerBody}`;

const cjsConsumer = `const rx = require('rx-responses');
const { lastValueFrom } = require('rxjs');
const { readFileSync } = require('node:fs');
(async () => {
${consumerBody}
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

interface ConsumerOutput {
  exportNames: string[];
  notFunctions: string[];
  status: unknown;
}

function parseConsumer(what: string, result: ToolResult): ConsumerOutput {
  const lastLine = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(lastLine) as ConsumerOutput;
  } catch {
    throw new Error(`could not parse the output of ${describeRun(what, result)}`);
  }
}

let tmp: string;
let project: string;
let packedFiles: string[] = [];
let esm: ToolResult;
let cjs: ToolResult;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'rx-responses-pack-'));
  project = join(tmp, 'project');
  const packed = await packTarball(tmp);
  packedFiles = packed.files;
  await installTarball(packed.tarball, project, ['rxjs', 'eventsource-parser', '@standard-schema/spec', 'ws']);

  writeFileSync(join(project, 'package.json'), '{ "name": "smoke", "private": true }\n');
  writeFileSync(join(project, 'input.jsonl'), readFileSync(fixture, 'utf8'));
  writeFileSync(join(project, 'consumer.mjs'), esmConsumer);
  writeFileSync(join(project, 'consumer.cjs'), cjsConsumer);
  [esm, cjs] = await Promise.all([
    runTool(process.execPath, ['consumer.mjs'], project),
    runTool(process.execPath, ['consumer.cjs'], project),
  ]);
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('runs the CLI in WebSocket mode on this Node, finding ws as a dependency', async () => {
    const cli = join(project, 'node_modules/rx-responses/dist/cli.js');
    // Empty values count as unset: the CLI replays and never reaches a real API.
    const env = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
    const run = await runTool(process.execPath, [cli, 'stream', 'hi', '--transport', 'websocket', '--json', '--speed', '0'], project, env);
    expect(run.code, describeRun('rx-responses stream --transport websocket', run)).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { status?: string };
    expect(summary.status, describeRun('rx-responses stream --transport websocket', run)).toBe('completed');
    expect(run.stderr).toContain('WebSocket client');
  });

  it('ships the builds, the CLI, package.json and README.md', () => {
    const listing = `tarball files:\n${packedFiles.join('\n')}`;
    for (const file of [
      'dist/index.js',
      'dist/index.cjs',
      'dist/index.d.ts',
      'dist/index.d.cts',
      'dist/cli.js',
      'package.json',
      'README.md',
    ]) {
      expect(packedFiles, `${file} missing from the ${listing}`).toContain(file);
    }
  });

  it('ships no sources, tests, node_modules or tarballs', () => {
    const unwanted = packedFiles.filter(
      (file) => /^(src|test|node_modules)\//.test(file) || file.includes('/node_modules/') || file.endsWith('.tgz'),
    );
    expect(unwanted, `tarball files:\n${packedFiles.join('\n')}`).toEqual([]);
  });

  it('keeps rxjs external in both builds instead of bundling its code', () => {
    const dist = join(project, 'node_modules/rx-responses/dist');
    // The ESM build splits shared code into chunks, so look at every file of each format.
    const files = readdirSync(dist);
    const builds = [
      { format: 'ESM', files: files.filter((f) => f.endsWith('.js')), imports: /\bfrom\s*["']rxjs["']/, how: 'import from "rxjs"' },
      { format: 'CJS', files: files.filter((f) => f.endsWith('.cjs')), imports: /\brequire\(\s*["']rxjs["']\s*\)/, how: 'require("rxjs")' },
    ];
    for (const { format, files: names, imports, how } of builds) {
      const codes = names.map((name) => ({ name, code: readFileSync(join(dist, name), 'utf8') }));
      // Booleans, not toMatch: a failure should not print the whole bundle.
      expect(codes.some(({ code }) => imports.test(code)), `the ${format} build should ${how}`).toBe(true);
      for (const { name, code } of codes) {
        // rxjs's ESM build has `class Observable`, its CJS/ES5 builds `function Observable(`.
        expect(/\b(class|function)\s+Observable\b/.test(code), `dist/${name} contains rxjs's Observable implementation`).toBe(false);
        expect(code.includes('node_modules/rxjs/'), `dist/${name} contains modules bundled from node_modules/rxjs/`).toBe(false);
      }
    }
  });
});

describe('installed from the tarball', () => {
  it.each([
    ['ESM (import)', () => esm],
    ['CJS (require)', () => cjs],
  ])('%s exposes the core functions and replays a recorded stream to a completed response', (what, result) => {
    const output = parseConsumer(what, result());
    const message = describeRun(`node consumer (${what})`, result());

    expect(result().code, message).toBe(0);
    expect(output.exportNames, message).toEqual(expect.arrayContaining(requiredExports));
    expect(output.notFunctions, message).toEqual([]);
    expect(output.status, message).toBe('completed');
  });

  it('gives the same exports and result through import and require', () => {
    const message = `${describeRun('ESM consumer', esm)}\n\n${describeRun('CJS consumer', cjs)}`;
    expect(parseConsumer('CJS (require)', cjs), message).toEqual(parseConsumer('ESM (import)', esm));
  });
});
