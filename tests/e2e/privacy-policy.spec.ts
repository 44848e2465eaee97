/**
 * The privacy policy, section 9 (../shared/seeds/metrikia-privacy-policy.txt), as tests of the
 * built extension in Chromium. Each test quotes the statement it checks; statements proved
 * elsewhere are listed in the README ("Privacy policy, section 9, as tests") with the test that
 * proves them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { leadPayloadSchema } from '../../lib/shared/contract.ts';
import { DEMO_KEY } from '../support/api-stand-in.ts';
import { expect, openOptions, servePage, test } from '../support/extension.ts';
import { worldsOf } from '../fixtures/hostile/browser.ts';
import { captureWidget, captureButton, connectKey, fixtureHtml } from './pages/flows.ts';
import { readOutbox } from './pages/outbox.ts';

/** Only what the evaluated functions use (the project ships no `chrome` types). */
declare const chrome: {
  runtime: { onMessage: { addListener(listener: (message: unknown) => undefined): void } };
  storage: {
    local: { get(): Promise<Record<string, unknown>> };
    sync: { get(): Promise<Record<string, unknown>> };
    session: { get(): Promise<Record<string, unknown>> };
    onChanged: { addListener(listener: (changes: Record<string, unknown>, area: string) => void): void };
  };
  alarms: { getAll(): Promise<Array<{ name: string; periodInMinutes?: number; scheduledTime: number }>> };
  permissions: { getAll(): Promise<{ permissions?: string[]; origins?: string[] }> };
  management: { uninstallSelf(options: { showConfirmDialog: boolean }): Promise<void> };
};

const LINKEDIN = 'https://www.linkedin.com/in/jane-doe/';
const INSTAGRAM = 'https://www.instagram.com/camille.roux/';

