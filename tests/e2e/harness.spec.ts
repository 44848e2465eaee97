/**
 * The harness itself: if these fail, no other e2e result means anything. They prove the built
 * extension loads, its worker reaches the API stand-in over TLS as api.metrikia.io and nothing
 * else, faults reach it unaltered, fixture pages are served at their real URLs, and a stop and a
 * browser restart behave as TESTING.md says.
 */
import {
  expect,
  extensionServiceWorker,
  servePage,
  stopServiceWorker,
  test,
  wakeServiceWorker,
} from '../support/extension.ts';

/** Only what the evaluated functions below use (the project ships no `chrome` types). */
declare const chrome: {
  storage: { local: { set(items: Record<string, unknown>): Promise<void>; get(key: string): Promise<Record<string, unknown>> } };
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
