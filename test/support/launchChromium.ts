// Launches the system Chromium (Debian's `/usr/bin/chromium`) through playwright-core, which ships no
// browser of its own. Shared by every browser test (the browser example, framework recipe pages).
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where the browser is looked for: `CHROMIUM_PATH`, else Debian's wrapper script. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

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

/**
 * Launches headless Chromium. Fails (never skips) when the executable is missing, with a message that
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
  const executablePath = chromiumPath();
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    const where = process.env.CI ? 'in CI' : 'on this machine';
    throw new Error(
      `Chromium not found at ${executablePath} (${where}); the browser tests need it. ` +
        'Install it with `apt-get install -y chromium` (Debian/Ubuntu), ' +
        'or set CHROMIUM_PATH to an existing Chromium/Chrome executable.',
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
    // The Debian wrapper prints harmless noise on stderr (dev-shm test, dbus); don't forward it.
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'disabled:' },
  });
}
