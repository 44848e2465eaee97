/**
 * Chromium with the built extension, as the e2e fixtures, the bench, the demo and the screenshots
 * use it (facts behind every choice here: ../../../shared/TESTING.md): the launch, the extension's
 * service worker, fixture pages served at their real address, the extension's pages.
 */
import { chromium, type BrowserContext, type CDPSession, type Page, type Route, type Worker } from '@playwright/test';
import { isWelcome } from '../../lib/shared/welcome.ts';
import { findBuiltExtension, findChromium } from './chromium.ts';

/** Hosts whose every request is answered by the test: fixture HTML, or 404. */
export const SITE_ORIGINS = ['https://www.linkedin.com', 'https://www.instagram.com'] as const;

export interface LaunchOptions {
  /** Defaults to `findBuiltExtension()` (`EXTENSION_PATH` or `.output/chrome-mv3`). */
  extensionPath?: string;
  /** More Chromium flags, e.g. `--lang=fr`. */
  args?: string[];
  /** Defaults to true; `npm run demo` opens a window where there is a display. */
  headless?: boolean;
  /**
   * Keeps the settings page a first install opens (lib/worker/welcome.ts). By default it is closed
   * as it appears, up to seconds after the launch: a test or a benchmark then has only its own pages,
   * none of them taking the front, nor an extension page asking the worker for its status at every
   * storage change.
   */
  keepWelcome?: boolean;
}

/** Whether `url` is the settings page opened as the welcome of a first install. */
export function isWelcomePage(url: string): boolean {
  return /^chrome-extension:\/\/[a-p]{32}\/options\.html\?/u.test(url) && isWelcome(new URL(url).search);
}

/**
 * Launches Chromium with the extension on `userDataDir`. Calling it again on the same dir after
 * closing the previous context is a browser restart: storage and IndexedDB persist.
 */
export async function launchExtensionContext(
  userDataDir: string,
  apiPort: number,
  options: LaunchOptions = {},
): Promise<BrowserContext> {
  const extensionPath = options.extensionPath ?? findBuiltExtension();
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: options.headless ?? true,
    args: [
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      // api.metrikia.io goes to the stand-in; every other host fails to resolve, so nothing the
      // extension or a fixture page asks for can leave the machine. Pages served by servePage()
      // are answered before DNS. Only one --host-resolver-rules flag counts: keep both rules here.
      `--host-resolver-rules=MAP api.metrikia.io 127.0.0.1:${apiPort},MAP * ~NOTFOUND`,
      // The stand-in's certificate is self-signed; `ignoreHTTPSErrors` does not reach the worker.
      '--ignore-certificate-errors',
      ...(options.args ?? []),
    ],
  });
  for (const origin of SITE_ORIGINS) await siteRouter(context).serve(origin);
  if (!options.keepWelcome) {
    // The URL is known when Playwright reports the page (measured: 8 of 8 launches).
    const closeWelcome = (page: Page): void => void (isWelcomePage(page.url()) && page.close().catch(() => undefined));
    context.pages().forEach(closeWelcome);
    context.on('page', closeWelcome);
  }
  return context;
}

/** The extension's service worker, waiting for it to register if needed. */
export async function extensionServiceWorker(context: BrowserContext): Promise<Worker> {
  const isExtension = (worker: Worker): boolean => worker.url().startsWith('chrome-extension://');
  return (
    context.serviceWorkers().find(isExtension) ??
    (await context.waitForEvent('serviceworker', { predicate: isExtension, timeout: 10_000 }))
  );
}

export function extensionIdOf(serviceWorker: Worker): string {
  return new URL(serviceWorker.url()).host;
}

/**
 * Serves `html` at `url` (any https origin; query included, fragment ignored). With `spa: true`,
 * every navigation on that origin gets this page, as a single-page app's server would answer.
 * Anything else on a served origin is a 404. Routes belong to one context: serve again after
 * `relaunch()`.
 */
export async function servePage(
  context: BrowserContext,
  url: string,
  html: string,
  options: { spa?: boolean } = {},
): Promise<void> {
  const target = new URL(url);
  target.hash = '';
  const router = siteRouter(context);
  await router.serve(target.origin);
  router.pages.set(target.href, html);
  if (options.spa) router.spaPages.set(target.origin, html);
}

export async function openOptions(context: BrowserContext, extensionId: string): Promise<Page> {
  return openExtensionPage(context, extensionId, 'options.html');
}

export async function openPopup(context: BrowserContext, extensionId: string): Promise<Page> {
  return openExtensionPage(context, extensionId, 'popup.html');
}

async function openExtensionPage(context: BrowserContext, extensionId: string, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${path}`);
  return page;
}

/**
 * Stops the extension's service worker, as Chrome does when it idles (Playwright keeps it alive
 * otherwise), and resolves once Chrome reports it stopped. It restarts on its next event (message,
 * alarm); until then `serviceWorker.evaluate` hangs: `wakeServiceWorker()` first.
 */
export async function stopServiceWorker(context: BrowserContext): Promise<void> {
  await driveServiceWorkers(context, 'stopped', (cdp) => cdp.send('ServiceWorker.stopAllWorkers'));
}

/**
 * Starts the extension's stopped service worker as Chrome does for an event, but with no event:
 * the worker only runs its own start. Resolves once Chrome reports it running.
 */
export async function startServiceWorker(context: BrowserContext, extensionId: string): Promise<void> {
  await driveServiceWorkers(context, 'running', (cdp) =>
    cdp.send('ServiceWorker.startWorker', { scopeURL: `chrome-extension://${extensionId}/` }),
  );
}

