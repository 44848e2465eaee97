/**
 * One Chromium with the built extension on one profile directory, across restarts, and the reset
 * that lets the tests of a Playwright worker share it instead of launching one each (a launch and
 * a close cost 2–4 s on these machines; the reset a fraction of that).
 *
 * After `reset()` a test observes what a fresh install shows:
 * - the extension's data: chrome.storage (local, sync, session), its origin's IndexedDB, Cache
 *   Storage, OPFS and localStorage, its alarms, its badge and its keyboard shortcuts as installed;
 * - its service worker stopped, so that its memory is gone (lead cache, outbox index, rate limits,
 *   capture states, toolbar map, anything a test put on its global scope), then started again with
 *   no event;
 * - the browser: one blank tab and nothing else (no popup), no cookie, no data of any site a page
 *   showed, no permission granted, no route but the sites' (serving nothing yet), and none of the
 *   init scripts, bindings or listeners a test added to the context; online.
 * The extension's side is read back before `reset()` returns: anything left throws.
 *
 * Not reset, because neither the extension nor a test reads it: Chromium's browsing history, and
 * what it learned about hosts (DNS, HSTS); its HTTP cache is off while routes are set (Playwright),
 * and the sites always are. Nor Chromium's throttle of the extension's requests
 * after 5xx answers (TESTING.md): after three in a row it lapses within 0.7 s, less than a reset.
 */
import { isDeepStrictEqual } from 'node:util';
import type { BrowserContext, Page } from '@playwright/test';
import {
  bindShortcuts,
  extensionIdOf,
  extensionServiceWorker,
  isWelcomePage,
  launchExtensionContext,
  resetSiteRoutes,
  startServiceWorker,
  stopServiceWorker,
  type LaunchOptions,
} from './browser.ts';

/** What the install set and a test may change: restored by `reset()`, not cleared. */
interface Installed {
  shortcuts: Record<string, string>;
  badge: { text: string; color: number[] };
}

/** What `reset()` reads back from the extension; see `expectedAfterReset`. */
interface Inventory extends Installed {
  storage: { local: object; sync: object; session: object };
  alarms: string[];
  databases: string[];
  caches: string[];
  opfs: string[];
  localStorage: number;
  popups: number;
  tabs: string[];
}

export class ExtensionBrowser {
  readonly userDataDir: string;
  readonly extensionId: string;
  // Plain fields, not parameter properties: scripts load this file with Node's type stripping.
  private readonly apiPort: number;
  private current: BrowserContext;
  private changes: ContextChanges;
  /** The blank tab the last reset left. */
  private blank: Page | undefined;
  private installed: Installed | undefined;

  private constructor(userDataDir: string, apiPort: number, context: BrowserContext, extensionId: string) {
    this.userDataDir = userDataDir;
    this.apiPort = apiPort;
    this.current = context;
    this.extensionId = extensionId;
    this.changes = trackChanges(context);
  }

  /** Chromium on `userDataDir` with the extension just installed there (its install event fires). */
  static async launch(userDataDir: string, apiPort: number, options: Pick<LaunchOptions, 'keepWelcome'> = {}): Promise<ExtensionBrowser> {
    const context = await launchExtensionContext(userDataDir, apiPort, options);
    const extensionId = extensionIdOf(await extensionServiceWorker(context));
    return new ExtensionBrowser(userDataDir, apiPort, context, extensionId);
  }

  /**
   * Chromium whose install is behind it: launched, its welcome tab opened and closed, then reset.
   * Chromium fires the install event at every start of a browser given the extension by
   * --load-extension (lib/worker/welcome.ts), so a restart does not put it further behind: a test of
   * the install itself needs `launch()` (the fixture's `freshBrowser` or `keepWelcome`).
   */
  static async launchInstalled(userDataDir: string, apiPort: number): Promise<ExtensionBrowser> {
    const browser = await ExtensionBrowser.launch(userDataDir, apiPort);
    // A fresh profile has no key, so the install always opens the welcome: wait for it rather than
    // have it appear during the first test (launchExtensionContext closes it as it appears).
    const { context } = browser;
    if (!context.pages().some((page) => isWelcomePage(page.url()))) {
      await context.waitForEvent('page', { predicate: (page) => isWelcomePage(page.url()), timeout: 10_000 });
    }
    await browser.reset();
    return browser;
  }

