/**
 * Playwright fixtures for the built extension in headless Chromium, talking to the API stand-in
 * over real TLS (facts behind every choice here: ../../../shared/TESTING.md).
 *
 *   import { test, expect, servePage } from '../support/extension.ts';
 *
 * The tests of a Playwright worker share one browser and one stand-in; before each test the browser
 * is reset to what a fresh install shows (./extension-browser.ts) and the stand-in to its defaults.
 * A test that needs a browser of its own says so: `test.use({ freshBrowser: true })`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type BrowserContext, type Worker } from '@playwright/test';
import { startApiStandIn, type ApiStandIn } from './api-stand-in.ts';
import { extensionIdOf, extensionServiceWorker } from './browser.ts';
import { ExtensionBrowser } from './extension-browser.ts';

export { expect } from '@playwright/test';
export {
  SITE_ORIGINS,
  bindShortcuts,
  extensionIdOf,
  extensionServiceWorker,
  isWelcomePage,
  launchExtensionContext,
  openOptions,
  openPopup,
  servePage,
  startServiceWorker,
  stopServiceWorker,
  wakeServiceWorker,
  type LaunchOptions,
} from './browser.ts';

interface TestFixtures {
  /**
   * Off by default: the tests of a Playwright worker share one browser, reset before each test to
   * what a fresh install shows (./extension-browser.ts says what that covers). On
   * (`test.use({ freshBrowser: true })`), the test gets a browser of its own on `userDataDir`, the
   * extension installed as it starts: for an install or update event, or the profile on disk.
   */
  freshBrowser: boolean;
  /** The worker's stand-in, reset before the test. */
  api: ApiStandIn;
  /** A fresh, empty Chromium profile directory, removed after the test: the browser's with `freshBrowser`. */
  userDataDir: string;
  /** The test's browser: shared and reset, or its own with `freshBrowser`. */
  extensionBrowser: ExtensionBrowser;
  /** Chromium with the extension, talking to `api`. */
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** Closes the current browser and starts it again on the same profile (a browser restart). */
  relaunch: () => Promise<BrowserContext>;
  /**
   * `test.use({ keepWelcome: true })` keeps the welcome tab of the install (LaunchOptions); the
   * test then has a browser of its own, as with `freshBrowser`: the shared one's install is behind it.
   */
  keepWelcome: boolean;
}

interface WorkerFixtures {
  apiServer: ApiStandIn;
  /** The worker's shared browser, launched when a test of the worker first needs a browser. */
  sharedBrowser: SharedBrowser;
}

interface SharedBrowser {
  readonly current: ExtensionBrowser;
  /** Closes the current one and launches another on a new profile. */
  replace(): Promise<ExtensionBrowser>;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  freshBrowser: [false, { option: true }],
  keepWelcome: [false, { option: true }],

  apiServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern here.
    async ({}, use) => {
      const server = await startApiStandIn();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  sharedBrowser: [
    async ({ apiServer }, use) => {
      let dir = await mkdtemp(join(tmpdir(), 'metrikia-shared-'));
      let browser = await ExtensionBrowser.launchInstalled(dir, apiServer.port);
      await use({
        get current() {
          return browser;
        },
        async replace() {
          await browser.close().catch(() => undefined);
          await removeProfile(dir);
          dir = await mkdtemp(join(tmpdir(), 'metrikia-shared-'));
          browser = await ExtensionBrowser.launchInstalled(dir, apiServer.port);
          return browser;
        },
      });
      await browser.close();
      await removeProfile(dir);
    },
    // Two launches (see launchInstalled), each 2–4 s, more on a loaded machine.
    { scope: 'worker', timeout: 60_000 },
  ],

  api: async ({ apiServer }, use) => {
    apiServer.reset();
    await use(apiServer);
  },

  // eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern here.
  userDataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'metrikia-profile-'));
    await use(dir);
    await removeProfile(dir);
  },

  extensionBrowser: async ({ freshBrowser, keepWelcome, sharedBrowser, userDataDir, api }, use) => {
    if (freshBrowser || keepWelcome) {
      const own = await ExtensionBrowser.launch(userDataDir, api.port, { keepWelcome });
      await use(own);
      await own.close();
      return;
    }
    let shared = sharedBrowser.current;
    try {
      await shared.reset();
    } catch (error) {
      // Never a test on a browser in an unknown state: a new one, and the reason in the output.
      console.warn(`The shared browser could not be reset; launching another. ${String(error)}`);
      shared = await sharedBrowser.replace();
    }
    // Anything the previous test's browser sent before its reset is not this test's.
    api.reset();
    await use(shared);
  },

  context: async ({ extensionBrowser }, use) => {
    await use(extensionBrowser.context);
  },

  serviceWorker: async ({ context }, use) => {
    await use(await extensionServiceWorker(context));
  },

  extensionId: async ({ serviceWorker }, use) => {
    await use(extensionIdOf(serviceWorker));
  },

  relaunch: async ({ extensionBrowser }, use) => {
    await use(() => extensionBrowser.relaunch());
  },
});

/** Chromium may still be flushing files as it exits; retry instead of leaking the directory. */
function removeProfile(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}
