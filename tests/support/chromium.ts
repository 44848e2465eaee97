/**
 * Where the browser and the built extension are. Both are looked up when Playwright loads its
 * config, so a missing one fails the run at once with the fix, instead of every test timing out.
 * Tests never skip for a missing browser: a green run must mean the extension was exercised.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** `CHROMIUM_PATH`, then Debian's Chromium, then a browser installed by `npx playwright install`. */
export function findChromium(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) {
    // Set but wrong is a mistake to report, not a reason to quietly use another browser.
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist.`);
    return fromEnv;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const playwrights = playwrightChromium();
  if (playwrights && existsSync(playwrights)) return playwrights;
  throw new Error(
    'No Chromium found for the e2e tests. Install Chromium: `apt-get install -y chromium` on Debian, ' +
      'or set CHROMIUM_PATH=/path/to/chrome, or `npx playwright install chromium`.',
  );
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    // Throws when Playwright does not know a build for this platform: treat as not installed.
    return undefined;
  }
}

/** The built extension: `EXTENSION_PATH`, or `.output/chrome-mv3` as `npm run build` writes it. */
export function findBuiltExtension(): string {
  const dir = resolve(PROJECT_ROOT, process.env['EXTENSION_PATH'] ?? '.output/chrome-mv3');
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(
      `No built extension at ${dir} (manifest.json is missing): run npm run build first` +
        (process.env['EXTENSION_PATH'] ? ', or fix EXTENSION_PATH.' : '.'),
    );
  }
  return dir;
}