  get context(): BrowserContext {
    return this.current;
  }

  /** Closes the browser and starts it again on the same profile: a browser restart. */
  async relaunch(): Promise<BrowserContext> {
    await this.current.close();
    this.current = await launchExtensionContext(this.userDataDir, this.apiPort);
    this.changes = trackChanges(this.current);
    return this.current;
  }

  async close(): Promise<void> {
    await this.current.close();
  }

  /** Brings the browser back to what a fresh install shows (see the top of this file). */
  async reset(): Promise<void> {
    const context = this.current;
    const changed = await this.changes.undo();
    await resetSiteRoutes(context, changed.routes);
    await Promise.all([context.clearCookies(), context.clearPermissions(), context.setExtraHTTPHeaders({})]);

    // An extension page drives the rest: it has every API the extension has, worker or not, and it
    // ends as the launch's blank tab. The last reset's blank tab serves again if the test never had
    // it (only context.pages() gives it). An action popup goes when the tabs close (measured; the
    // check below would see one left).
    const driver = (!changed.pagesListed && this.blank?.url() === 'about:blank' && !this.blank.isClosed() && this.blank) || (await context.newPage());
    await driver.goto(`chrome-extension://${this.extensionId}/manifest.json`);
    const before = await driver.evaluate(readInstalled);
    const installed = (this.installed ??= before);
    const closeOthers = async (): Promise<number> => {
      const others = context.pages().filter((page) => page !== driver);
      await Promise.all(others.map((page) => page.close()));
      return others.length;
    };
    await closeOthers();
    const rebind = Object.entries(installed.shortcuts).filter(([name, shortcut]) => before.shortcuts[name] !== shortcut);
    if (rebind.length > 0) await bindShortcuts(context, this.extensionId, Object.fromEntries(rebind));

    // Online again while the worker runs: set while it is stopped, it would not reach the restarted
    // worker (TESTING.md).
    if (changed.offline) {
      await startServiceWorker(context, this.extensionId);
      await context.setOffline(false);
    }
    // Stopped: its memory is gone, and so is any write it had pending. Nothing below starts it
    // before storage.sync is cleared, last: a change there starts it for its listener (~70 ms
    // later), on data already cleared, as a fresh start.
    await stopServiceWorker(context);
    // A tab the worker opened before it stopped (the welcome, after a test's relaunch), and the
    // worker again if that page woke it.
    if ((await closeOthers()) > 0) await stopServiceWorker(context);
    const left = await driver.evaluate(clearAndReadInventory, installed.badge);
    const expected = expectedAfterReset(installed, driver.url());
    if (!isDeepStrictEqual(left, expected)) {
      throw new Error(`The reset left state behind:\n  found    ${JSON.stringify(left)}\n  expected ${JSON.stringify(expected)}`);
    }
    await startServiceWorker(context, this.extensionId);
    await driver.goto('about:blank');
    await clearSiteDataAndHistory(context, driver, changed.origins);
    this.blank = driver;
    // Started with no event, the worker runs its start-up work (lib/worker/index.ts: the prune
    // alarm, a drain, the badge) a second later; a fresh install runs it at once, before a test
    // acts. Waited for, so that it does not run inside the test: bounds.spec's 5,000 records,
    // written in that second, kept its capture at 'Capturing…' past 5 s (2 of 3 runs).
    await (await extensionServiceWorker(context)).evaluate(startUpBegun);
    this.changes.restart();
  }
}

