import { defineConfig } from '@playwright/test';
import { findBuiltExtension, findChromium } from './tests/support/chromium.ts';

// Checked at load, before any test: a missing browser or build fails the run once, with the fix,
// instead of as N timeouts. Never skipped: a green e2e run must mean the extension really ran.
const executablePath = findChromium();
findBuiltExtension();

export default defineConfig({
  testDir: 'tests/e2e',
  // One worker: on this 2-core machine two workers ran the same tests in the same wall time (each
  // test took twice as long, Chromium being several busy processes), which only squeezes the
  // timing margins of alarm, retry and timeout tests. Measured 2026-11-23: 6 tests, 7.2 s either way.
  workers: 1,
  fullyParallel: false,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  retries: 0,
  forbidOnly: Boolean(process.env['CI']),
  // `list` ends with the "N passed (Xs)" summary line.
  reporter: [['list']],
  use: {
    // Only for a test that asks for Playwright's own `browser`; extension tests use the fixtures.
    launchOptions: { executablePath },
  },
});
