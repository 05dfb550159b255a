import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script (scripts/), typed by use here.
import { hasNoRuntimeCode, listedEquivalents, summarize } from '../../scripts/mutationSummary.mjs';

// The committed mutation results stay closed: for every file Stryker measured on its current
// source, each mutant that survived is listed in stryker.equivalent.md with its reason, and
// each location listed there is one where a mutant really survived. A file whose source changed
// since it was measured is stale; `npm run test:mutation:summary` names it, and it is checked
// again once it is measured again.

interface Row {
  file: string;
  survived: number;
  equivalent: number;
  unlisted: { line: number; column: number; mutator: string; replacement?: string }[];
  listedWithoutSurvivor: string[];
  stale: boolean;
}

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const sourceOf = (file: string) => {
  try {
    return read(file);
  } catch {
    return undefined;
  }
};

function load(): Row[] {
  const report = JSON.parse(read('reports/stryker-incremental.json')) as unknown;
  const equivalents = listedEquivalents(read('stryker.equivalent.md')) as unknown;
  return summarize({ report, equivalents, sourceOf }) as Row[];
}

describe('committed mutation results', () => {
  it('list every survivor of a file measured on its current source as equivalent', () => {
    const fresh = load().filter((r) => !r.stale);
    expect(fresh.length).toBeGreaterThan(0);
    for (const row of fresh) {
      expect(row.unlisted, `${row.file}: survivors not killed by a test nor listed in stryker.equivalent.md`).toEqual([]);
    }
  });

  it('list only locations where a mutant survived', () => {
    for (const row of load().filter((r) => !r.stale)) {
      expect(row.listedWithoutSurvivor, `${row.file}: stryker.equivalent.md lists locations where no mutant survived`).toEqual([]);
    }
  });
});

describe('files with no code to mutate', () => {
  // The summary names files Stryker leaves out of its report (nothing to mutate) apart from the
  // files not measured yet; a file with any code that runs must never be counted as such.
  it('are the files of types and re-exports only', () => {
    expect(hasNoRuntimeCode(read('src/client/ClientOptions.ts'))).toBe(true); // interfaces
    expect(hasNoRuntimeCode(read('src/index.ts'))).toBe(true); // re-exports
    expect(hasNoRuntimeCode('export type A = { readonly b: string };\nexport {};\n')).toBe(true);
    expect(hasNoRuntimeCode(read('src/events/Response.ts'))).toBe(false); // types and one function
    expect(hasNoRuntimeCode('export type A = string;\nexport const LIMIT = 64 * 1024;\n')).toBe(false);
    expect(hasNoRuntimeCode("import { x } from './x.js';\nx();\n")).toBe(false);
    expect(hasNoRuntimeCode('export default 1;\n')).toBe(false);
  });
});