/** Resolves once the worker's start-up work has created its prune alarm, its first step. */
async function startUpBegun(): Promise<void> {
  const deadline = Date.now() + 10_000;
  // ALARMS.leadCachePrune in lib/worker/index.ts (not imported: it loads the worker's modules).
  while (!(await chrome.alarms.get('lead-cache-prune'))) {
    if (Date.now() > deadline) throw new Error('The worker did not begin its start-up work within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function expectedAfterReset(installed: Installed, driverUrl: string): Inventory {
  return {
    ...installed,
    storage: { local: {}, sync: {}, session: {} },
    alarms: [],
    databases: [],
    caches: [],
    opfs: [],
    localStorage: 0,
    popups: 0,
    tabs: [driverUrl],
  };
}

/**
 * The storage of the sites the pages showed (cookies: the context clears them), and the blank
 * tab's own history: a launch's blank tab has been nowhere.
 */
async function clearSiteDataAndHistory(context: BrowserContext, blank: Page, origins: readonly string[]): Promise<void> {
  const cdp = await context.newCDPSession(blank);
  try {
    for (const origin of origins) await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
    await cdp.send('Page.resetNavigationHistory');
  } finally {
    await cdp.detach();
  }
}

// ---- evaluated in an extension page ------------------------------------------------------------

/** Only what the evaluated functions use (the project ships no `chrome` types). */
declare const chrome: {
  action: {
    getBadgeText(details: object): Promise<string>;
    getBadgeBackgroundColor(details: object): Promise<number[]>;
    setBadgeText(details: { text: string }): Promise<void>;
    setBadgeBackgroundColor(details: { color: number[] }): Promise<void>;
  };
  alarms: { get(name: string): Promise<object | undefined>; getAll(): Promise<Array<{ name: string }>>; clearAll(): Promise<boolean> };
  commands: { getAll(): Promise<Array<{ name?: string; shortcut?: string }>> };
  extension: { getViews(filter: { type: 'popup' }): Window[] };
  storage: Record<'local' | 'sync' | 'session', { get(): Promise<object>; clear(): Promise<void> }>;
  tabs: { query(filter: object): Promise<Array<{ url?: string }>> };
};

async function readInstalled(): Promise<Installed> {
  const shortcuts: Record<string, string> = {};
  for (const command of await chrome.commands.getAll()) if (command.name) shortcuts[command.name] = command.shortcut ?? '';
  return {
    shortcuts,
    badge: { text: await chrome.action.getBadgeText({}), color: await chrome.action.getBadgeBackgroundColor({}) },
  };
}

/**
 * Clears everything the extension keeps but what the install set (restored instead: the badge), and
 * reads back all it keeps. storage.sync last, read again after: clearing it starts the worker.
 */
async function clearAndReadInventory(badge: Installed['badge']): Promise<Inventory> {
  for (const { name } of await indexedDB.databases()) {
    if (name === undefined) continue;
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error ?? new Error(`deleting ${name} failed`));
      // Blocked only by an open connection, and the worker that holds one is stopped: blocked for
      // long means something started it again.
      setTimeout(() => reject(new Error(`${name} is still open somewhere after 5 s`)), 5_000);
    });
  }
  for (const name of await caches.keys()) await caches.delete(name);
  const root = (await navigator.storage.getDirectory()) as unknown as {
    keys(): AsyncIterable<string>;
    removeEntry(name: string, options: { recursive: boolean }): Promise<void>;
  };
  for await (const name of root.keys()) await root.removeEntry(name, { recursive: true });
  localStorage.clear();
  await Promise.all([
    chrome.alarms.clearAll(),
    chrome.action.setBadgeText({ text: badge.text }),
    chrome.action.setBadgeBackgroundColor({ color: badge.color }),
    chrome.storage.local.clear(),
    chrome.storage.session.clear(),
  ]);

  const shortcuts: Record<string, string> = {};
  for (const command of await chrome.commands.getAll()) if (command.name) shortcuts[command.name] = command.shortcut ?? '';
  const opfs: string[] = [];
  for await (const name of root.keys()) opfs.push(name);
  const inventory = {
    shortcuts,
    badge: { text: await chrome.action.getBadgeText({}), color: await chrome.action.getBadgeBackgroundColor({}) },
    alarms: (await chrome.alarms.getAll()).map((alarm) => alarm.name),
    databases: (await indexedDB.databases()).map((database) => database.name ?? ''),
    caches: await caches.keys(),
    opfs,
    localStorage: localStorage.length,
    popups: chrome.extension.getViews({ type: 'popup' }).length,
    tabs: (await chrome.tabs.query({})).map((tab) => tab.url ?? ''),
  };
  await chrome.storage.sync.clear();
  return {
    ...inventory,
    storage: { local: await chrome.storage.local.get(), sync: await chrome.storage.sync.get(), session: await chrome.storage.session.get() },
  };
}

