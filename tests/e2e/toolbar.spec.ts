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
import { gunzipSync } from 'node:zlib';
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

/** What the worker did meanwhile: the tab updates it heard and the icon calls it made. */
interface WorkerLoad {
  tabUpdates: number;
  setIcon: number;
  setTitle: number;
}

/** Starts counting, in the worker, the tab updates it hears and the icon calls it makes. */
async function watchWorker(serviceWorker: Worker): Promise<() => Promise<WorkerLoad>> {
  await serviceWorker.evaluate(() => {
    const load = { tabUpdates: 0, setIcon: 0, setTitle: 0 };
    (globalThis as unknown as { __load: typeof load }).__load = load;
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

/** One event of a Chromium trace (its traceEvents); times in microseconds. */
interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The tasks of the extension's service worker thread, from the tasks every thread ran meanwhile. */
interface WorkerTasks {
  count: number;
  /** The longest task's time on the CPU (thread time): how long the worker's own work held its event loop. */
  longestCpuMs: number;
  /** The same task's wall time, descheduled time included. */
  longestWallMs: number;
}

/**
 * Traces every thread's tasks from now until the returned function is called. A trace taken from a
 * page's session includes the extension's process (measured): its service worker is the one thread
 * named "ServiceWorker thread", the pages here having none.
 */
async function traceTasks(page: Page): Promise<() => Promise<WorkerTasks>> {
  const cdp = await page.context().newCDPSession(page);
  // RunTask: one event per task a thread runs, with its wall (dur) and thread (tdur) time. Read
  // back as one gzipped stream: sent as events over the session, a storm's trace took 6 s, not 4.
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    streamCompression: 'gzip',
    traceConfig: { includedCategories: ['disabled-by-default-devtools.timeline', '__metadata'] },
  });
  return async () => {
    const complete = new Promise<{ stream?: string; dataLossOccurred: boolean }>((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    const { stream: handle, dataLossOccurred } = await complete;
    // A full buffer stops recording: the worker's last tasks would be missing, unseen.
    expect(dataLossOccurred, 'trace buffer full').toBe(false);
    if (handle === undefined) throw new Error('no trace stream');
    const chunks: Buffer[] = [];
    for (let eof = false; !eof; ) {
      const chunk = await cdp.send('IO.read', { handle, size: 1 << 20 });
      chunks.push(Buffer.from(chunk.data, chunk.base64Encoded ? 'base64' : 'utf8'));
      eof = chunk.eof;
    }
    await cdp.send('IO.close', { handle });
    await cdp.detach();
    const { traceEvents: events } = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as { traceEvents: TraceEvent[] };
    const workers = events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'ServiceWorker thread');
    expect(workers, 'one service worker thread in the trace').toHaveLength(1);
    const [{ pid, tid }] = workers as [TraceEvent];
    const tasks = events.filter((event) => event.pid === pid && event.tid === tid && event.ph === 'X' && event.name === 'RunTask');
    const longest = tasks.reduce((most, task) => ((task.tdur ?? 0) > (most.tdur ?? 0) ? task : most), { tdur: 0, dur: 0 } as Partial<TraceEvent>);
    return { count: tasks.length, longestCpuMs: (longest.tdur ?? 0) / 1000, longestWallMs: (longest.dur ?? 0) / 1000 };
  };
}

test('toolbar mode under a pushState storm: no task of the worker holds its event loop past 50 ms, and it draws once, the last profile (issue 21)', async ({
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
  const tasks = await traceTasks(page);

  // 1,000 pushState through profiles never captured, 20 per task, as fast as the page can, ending
  // on the one captured before: only that last address may be drawn. The worker's event loop is
  // measured by its tasks' thread time, not by a timer's lateness: on 2 cores the browser process
  // handling the navigations and the page pushing them keep the worker's thread off the CPU for
  // 200 ms at a time even when its listener does nothing (measured), which is no work of ours.
  // A count, not a time: the browser handles about one navigation per 8 ms here (12 traced), so 5 s
  // of pushing (1,700 to 2,600 of them) took 17 to 25 s to reach the worker.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let count = 0;
        const burst = () => {
          for (let i = 0; i < 20; i += 1) history.pushState({}, '', `/in/storm-${(count += 1)}/`);
          if (count < 1000) return void setTimeout(burst, 0);
          history.pushState({}, '', '/in/storm-end/');
          resolve();
        };
        burst();
      }),
  );
  await expect.poll(() => iconTitle(serviceWorker, page)).toMatch(/^Metrikia Companion: captured on /);
  const worker = await tasks();
  const seen = await load();
  test.info().annotations.push({ type: 'storm', description: JSON.stringify({ ...seen, ...worker }) });
  expect(seen.tabUpdates).toBeGreaterThan(1000);
  // The trace saw the worker hear the storm: each tab update is at least one of its tasks.
  expect(worker.count).toBeGreaterThan(seen.tabUpdates);
  expect(worker.longestCpuMs).toBeLessThanOrEqual(50);
  expect(seen).toMatchObject({ setIcon: 1, setTitle: 1 });
});
