/**
 * "Where Capture appears" → "Only in the toolbar" (issue 11.4), in the built extension:
 * - the toolbar icon tells, per tab, whether the page is a profile that can be captured and
 *   whether it was captured in the last 7 days (per-tab title and icon), while the badge keeps the
 *   waiting count for every tab;
 * - the popup's Capture and the keyboard shortcut capture the profile, and the icon shows the result;
 * - a MutationObserver the page installs before anything else records no node from us during the
 *   whole session (this one needs the dormant content script of the page side: in toolbar mode it
 *   inserts nothing).
 *
 * Chrome reports tab addresses to the worker on our host permissions without the `tabs`
 * permission; the first test proves it by the icon changing per page.
 */
import type { Page, Worker } from '@playwright/test';
import { expect, servePage, test } from '../support/extension.ts';
import { connectKey, fixtureHtml, pressCaptureShortcut } from './pages/flows.ts';
import { badgeText } from './pages/outbox.ts';
import { chooseToolbar, iconTitle, openActionPopup, openProfileAs, profileUrl } from './pages/ui.ts';

/** Only what the evaluated functions below use (the project ships no `chrome` types). */
declare const chrome: {
  tabs: {
    query(query: object): Promise<{ id?: number; url?: string; active?: boolean }[]>;
    onUpdated: { addListener(listener: (tabId: number, change: { url?: string }) => void): void };
  };
  action: {
    getBadgeText(details: { tabId?: number }): Promise<string>;
    setIcon(details: object): Promise<void>;
    setTitle(details: object): Promise<void>;
  };
};

/** The badge the tab showing `page` displays. */
async function badgeOf(serviceWorker: Worker, page: Page): Promise<string> {
  return serviceWorker.evaluate(async (url) => {
    const tab = (await chrome.tabs.query({})).find((candidate) => candidate.url === url);
    if (tab?.id === undefined) throw new Error('tab not found');
    return chrome.action.getBadgeText({ tabId: tab.id });
  }, page.url());
}

test('toolbar mode: the icon tells per tab what can be captured and what was; the shortcut and the popup capture; the badge keeps the count', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  const options = await connectKey(context, extensionId);
  const byShortcut = await openProfileAs(context, 'toolbar-shortcut');
  await servePage(context, 'https://www.linkedin.com/feed/', fixtureHtml('linkedin/feed.html'));
  const feed = await context.newPage();
  await feed.goto('https://www.linkedin.com/feed/');

  await chooseToolbar(options);
  // Applied to open tabs at once.
  await expect.poll(() => iconTitle(serviceWorker, byShortcut)).toBe('Metrikia Companion: capture this profile');
  await expect.poll(() => iconTitle(serviceWorker, feed)).toBe('Metrikia Companion: not a profile page');

  await pressCaptureShortcut(serviceWorker, byShortcut);
  const [lead] = await api.waitForLeads(1);
  expect(lead?.payload).toMatchObject({ profileUrl: profileUrl('toolbar-shortcut'), firstName: 'Jane', lastName: 'Doe' });
  await expect.poll(() => iconTitle(serviceWorker, byShortcut)).toMatch(/^Metrikia Companion: captured on \d{1,2} \w{3} \d{4}$/);

  // A page opened after the switch, captured from the real action popup.
  const byPopup = await openProfileAs(context, 'toolbar-popup');
  await expect.poll(() => iconTitle(serviceWorker, byPopup)).toBe('Metrikia Companion: capture this profile');
  const popup = await openActionPopup(serviceWorker, options, byPopup);
  await expect.poll(() => popup.text('#tab-capture-label')).toBe('Capture');
  await popup.click('#tab-capture');
  await expect.poll(() => popup.text('#tab-capture-label')).toBe('Captured');
  await expect.poll(() => iconTitle(serviceWorker, byPopup)).toMatch(/^Metrikia Companion: captured on /);
  await popup.close();
  expect(api.leads().map((stored) => stored.payload.profileUrl).sort()).toEqual([profileUrl('toolbar-popup'), profileUrl('toolbar-shortcut')]);

  // Coming back later: captured in the last 7 days, from the lead cache.
  const again = await openProfileAs(context, 'toolbar-shortcut');
  await expect.poll(() => iconTitle(serviceWorker, again)).toMatch(/^Metrikia Companion: captured on /);

  // The waiting count stays readable on every tab: a capture made offline waits, and every tab's
  // badge says 1 while that tab's icon says what it is.
  await context.setOffline(true);
  const offline = await openProfileAs(context, 'toolbar-offline');
  await expect.poll(() => iconTitle(serviceWorker, offline)).toBe('Metrikia Companion: capture this profile');
  await pressCaptureShortcut(serviceWorker, offline);
  await expect.poll(() => iconTitle(serviceWorker, offline)).toBe('Metrikia Companion: captured, waiting to be sent');
  await expect.poll(() => badgeOf(serviceWorker, offline)).toBe('1');
  expect(await badgeOf(serviceWorker, feed)).toBe('1');
  expect(await badgeText(serviceWorker)).toBe('1');
  await context.setOffline(false);

  // Back to "On the page": the tabs' icons are the default again, at once.
  await options.bringToFront();
  await options.getByRole('radio', { name: 'On the page' }).check();
  await expect.poll(() => iconTitle(serviceWorker, byPopup)).toBe('Metrikia Companion');
  await expect.poll(() => iconTitle(serviceWorker, feed)).toBe('Metrikia Companion');
});

