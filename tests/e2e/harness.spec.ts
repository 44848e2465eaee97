/**
 * The harness itself: if these fail, no other e2e result means anything. They prove the built
 * extension loads, its worker reaches the API stand-in over TLS as api.metrikia.io and nothing
 * else, faults reach it unaltered, fixture pages are served at their real URLs, and a stop and a
 * browser restart behave as TESTING.md says, and the tests sharing a browser each find it as a
 * fresh install leaves it.
 */
import type { Worker } from '@playwright/test';
import type { ExtensionBrowser } from '../support/extension-browser.ts';
import {
  bindShortcuts,
  expect,
  extensionIdOf,
  extensionServiceWorker,
  servePage,
  stopServiceWorker,
  test,
  wakeServiceWorker,
} from '../support/extension.ts';
import { contentScriptWorld } from '../fixtures/hostile/browser.ts';
import { captureButton, connectKey } from './pages/flows.ts';
import { badgeText, readOutbox, retryAlarmAt } from './pages/outbox.ts';
import { captureProfile, openActionPopup, openProfileAs, setLanguage } from './pages/ui.ts';

/** Only what the evaluated functions below use (the project ships no `chrome` types). */
declare const chrome: {
  alarms: { create(name: string, info: { delayInMinutes: number }): Promise<void>; getAll(): Promise<Array<{ name: string }>> };
  commands: { getAll(): Promise<Array<{ name?: string; shortcut?: string }>> };
  extension: { getViews(filter: { type: 'popup' }): Window[] };
  storage: {
    local: {
      set(items: Record<string, unknown>): Promise<void>;
      get(key?: string): Promise<Record<string, unknown>>;
      setAccessLevel(options: { accessLevel: string }): Promise<void>;
    };
    sync: { get(): Promise<Record<string, unknown>> };
    session: { set(items: Record<string, unknown>): Promise<void>; get(): Promise<Record<string, unknown>> };
  };
};

const LEAD = {
  source: 'linkedin',
  profileUrl: 'https://www.linkedin.com/in/zoe-angstrom',
  firstName: 'Zoë',
  lastName: 'Ångström',
  jobTitle: null,
  capturedAt: '2026-11-23T09:41:07.512Z',
};

test('loads the built extension, whose service worker is background.js', async ({ serviceWorker, extensionId }) => {
  expect(extensionId).toMatch(/^[a-p]{32}$/);
  expect(serviceWorker.url()).toBe(`chrome-extension://${extensionId}/background.js`);
});

test('the service worker reaches the stand-in over TLS as api.metrikia.io', async ({ serviceWorker, api }) => {
  const status = await serviceWorker.evaluate(() =>
    fetch('https://api.metrikia.io/v1/me', { headers: { Authorization: 'Bearer mk_test_demo' } }).then((r) => r.status),
  );
  expect(status).toBe(200);
  expect(api.requests).toEqual([
    expect.objectContaining({
      method: 'GET',
      path: '/v1/me',
      response: 200,
      headers: expect.objectContaining({ host: 'api.metrikia.io', authorization: 'Bearer mk_test_demo' }),
    }),
  ]);
});

test('no other host is reachable from the extension, not even the stand-in by its address', async ({ serviceWorker, api }) => {
  // Without the catch-all resolver rule both of these reach the stand-in (measured: 401, 401).
  const outcomes = await serviceWorker.evaluate(async (port) => {
    const attempt = (url: string): Promise<string> => fetch(url).then((r) => `status ${r.status}`, (e: unknown) => String(e));
    return [await attempt(`https://localhost:${port}/v1/me`), await attempt(`https://127.0.0.1:${port}/v1/me`)];
  }, api.port);
  expect(outcomes).toEqual(['TypeError: Failed to fetch', 'TypeError: Failed to fetch']);
  expect(api.requests).toEqual([]);
});