// ---- what a test changes on the context ---------------------------------------------------------

interface ContextChanges {
  /**
   * Removes the listeners, init scripts and bindings added since `trackChanges`, and says what
   * else happened since `trackChanges` or `restart`: routes added or removed, every http(s) origin
   * a frame has shown, whether `pages()` was asked; and whether the network is offline.
   */
  undo(): Promise<{ routes: boolean; offline: boolean; origins: string[]; pagesListed: boolean }>;
  /** Counts afresh from now: what the reset did itself is not the next test's doing. */
  restart(): void;
}

type Disposable = { dispose(): Promise<void> };
type Listener = (...args: unknown[]) => void;

/**
 * Records, from now on, what a test can change on `context` that outlives its pages. What cannot
 * be undone is refused.
 */
function trackChanges(context: BrowserContext): ContextChanges {
  const origins = new Set<string>();
  context.on('page', (page) =>
    page.on('framenavigated', (frame) => {
      const { protocol, origin } = new URL(frame.url());
      if (protocol === 'https:' || protocol === 'http:') origins.add(origin);
    }),
  );
  const emitter = context as unknown as NodeJS.EventEmitter; // Playwright's is Node's
  const listenersAtStart = listenersOf(emitter);
  const added: Disposable[] = [];
  let routes = false;
  let offline = false;
  let pagesListed = false;
  const wrap = <T>(name: string, after: (result: T, args: unknown[]) => void) => {
    const original = (context[name as keyof BrowserContext] as (...args: unknown[]) => Promise<T>).bind(context);
    Object.defineProperty(context, name, {
      value: async (...args: unknown[]) => {
        const result = await original(...args);
        after(result, args);
        return result;
      },
    });
  };
  for (const name of ['addInitScript', 'exposeBinding', 'exposeFunction']) wrap<Disposable>(name, (registration) => added.push(registration));
  for (const name of ['route', 'routeFromHAR', 'unroute', 'unrouteAll']) wrap(name, () => (routes = true));
  wrap('setOffline', (_, [value]) => (offline = value === true));
  const pages = context.pages.bind(context);
  Object.defineProperty(context, 'pages', {
    value: () => {
      pagesListed = true;
      return pages();
    },
  });
  const refuse = (what: string) => () => {
    throw new Error(`${what} cannot be undone on a shared browser: give the test its own with test.use({ freshBrowser: true })`);
  };
  Object.defineProperty(context, 'routeWebSocket', { value: refuse('context.routeWebSocket') });
  Object.defineProperty(context.clock, 'install', { value: refuse('context.clock.install') });
  return {
    async undo() {
      for (const registration of added.splice(0)) await registration.dispose();
      for (const [event, listeners] of listenersOf(emitter)) {
        const kept = listenersAtStart.get(event) ?? [];
        for (const listener of listeners) if (!kept.includes(listener)) emitter.removeListener(event, listener);
      }
      return { routes, offline, origins: [...origins], pagesListed };
    },
    restart() {
      routes = false;
      pagesListed = false;
      origins.clear();
    },
  };
}

function listenersOf(emitter: NodeJS.EventEmitter): Map<string | symbol, Listener[]> {
  return new Map(emitter.eventNames().map((event) => [event, [...(emitter.rawListeners(event) as Listener[])]]));
}
