import { mkdirSync, writeFileSync } from 'node:fs';

/** Writes `value` as `test-results/<name>.json` (a git-ignored folder), the source of the README's figures. */
export function writeReport(name: string, value: unknown): void {
  const dir = new URL('../../test-results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(`${name}.json`, dir), `${JSON.stringify(value, null, 1)}\n`);
}