test('a reset reaches the worker as a network error, and Chromium does not re-send the request', async ({ serviceWorker, api }) => {
  const post = (idempotencyKey: string): Promise<string> =>
    serviceWorker.evaluate(
      ([body, key]) =>
        fetch('https://api.metrikia.io/v1/leads', {
          method: 'POST',
          headers: { Authorization: 'Bearer mk_test_demo', 'Content-Type': 'application/json', 'Idempotency-Key': key },
          body,
        }).then((r) => `status ${r.status}`, (e: unknown) => String(e)),
      [JSON.stringify(LEAD), idempotencyKey] as const,
    );
  // Warm a connection first: a silent re-send would happen on a reused keep-alive socket.
  expect(await post(crypto.randomUUID())).toBe('status 201');
  api.failNext(1, { kind: 'reset' });
  expect(await post(crypto.randomUUID())).toBe('TypeError: Failed to fetch');
  expect(await post(crypto.randomUUID())).toBe('status 200');
  expect(api.leadRequests().map((r) => r.response)).toEqual([201, 'reset', 200]);
  expect(api.leads()).toEqual([expect.objectContaining({ payload: LEAD, deliveries: 2 })]);
});

test('servePage serves fixture HTML at the real URL in UTF-8, and 404s the rest of the site', async ({ context }) => {
  const url = 'https://www.linkedin.com/in/zoe-angstrom/';
  await servePage(context, url, '<title>Profile</title><h1>Zoë Ångström</h1>');
  await servePage(context, 'https://www.instagram.com/', '<h1>Instagram app shell</h1>', { spa: true });
  const page = await context.newPage();

  const served = await page.goto(`${url}#about`);
  expect(served?.status()).toBe(200);
  await expect(page.locator('h1')).toHaveText('Zoë Ångström');
  expect(await page.evaluate(() => fetch('/in/someone-else/').then((r) => r.status))).toBe(404);
  expect((await page.goto('https://www.linkedin.com/in/not-served/'))?.status()).toBe(404);

  expect((await page.goto('https://www.instagram.com/zoe/reels/'))?.status()).toBe(200);
  await expect(page.locator('h1')).toHaveText('Instagram app shell');
  // SPA mode answers navigations only; the app's own requests still 404.
  expect(await page.evaluate(() => fetch('/api/v1/users/zoe').then((r) => r.status))).toBe(404);
});

test('a stopped worker wakes on a message, and a relaunch keeps storage and the extension id', async ({
  context,
  serviceWorker,
  extensionId,
  relaunch,
}) => {
  await serviceWorker.evaluate(() => {
    (globalThis as { harnessMarker?: string }).harnessMarker = 'first run';
    return chrome.storage.local.set({ harness: 'kept' });
  });

  await stopServiceWorker(context);
  await wakeServiceWorker(context, extensionId);
  // A fresh global scope proves the worker really restarted; storage outlives it.
  expect(await serviceWorker.evaluate(() => (globalThis as { harnessMarker?: string }).harnessMarker)).toBeUndefined();
  expect(await serviceWorker.evaluate(() => chrome.storage.local.get('harness'))).toEqual({ harness: 'kept' });

  const restarted = await relaunch();
  const worker = await extensionServiceWorker(restarted);
  expect(worker.url()).toBe(`chrome-extension://${extensionId}/background.js`);
  expect(await worker.evaluate(() => chrome.storage.local.get('harness'))).toEqual({ harness: 'kept' });
});

