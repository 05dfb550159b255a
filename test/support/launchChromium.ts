// Launches headless Chromium through playwright-core, which ships no browser of its own. Shared by
// every browser test (the browser example, framework recipe pages).
//
// Where the browser comes from, first match wins, so `npm ci && npm test` works on a bare machine:
//   1. `CHROMIUM_PATH`, when set (an error if it does not point at an executable);
//   2. a system Chromium or Chrome (Debian's /usr/bin/chromium and the usual other places);
//   3. the `@sparticuz/chromium` devDependency: a Chromium build shipped brotli-compressed inside the
//      npm package, unpacked once per machine into the temp folder.
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Flags that keep a headless run quiet, offline and deterministic (see TOOLCHAIN.md). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox', // we run as root in containers; Playwright adds it too, listed for clarity
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage', // /dev/shm is tiny in containers
  '--disable-background-networking', // no calls home: tests may only touch 127.0.0.1
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

/** System browsers, in the order they are tried. */
export const SYSTEM_CHROMIUM_PATHS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
];

/** The browser a launch will use, and the flags it needs. */
export interface ChromiumChoice {
  executablePath: string;
  args: readonly string[];
  /** Where it came from, for error messages. */
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const require = createRequire(import.meta.url);

/**
 * Unpacks `@sparticuz/chromium` into `<tmp>/rx-responses-chromium-<version>/` and returns the binary.
 *
 * The package itself always unpacks to `<tmp>/chromium` and reuses whatever file is there, even a
 * half-written one from a concurrent run (two test files start their browsers at the same time) or a
 * different version. So the unpacking runs in a child process whose temp folder is a fresh staging
 * folder, which is then renamed into place: the rename is atomic, and whoever loses the race uses
 * the winner's copy. Swiftshader's libraries land next to the binary, where Chromium looks for them.
 */
async function unpackSparticuzChromium(): Promise<string> {
  // The package exports only its entry (build/index.js); its package.json sits one folder up.
  const entryPath = require.resolve('@sparticuz/chromium');
  const packageJson = join(dirname(entryPath), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const target = join(tmpdir(), `rx-responses-chromium-${version}`);
  const binary = join(target, 'chromium');
  if (isExecutable(binary)) return binary;

  const staging = mkdtempSync(join(tmpdir(), `rx-responses-chromium-${version}.partial-`));
  try {
    const entry = pathToFileURL(entryPath).href;
    const script = `import(${JSON.stringify(entry)}).then((m) => m.default.executablePath()).then((path) => process.stdout.write(path))`;
    const unpacked = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', script],
        { env: { ...process.env, TMPDIR: staging }, timeout: 120_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`unpacking @sparticuz/chromium failed: ${error.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    if (unpacked !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, expected ${staging}/chromium`);
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another process renamed its copy first: use that one (ours is removed below).
      if (!isExecutable(binary)) throw error;
    }
    return binary;
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
}

let sparticuz: Promise<string> | undefined;

/**
 * Picks the browser: `CHROMIUM_PATH`, else a system Chromium, else `@sparticuz/chromium`.
 *
 * @example
 * const { executablePath, source } = await findChromium();
 */
export async function findChromium(): Promise<ChromiumChoice> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(
        `CHROMIUM_PATH is set to ${fromEnv}, which is not an executable file. Point it at a Chromium or ` +
          'Chrome executable, or unset it to use a system Chromium or the one in the @sparticuz/chromium devDependency.',
      );
    }
    return { executablePath: fromEnv, args: CHROMIUM_ARGS, source: 'CHROMIUM_PATH' };
  }
  const system = SYSTEM_CHROMIUM_PATHS.find(isExecutable);
  if (system !== undefined) return { executablePath: system, args: CHROMIUM_ARGS, source: 'system' };

  let packaged: { default: { args: string[] } };
  try {
    packaged = (await import('@sparticuz/chromium')) as { default: { args: string[] } };
  } catch (error) {
    throw new Error(
      'No Chromium found: CHROMIUM_PATH is not set, there is no system Chromium ' +
        `(${SYSTEM_CHROMIUM_PATHS.join(', ')}), and the @sparticuz/chromium devDependency is not installed. ` +
        'Run `npm ci`, or set CHROMIUM_PATH to a Chromium or Chrome executable.',
      { cause: error },
    );
  }
  sparticuz ??= unpackSparticuzChromium();
  // Its own flags (it is a headless shell built for serverless machines), except three: with
  // --single-process, closing a page takes the whole browser down (every test opens several), and
  // the two "insecure" ones would let pages skip the same-origin rules a user's browser enforces.
  // Ours on top keep it from calling home.
  const dropped = ['--single-process', '--disable-web-security', '--allow-running-insecure-content'];
  const own = packaged.default.args.filter((flag) => !dropped.includes(flag));
  const offline = CHROMIUM_ARGS.filter((flag) => !flag.startsWith('--headless') && !own.includes(flag));
  return { executablePath: await sparticuz, args: [...own, ...offline], source: '@sparticuz/chromium' };
}

/**
 * Launches headless Chromium. Fails (never skips) when no browser can be found, with a message that
 * says how to fix it, so a missing browser shows up as a red test instead of silently lost coverage.
 *
 * `chromium.launch()` (not a persistent context) gives every launch a fresh temporary profile that
 * Playwright deletes on `browser.close()`.
 *
 * @example
 * const browser = await launchChromium();
 * try { const page = await browser.newPage(); await page.goto(url); } finally { await browser.close(); }
 */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, args, source } = await findChromium();
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      args: [...args],
      // Debian's wrapper prints harmless noise on stderr (dev-shm test, dbus); don't forward it.
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'disabled:' },
    });
  } catch (error) {
    throw new Error(`Chromium from ${source} (${executablePath}) did not start: ${(error as Error).message}`, { cause: error });
  }
}