async function open(context: BrowserContext, url: string, fixture: string | { html: string }): Promise<Page> {
  await servePage(context, url, typeof fixture === 'string' ? fixtureHtml(fixture) : fixture.html);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Records, in the worker, every runtime message (whole) and every storage change (area and keys). */
async function watchWorker(serviceWorker: Worker): Promise<() => Promise<{ messages: unknown[]; storageChanges: string[] }>> {
  await serviceWorker.evaluate(() => {
    const scope = globalThis as unknown as { __privacy: { messages: unknown[]; storageChanges: string[] } };
    scope.__privacy = { messages: [], storageChanges: [] };
    chrome.runtime.onMessage.addListener((message) => {
      scope.__privacy.messages.push(message);
      return undefined;
    });
    chrome.storage.onChanged.addListener((changes, area) => {
      for (const key of Object.keys(changes)) scope.__privacy.storageChanges.push(`${area}:${key}`);
    });
  });
  return () => serviceWorker.evaluate(() => (globalThis as unknown as { __privacy: { messages: unknown[]; storageChanges: string[] } }).__privacy);
}

const storageOf = (serviceWorker: Worker) =>
  serviceWorker.evaluate(async () => ({
    local: await chrome.storage.local.get(),
    sync: await chrome.storage.sync.get(),
    session: await chrome.storage.session.get(),
  }));

test.describe('§9.1 Data collected by the extension', () => {
  test('"This data is collected only when you click the "Capture" button. The extension never collects data automatically or in the background."', async ({
    context,
    extensionId,
    serviceWorker,
    api,
  }) => {
    // The options page is closed: its own status requests (it redraws after storage changes) are
    // not the pages' doing, and every message the worker receives from here on must be.
    const options = await connectKey(context, extensionId);
    await options.close();
    const stored = await storageOf(serviceWorker);
    const requests = api.requests.length;
    const watched = await watchWorker(serviceWorker);

    // Two profiles shown and left alone for a while, as a rep browsing would.
    const linkedin = await open(context, LINKEDIN, 'linkedin/old-layout.html');
    await captureButton(linkedin).expectText('Capture');
    const instagram = await open(context, INSTAGRAM, 'instagram/profile.html');
    await captureButton(instagram).expectText('Capture');
    await instagram.waitForTimeout(3_000);

    // Nothing was sent, nothing stored, nothing queued. The only messages asked the worker whether
    // the tab's profile is connected/captured: one per profile, carrying nothing at all (the worker
    // takes the profile from the tab's address), no page content.
    expect(api.requests.length).toBe(requests);
    expect(await storageOf(serviceWorker)).toEqual(stored);
    expect(await readOutbox(serviceWorker)).toEqual([]);
    const idle = await watched();
    expect(idle.storageChanges).toEqual([]);
    expect(idle.messages).toEqual([{ type: 'page-status' }, { type: 'page-status' }]);

    // One click, one capture.
    await captureButton(linkedin).click();
    await captureButton(linkedin).expectText('Captured');
    expect(api.leadRequests()).toHaveLength(1);
    expect((await watched()).messages.filter((message) => (message as { type: string }).type === 'capture')).toHaveLength(1);
  });

  test('"Profile names (first name, last name) … Profile URLs … Job titles (LinkedIn only, if available)": exactly these fields are sent', async ({
    context,
    extensionId,
    api,
  }) => {
    await connectKey(context, extensionId);
    for (const [url, fixture] of [
      [LINKEDIN, 'linkedin/old-layout.html'],
      [INSTAGRAM, 'instagram/profile.html'],
    ] as const) {
      const page = await open(context, url, fixture);
      await captureButton(page).click();
      await captureButton(page).expectText('Captured');
    }
    const bodies = api.leadRequests().map((request) => leadPayloadSchema.parse(request.json));
    // The listed fields, plus where (source) and when (capturedAt) the click happened; nothing else.
    for (const request of api.leadRequests()) {
      expect(Object.keys(request.json as object).sort()).toEqual(['capturedAt', 'firstName', 'jobTitle', 'lastName', 'profileUrl', 'source']);
    }
    expect(bodies).toEqual([
      expect.objectContaining({ source: 'linkedin', profileUrl: 'https://www.linkedin.com/in/jane-doe', firstName: 'Jane', lastName: 'Doe', jobTitle: 'Head of Growth' }),
      expect.objectContaining({ source: 'instagram', profileUrl: 'https://www.instagram.com/camille.roux', firstName: 'Camille', lastName: 'Roux', jobTitle: null }),
    ]);
  });
});

test.describe('§9.2 Data not collected', () => {
  test('"Browsing history, Passwords or credentials, Personal message content, Photos, media or financial information, Data from other websites"', async ({
    context,
    extensionId,
    serviceWorker,
    api,
  }) => {
    await connectKey(context, extensionId);
    const watched = await watchWorker(serviceWorker);
    // A profile whose page also holds a filled password field, an open message thread with a card
    // number, and photos.
    const secrets = ['hunter2-secret', '4111 1111 1111 1111', 'See you at the clinic', 'data:image/gif'];
    const html = fixtureHtml('linkedin/old-layout.html').replace(
      '</main>',
      `<form action="/uas/login-submit"><input type="password" name="session_password" value="hunter2-secret"></form>
       <aside class="msg-overlay-conversation-bubble"><p class="msg-s-event-listitem__body">See you at the clinic. My card: 4111 1111 1111 1111</p></aside></main>`,
    );
    const profile = await open(context, LINKEDIN, { html });
    await captureButton(profile).click();
    await captureButton(profile).expectText('Captured');
    const sent = JSON.stringify(api.requests.map((request) => request.body));
    const kept = JSON.stringify(await storageOf(serviceWorker));
    for (const secret of secrets) {
      expect(sent).not.toContain(secret);
      expect(kept).not.toContain(secret);
    }

    // Another website, even at a profile-like address: our content script is not there at all.
    const elsewhere = await open(context, 'https://www.example.com/in/jane-doe/', 'linkedin/old-layout.html');
    await elsewhere.waitForTimeout(2_500);
    await captureWidget(elsewhere).expectCount(0);
    expect((await worldsOf(elsewhere)).filter((world) => world.name === 'Metrikia Companion')).toEqual([]);

    // Browsing: pages visited and not captured leave no trace in what the extension keeps.
    await open(context, 'https://www.linkedin.com/feed/', 'linkedin/feed.html');
    await open(context, 'https://www.linkedin.com/in/marc-lefebvre-3b8a1f/', 'linkedin/hashed-layout.html');
    await expect.poll(async () => (await watched()).messages.length).toBeGreaterThanOrEqual(3);
    const after = JSON.stringify(await storageOf(serviceWorker));
    for (const visited of ['feed', 'marc-lefebvre', 'example.com']) expect(after).not.toContain(visited);
    expect((await watched()).messages.every((message) => !JSON.stringify(message).includes('example.com'))).toBe(true);
  });
});

test.describe('§9.3 Local storage', () => {
  test('"API Key: stored locally via chrome.storage.local (never synchronized)" and "Settings: language and preferences via chrome.storage.sync"', async ({
    context,
    extensionId,
    serviceWorker,
  }) => {
    const options = await connectKey(context, extensionId);
    await options.getByLabel('Instagram').uncheck();
    await options.getByLabel('Language').selectOption('fr');
    await expect.poll(async () => (await storageOf(serviceWorker)).sync).toEqual({
      settings: { linkedin: true, instagram: false, language: 'fr', placement: 'page' },
      // The settings' schema version (WXT's storage meta), for the v1 → v2 migration.
      settings$: { v: 2 },
    });
    const { local, sync, session } = await storageOf(serviceWorker);
    expect(local['apiKey']).toBe(DEMO_KEY);
    // Everything else in storage.local is about captures (connection, delivery state, lead cache).
    expect(Object.keys(local).filter((key) => !['apiKey', 'connection', 'deliveryState', 'leadCache'].includes(key))).toEqual([]);
    expect(Object.keys(sync).sort()).toEqual(['settings', 'settings$']);
    expect(JSON.stringify(sync)).not.toContain(DEMO_KEY);
    expect(session).toEqual({});
  });

  test('"Lead cache: captured profile URLs, expires after 7 days": only the URL, the time and the lead id; pruned daily', async ({
    context,
    extensionId,
    serviceWorker,
  }) => {
    await connectKey(context, extensionId);
    const page = await open(context, LINKEDIN, 'linkedin/old-layout.html');
    await captureButton(page).click();
    await captureButton(page).expectText('Captured');
    const { local } = await storageOf(serviceWorker);
    expect(local['leadCache']).toEqual({
      'https://www.linkedin.com/in/jane-doe': { capturedAt: expect.any(String), leadId: expect.stringMatching(/^lead_/) },
    });
    // The 7-day expiry itself, with a fake clock: tests/unit/lead-cache.test.ts
    // ("expires an entry 7 days after its capture, checked on read", "prunes expired entries").
    const alarms = await serviceWorker.evaluate(() => chrome.alarms.getAll());
    expect(alarms).toContainEqual(expect.objectContaining({ name: 'lead-cache-prune', periodInMinutes: 24 * 60 }));
  });

  test('"Offline queue: failed captures stored temporarily for automatic retry" — and §9.5 "alarms: automatic retry of failed captures"', async ({
    context,
    extensionId,
    serviceWorker,
    api,
  }) => {
    await connectKey(context, extensionId);
    api.failNext(1, { kind: 'rate-limit', retryAfter: '1' });
    const page = await open(context, LINKEDIN, 'linkedin/old-layout.html');
    await captureButton(page).click();
    await captureButton(page).expectText('Queued');
    // Stored on this device (IndexedDB), with an alarm to retry it.
    const queued = await readOutbox(serviceWorker);
    expect(queued.map((item) => item.payload.profileUrl)).toEqual(['https://www.linkedin.com/in/jane-doe']);
    expect(await serviceWorker.evaluate(() => chrome.alarms.getAll())).toContainEqual(expect.objectContaining({ name: 'outbox-retry' }));
    // Retried with no action from the rep, then gone from the device ("temporarily").
    await api.waitForLeads(1, { timeoutMs: 10_000 });
    await expect.poll(() => readOutbox(serviceWorker)).toEqual([]);
    // More failure kinds (offline, 5xx, timeouts, restarts): tests/e2e/delivery-faults.spec.ts.
  });
});

test.describe('§9.5 Extension permissions', () => {
  test('"storage … alarms … linkedin.com / instagram.com … api.metrikia.io": exactly these are granted', async ({ serviceWorker }) => {
    const granted = await serviceWorker.evaluate(() => chrome.permissions.getAll());
    expect([...(granted.permissions ?? [])].sort()).toEqual(['alarms', 'storage']);
    expect([...(granted.origins ?? [])].sort()).toEqual([
      'https://api.metrikia.io/*',
      'https://www.instagram.com/*',
      'https://www.linkedin.com/*',
    ]);
  });
});

test.describe('§9.6 User control', () => {
  test('"Disconnect the API key at any time from the extension settings" and "Individually disable LinkedIn or Instagram capture"', async ({
    context,
    extensionId,
    serviceWorker,
    api,
  }) => {
    const options = await connectKey(context, extensionId);
    await options.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect(options.getByText('Disconnected. Your API key was removed from this device.')).toBeVisible();
    expect(Object.keys((await storageOf(serviceWorker)).local)).not.toContain('apiKey');
    const linkedin = await open(context, LINKEDIN, 'linkedin/old-layout.html');
    await captureButton(linkedin).expectName('Not connected');

    await connectKey(context, extensionId);
    const settings = await openOptions(context, extensionId);
    await settings.getByLabel('LinkedIn').uncheck();
    await captureWidget(linkedin).expectCount(0);
    const instagram = await open(context, INSTAGRAM, 'instagram/profile.html');
    await captureButton(instagram).expectText('Capture');
    await settings.getByLabel('Instagram').uncheck();
    await captureWidget(instagram).expectCount(0);
    const reopened = await open(context, 'https://www.linkedin.com/in/marc-lefebvre-3b8a1f/', 'linkedin/hashed-layout.html');
    await reopened.waitForTimeout(2_500);
    await captureWidget(reopened).expectCount(0);
    expect(api.leadRequests()).toEqual([]);
  });

  test.describe(() => {
    // It uninstalls the extension and reads the browser's profile on disk: a browser of its own.
    test.use({ freshBrowser: true });

    test('"Uninstalling the extension deletes all locally stored data": everything lives in the extension’s own storage and IndexedDB, and goes with it', async ({
      context,
      extensionId,
      serviceWorker,
      userDataDir,
    }) => {
      await connectKey(context, extensionId);
      const page = await open(context, LINKEDIN, 'linkedin/old-layout.html');
      await captureButton(page).click();
      await captureButton(page).expectText('Captured');

      // Where the extension keeps data: chrome.storage (local, sync) and one IndexedDB database.
      const inventory = await serviceWorker.evaluate(async () => {
        const opfs: string[] = [];
        for await (const name of (await navigator.storage.getDirectory() as unknown as { keys(): AsyncIterable<string> }).keys()) opfs.push(name);
        return {
          local: Object.keys(await chrome.storage.local.get()).sort(),
          sync: Object.keys(await chrome.storage.sync.get()).sort(),
          session: Object.keys(await chrome.storage.session.get()),
          indexedDB: (await indexedDB.databases()).map((database) => database.name),
          cacheStorage: await caches.keys(),
          opfs,
        };
      });
      expect(inventory).toEqual({
        local: ['apiKey', 'connection', 'deliveryState', 'leadCache'],
        sync: [],
        session: [],
        indexedDB: ['metrikia-companion'],
        cacheStorage: [],
        opfs: [],
      });
      // Nothing on the sites: no cookie anywhere, nothing in LinkedIn's own storage.
      expect(await context.cookies()).toEqual([]);
      expect(
        await page.evaluate(async () => ({
          localStorage: localStorage.length,
          sessionStorage: sessionStorage.length,
          indexedDB: (await indexedDB.databases()).length,
          cookie: document.cookie,
        })),
      ).toEqual({ localStorage: 0, sessionStorage: 0, indexedDB: 0, cookie: '' });

      // On disk, before and after uninstalling.
      const files = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
      const holding = (needle: string) =>
        files(userDataDir).filter((file) => {
          try {
            return readFileSync(file).includes(needle);
          } catch {
            return false; // locked or vanished while we looked
          }
        });
      const ours = (file: string) => file.includes(extensionId);
      await expect.poll(() => holding(DEMO_KEY).filter(ours).length).toBeGreaterThan(0);
      expect(files(userDataDir).filter(ours).length).toBeGreaterThan(0);

      const extensionPage = await context.newPage();
      await extensionPage.goto(`chrome-extension://${extensionId}/manifest.json`);
      await extensionPage.evaluate(() => chrome.management.uninstallSelf({ showConfirmDialog: false })).catch(() => undefined);
      await expect.poll(() => files(userDataDir).filter(ours)).toEqual([]);
      // The key, the organization and the scraped job title are nowhere in the browser profile now.
      // (The profile's address stays in Chromium's own history: the rep visited it; that is not ours.)
      for (const value of [DEMO_KEY, 'org_demo', 'rep@acme.io', 'Head of Growth']) expect(holding(value)).toEqual([]);
    });
  });
});