test('toolbar mode: a MutationObserver on the page records no node from us during a whole session, while the popup and the shortcut capture', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  const options = await connectKey(context, extensionId);
  await chooseToolbar(options);

  // Once parsed, the page changes nothing itself: from then on it records every node added to, and
  // every attribute changed in, its whole document.
  const watcher = `<script>
    window.__seen = [];
    document.addEventListener('DOMContentLoaded', () => {
      window.__elements = document.getElementsByTagName('*').length;
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) window.__seen.push(node.nodeName);
          if (record.type === 'attributes') window.__seen.push('@' + record.attributeName + ' on ' + record.target.nodeName);
        }
      }).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    });
  </script>`;
  const html = fixtureHtml('linkedin/old-layout.html').replaceAll('/in/jane-doe/', '/in/watched-page/').replace('<head>', `<head>${watcher}`);
  const url = `${profileUrl('watched-page')}/`;
  await servePage(context, url, html);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForLoadState('load');

  const popup = await openActionPopup(serviceWorker, options, page);
  await expect.poll(() => popup.text('#tab-capture-label')).toBe('Capture');
  await popup.click('#tab-capture');
  await expect.poll(() => popup.text('#tab-capture-label')).toBe('Captured');
  await popup.close();
  await pressCaptureShortcut(serviceWorker, page);
  await expect.poll(() => api.leadRequests().length).toBe(2);
  await page.waitForTimeout(500);

  const watched = await page.evaluate(() => {
    const state = window as unknown as { __seen: string[]; __elements: number };
    return { seen: state.__seen, elementsThen: state.__elements, elementsNow: document.getElementsByTagName('*').length };
  });
  expect(watched.seen).toEqual([]);
  expect(watched.elementsNow).toBe(watched.elementsThen);
  expect(api.leads().map((lead) => lead.payload.profileUrl)).toEqual([profileUrl('watched-page')]);
});

/** What the worker did meanwhile: its longest stall (a 10 ms timer's worst lateness), tab updates and icon calls. */
interface WorkerLoad {
  stallMs: number;
  tabUpdates: number;
  setIcon: number;
  setTitle: number;
}

/** Starts measuring the worker: its event loop's lateness, the tab updates it hears, and the icon calls it makes. */
async function watchWorker(serviceWorker: Worker): Promise<() => Promise<WorkerLoad>> {
  await serviceWorker.evaluate(() => {
    const load = { stallMs: 0, tabUpdates: 0, setIcon: 0, setTitle: 0 };
    (globalThis as unknown as { __load: typeof load }).__load = load;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      load.stallMs = Math.max(load.stallMs, now - last - 10);
      last = now;
    }, 10);
    chrome.tabs.onUpdated.addListener((_tabId, change) => {
      if (change.url !== undefined) load.tabUpdates += 1;
    });
    const { action } = chrome;
    const setIcon = action.setIcon.bind(action);
    const setTitle = action.setTitle.bind(action);
    action.setIcon = (details) => ((load.setIcon += 1), setIcon(details));
    action.setTitle = (details) => ((load.setTitle += 1), setTitle(details));
  });
  return () => serviceWorker.evaluate(() => ({ ...(globalThis as unknown as { __load: WorkerLoad }).__load }));
}

test('toolbar mode under a pushState storm: the worker never stalls past 50 ms, and draws once, the last profile (issue 21)', async ({
  context,
  extensionId,
  api,
  serviceWorker,
}) => {
  const options = await connectKey(context, extensionId);
  await chooseToolbar(options);
  // A single-page app: every address of www.linkedin.com gets the profile page.
  await servePage(context, `${profileUrl('storm-end')}/`, fixtureHtml('linkedin/old-layout.html').replaceAll('/in/jane-doe/', '/in/storm-end/'), { spa: true });
  const page = await context.newPage();
  await page.goto(`${profileUrl('storm-end')}/`);
  await pressCaptureShortcut(serviceWorker, page);
  await api.waitForLeads(1);
  await expect.poll(() => iconTitle(serviceWorker, page)).toMatch(/^Metrikia Companion: captured on /);
  await page.evaluate(() => history.pushState({}, '', '/in/storm-start/'));
  await expect.poll(() => iconTitle(serviceWorker, page)).toBe('Metrikia Companion: capture this profile');
  const load = await watchWorker(serviceWorker);

  // 5 s of continuous pushState through profiles never captured, as fast as the page can, ending
  // on the one captured before: only that last address may be drawn.
  const pushed = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const end = performance.now() + 5000;
        let count = 0;
        const burst = () => {
          for (let i = 0; i < 20; i += 1) history.pushState({}, '', `/in/storm-${(count += 1)}/`);
          if (performance.now() < end) return void setTimeout(burst, 0);
          history.pushState({}, '', '/in/storm-end/');
          resolve(count + 1);
        };
        burst();
      }),
  );
  await expect.poll(() => iconTitle(serviceWorker, page)).toMatch(/^Metrikia Companion: captured on /);
  const seen = await load();
  expect(pushed).toBeGreaterThan(1000);
  expect(seen.tabUpdates).toBeGreaterThan(1000);
  expect(seen.stallMs).toBeLessThanOrEqual(50);
  expect(seen).toMatchObject({ setIcon: 1, setTitle: 1 });
});