/** Sends `command` over CDP and waits until every extension service worker is `until`. */
async function driveServiceWorkers(
  context: BrowserContext,
  until: 'stopped' | 'running',
  command: (cdp: CDPSession) => Promise<unknown>,
): Promise<void> {
  // The CDP ServiceWorker domain needs a page target; borrow one, or open and close a blank one.
  const borrowed = context.pages()[0];
  const page = borrowed ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  let timer: NodeJS.Timeout | undefined;
  try {
    const status = new Map<string, string>();
    const reached = new Promise<void>((resolve, reject) => {
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        for (const version of versions) {
          if (version.scriptURL.startsWith('chrome-extension://')) status.set(version.versionId, version.runningStatus);
        }
        if (status.size > 0 && [...status.values()].every((running) => running === until)) resolve();
      });
      timer = setTimeout(
        () => reject(new Error(`The service worker was not ${until} within 5 s: ${JSON.stringify([...status])}`)),
        5_000,
      );
    });
    await cdp.send('ServiceWorker.enable');
    await command(cdp);
    await reached;
  } finally {
    clearTimeout(timer);
    await cdp.detach().catch(() => undefined);
    if (!borrowed) await page.close();
  }
}

/**
 * Starts a stopped service worker: opening an extension page is not enough, an event is. Any
 * runtime message starts it, even one nobody answers; the extension's message handler sees
 * `{ type: 'harness:wake' }` and should refuse it like any unknown message.
 */
export async function wakeServiceWorker(context: BrowserContext, extensionId: string): Promise<void> {
  const page = await context.newPage();
  try {
    // Any extension page can message the worker; manifest.json exists in every build.
    await page.goto(`chrome-extension://${extensionId}/manifest.json`);
    await page.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'harness:wake' }).then(
        () => undefined,
        // "Receiving end does not exist" still means the worker started.
        () => undefined,
      ),
    );
  } finally {
    await page.close();
  }
}

/**
 * Forgets every page servePage served, as right after the launch. With `routesChanged` (a test
 * added or removed routes itself, or served another origin), first removes every route of
 * `context` and routes the sites again.
 */
export async function resetSiteRoutes(context: BrowserContext, routesChanged: boolean): Promise<void> {
  if (!routesChanged) {
    const router = siteRouter(context);
    router.pages.clear();
    router.spaPages.clear();
    return;
  }
  routers.delete(context);
  await context.unrouteAll({ behavior: 'ignoreErrors' });
  for (const origin of SITE_ORIGINS) await siteRouter(context).serve(origin);
}

/**
 * Binds (with '' unbinds) the extension's commands where a rep does it, chrome://extensions/shortcuts:
 * Chrome gives that page the only API that can.
 */
export async function bindShortcuts(context: BrowserContext, extensionId: string, bindings: Record<string, string>): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto('chrome://extensions/shortcuts');
    await page.evaluate(
      ([id, entries]) =>
        Promise.all(
          entries.map(([commandName, keybinding]) =>
            (globalThis as unknown as { chrome: DeveloperPrivate }).chrome.developerPrivate.updateExtensionCommand({ extensionId: id, commandName, keybinding }),
          ),
        ),
      [extensionId, Object.entries(bindings)] as const,
    );
  } finally {
    await page.close();
  }
}
interface DeveloperPrivate {
  developerPrivate: { updateExtensionCommand(update: { extensionId: string; commandName: string; keybinding: string }): Promise<void> };
}

/** The one `chrome` API the evaluated function above uses (the project ships no `chrome` types). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

interface SiteRouter {
  /** Exact URL (no fragment) → HTML. */
  pages: Map<string, string>;
  /** Origin → HTML for any navigation on it. */
  spaPages: Map<string, string>;
  /** Routes `origin` through this router (once per origin). */
  serve(origin: string): Promise<void>;
}

const routers = new WeakMap<BrowserContext, SiteRouter>();

function siteRouter(context: BrowserContext): SiteRouter {
  const existing = routers.get(context);
  if (existing) return existing;
  const routed = new Set<string>();
  const router: SiteRouter = {
    pages: new Map(),
    spaPages: new Map(),
    async serve(origin) {
      if (routed.has(origin)) return;
      routed.add(origin);
      await context.route(`${origin}/**`, (route) => answer(router, route));
    },
  };
  routers.set(context, router);
  return router;
}

async function answer(router: SiteRouter, route: Route): Promise<void> {
  const request = route.request();
  const url = new URL(request.url());
  url.hash = '';
  const html =
    router.pages.get(url.href) ?? (request.resourceType() === 'document' ? router.spaPages.get(url.origin) : undefined);
  if (html === undefined) {
    await route.fulfill({ status: 404, contentType: 'text/plain', body: `Not served by this test: ${url.href}` });
    return;
  }
  // The charset matters: without it Chromium reads a fixture without <meta charset> as windows-1252
  // and "Zoë" would reach the scraper as "ZoÃ«".
  await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
}