test.describe.serial('one browser for the tests of a worker', () => {
  /** What the first test left, for the second to look for. */
  let left: { browser: ExtensionBrowser; shortcut: string | undefined; pageEvents: number } | undefined;
  const LEFT_URL = 'https://www.linkedin.com/in/left-behind/';
  const ROUTED_URL = 'https://www.instagram.com/left-behind/';
  const captureShortcut = async (serviceWorker: Worker) =>
    (await serviceWorker.evaluate(() => chrome.commands.getAll())).find((command) => command.name === 'capture-profile')?.shortcut;
  const postLead = (serviceWorker: Worker) =>
    serviceWorker.evaluate(
      (body) =>
        fetch('https://api.metrikia.io/v1/leads', {
          method: 'POST',
          headers: { Authorization: 'Bearer mk_test_demo', 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
          body,
        }).then((r) => `status ${r.status}`, (e: unknown) => String(e)),
      JSON.stringify(LEAD),
    );

  test('a test leaves every kind of state behind: data, worker memory, settings, pages, routes, registrations', async ({
    extensionBrowser,
    relaunch,
    api,
  }) => {
    test.setTimeout(60_000); // a browser restart and some twenty steps
    // A restart first: the reset must cover a browser that a test relaunched.
    const context = await relaunch();
    const serviceWorker = await extensionServiceWorker(context);
    const extensionId = extensionIdOf(serviceWorker);
    left = { browser: extensionBrowser, shortcut: await captureShortcut(serviceWorker), pageEvents: 0 };

    // Connected; a capture delivered (lead cache, capture states), one queued offline (outbox,
    // retry alarm, badge), the settings in French; left offline.
    const options = await connectKey(context, extensionId);
    await captureProfile(context, 'left-captured', 'Captured');
    await context.setOffline(true);
    const tab = await captureProfile(context, 'left-queued', 'Queued');
    await expect.poll(() => badgeText(serviceWorker)).toBe('1');
    expect(await retryAlarmAt(serviceWorker)).not.toBeNull();
    await setLanguage(serviceWorker, 'fr');

    // The worker's global scope and settings; the extension origin's other stores.
    await serviceWorker.evaluate(async () => {
      (globalThis as { leftBehind?: boolean }).leftBehind = true;
      await chrome.storage.local.setAccessLevel({ accessLevel: 'TRUSTED_AND_UNTRUSTED_CONTEXTS' });
      await chrome.storage.session.set({ leftBehind: true });
      await chrome.alarms.create('left-behind', { delayInMinutes: 60 });
    });
    await options.evaluate(async () => {
      localStorage.setItem('leftBehind', '1');
      await caches.open('left-behind');
      await (await navigator.storage.getDirectory()).getFileHandle('left-behind', { create: true });
      await new Promise((resolve) => {
        const request = indexedDB.open('left-behind');
        request.onsuccess = () => resolve(request.result.close());
      });
    });
    await bindShortcuts(context, extensionId, { 'capture-profile': 'Alt+Shift+K' });
    expect(await captureShortcut(serviceWorker)).toBe('Alt+Shift+K');

    // The site's cookie and storage.
    await tab.evaluate(async () => {
      document.cookie = 'leftBehind=1; max-age=3600';
      localStorage.setItem('leftBehind', '1');
      await new Promise((resolve) => {
        const request = indexedDB.open('left-behind');
        request.onsuccess = () => resolve(request.result.close());
      });
    });

    // On the context: a page served, a route, an init script, a binding, a listener, a permission.
    await servePage(context, LEFT_URL, '<h1>Left behind</h1>');
    await context.route(ROUTED_URL, (route) => route.fulfill({ contentType: 'text/html', body: '<h1>Routed</h1>' }));
    await context.addInitScript(() => ((window as { leftBehind?: boolean }).leftBehind = true));
    await context.exposeBinding('leftBehindBinding', () => 'left');
    context.on('page', () => {
      if (left) left.pageEvents += 1;
    });
    await context.grantPermissions(['geolocation'], { origin: 'https://www.linkedin.com' });

    // Open: the profile tabs, the options page, a welcome page, the real action popup; the stand-in
    // with a fault scripted, a fault picker and its answers held.
    await (await context.newPage()).goto(`chrome-extension://${extensionId}/options.html?welcome`);
    await openActionPopup(serviceWorker, options, tab);
    api.failNext(1, { kind: 'status', status: 500 });
    api.setFaultPicker(() => ({ kind: 'status', status: 503 }));
    api.holdAnswers();
  });

  test('the next test, in the same browser, finds none of it', async ({ extensionBrowser, context, serviceWorker, extensionId, api }) => {
    // The same browser, reset (not replaced): otherwise this test would prove nothing.
    expect(left?.browser).toBe(extensionBrowser);
    const pageEvents = left?.pageEvents;

    // One blank tab, no popup; the shortcut as installed.
    expect(context.pages().map((page) => page.url())).toEqual(['about:blank']);
    const driver = await context.newPage();
    await driver.goto(`chrome-extension://${extensionId}/manifest.json`);
    expect(await driver.evaluate(() => chrome.extension.getViews({ type: 'popup' }).length)).toBe(0);
    expect(await captureShortcut(serviceWorker)).toBe(left?.shortcut);

    // The worker's memory, chrome.storage, alarms, badge and the origin's stores. (The worker's own
    // start may create its outbox database and the prune alarm: what a fresh install has too.)
    const held = await serviceWorker.evaluate(async () => ({
      global: (globalThis as { leftBehind?: boolean }).leftBehind,
      local: await chrome.storage.local.get(),
      sync: await chrome.storage.sync.get(),
      session: await chrome.storage.session.get(),
      alarms: (await chrome.alarms.getAll()).map((alarm) => alarm.name).filter((name) => name !== 'lead-cache-prune'),
      databases: (await indexedDB.databases()).map((database) => database.name).filter((name) => name !== 'metrikia-companion'),
    }));
    // The worker's start stores its clock (lib/worker/delivery-clock.ts), as on a fresh install.
    const { deliveryState, ...local } = held.local as { deliveryState?: unknown };
    expect({ ...held, local }).toEqual({ global: undefined, local: {}, sync: {}, session: {}, alarms: [], databases: [] });
    if (deliveryState !== undefined) {
      expect(deliveryState).toEqual({ clock: { skew: 0, seenAt: expect.any(Number) }, expiredCount: 0, keyRejected: false, rateLimitedUntil: null });
    }
    expect(await readOutbox(serviceWorker)).toEqual([]);
    expect(await badgeText(serviceWorker)).toBe('');
    expect(
      await driver.evaluate(async () => ({
        localStorage: localStorage.length,
        caches: await caches.keys(),
        opfs: await Array.fromAsync((await navigator.storage.getDirectory() as unknown as { keys(): AsyncIterable<string> }).keys()),
      })),
    ).toEqual({ localStorage: 0, caches: [], opfs: [] });

    // Online, no scripted fault, no picker, nothing held: the worker's first request is answered for real.
    expect(await postLead(serviceWorker)).toBe('status 201');
    expect(api.leadRequests().map((request) => request.response)).toEqual([201]);

    // In English again (connectKey reads English labels); the profile captured before is not known
    // (lead cache), and our content script's world is denied storage.local again.
    await connectKey(context, extensionId);
    const tab = await openProfileAs(context, 'left-captured');
    await captureButton(tab).expectText('Capture');
    const world = await contentScriptWorld(tab, extensionId);
    expect(await world.evaluate(`chrome.storage.local.get().then(() => 'read', (error) => String(error))`)).toBe(
      'Error: Access to storage is not allowed from this context.',
    );
    await world.detach();

    // The site's cookie and storage are gone; no permission, init script or binding is left.
    expect(await context.cookies()).toEqual([]);
    expect(
      await tab.evaluate(async () => ({
        cookie: document.cookie,
        localStorage: localStorage.length,
        databases: (await indexedDB.databases()).length,
        initScript: (window as { leftBehind?: boolean }).leftBehind,
        binding: typeof (window as { leftBehindBinding?: unknown }).leftBehindBinding,
        geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
      })),
    ).toEqual({ cookie: '', localStorage: 0, databases: 0, initScript: undefined, binding: 'undefined', geolocation: 'prompt' });

    // The page served and the route are gone, and the listener was not called for this test's pages.
    expect((await tab.goto(LEFT_URL))?.status()).toBe(404);
    expect((await tab.goto(ROUTED_URL))?.status()).toBe(404);
    expect(left?.pageEvents).toBe(pageEvents);
  });
});
