/**
 * Playwright fixtures for the built extension in headless Chromium, talking to the API stand-in
 * over real TLS (facts behind every choice here: ../../../shared/TESTING.md).
 *
 *   import { test, expect, servePage } from '../support/extension.ts';
 *
 * Each test gets a fresh browser profile (removed afterwards) and a stand-in reset to its defaults;
 * one stand-in serves all tests of a worker.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type BrowserContext, type Worker } from '@playwright/test';
import { startApiStandIn, type ApiStandIn } from './api-stand-in.ts';
import { extensionIdOf, extensionServiceWorker, launchExtensionContext } from './browser.ts';

export { expect } from '@playwright/test';
export {
  SITE_ORIGINS,
  extensionIdOf,
  extensionServiceWorker,
  launchExtensionContext,
  openOptions,
  openPopup,
  servePage,
  stopServiceWorker,
  wakeServiceWorker,
  type LaunchOptions,
} from './browser.ts';

interface TestFixtures {
  /** The worker's stand-in, reset before the test. */
  api: ApiStandIn;
  /** A fresh, empty Chromium profile directory, removed after the test. */
  userDataDir: string;
  /** Chromium with the extension, on `userDataDir`, talking to `api`. */
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** Closes the current browser and starts a new one on the same profile (a browser restart). */
  relaunch: () => Promise<BrowserContext>;
}

interface WorkerFixtures {
  apiServer: ApiStandIn;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  apiServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern here.
    async ({}, use) => {
      const server = await startApiStandIn();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  api: async ({ apiServer }, use) => {
    apiServer.reset();
    await use(apiServer);
  },

  // eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern here.
  userDataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'metrikia-profile-'));
    await use(dir);
    // Chromium may still be flushing files as it exits; retry instead of leaking the directory.
    await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  },

  context: async ({ userDataDir, api }, use) => {
    const context = await launchExtensionContext(userDataDir, api.port);
    await use(context);
    await context.close();
  },

  serviceWorker: async ({ context }, use) => {
    await use(await extensionServiceWorker(context));
  },

  extensionId: async ({ serviceWorker }, use) => {
    await use(extensionIdOf(serviceWorker));
  },

  relaunch: async ({ context, userDataDir, api }, use) => {
    const launched: BrowserContext[] = [];
    await use(async () => {
      await (launched.at(-1) ?? context).close();
      const next = await launchExtensionContext(userDataDir, api.port);
      launched.push(next);
      return next;
    });
    for (const next of launched) await next.close();
  },
});
