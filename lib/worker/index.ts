/**
 * The service worker's wiring: builds the delivery pipeline over the real browser APIs and
 * registers every listener synchronously (an MV3 worker that registers late misses the event that
 * woke it). The decisions live in lib/worker/delivery.ts and lib/worker/handlers.ts.
 */
import { browser } from 'wxt/browser';
import { createApiClient } from './api';
import { createDelivery } from './delivery';
import { createLeadCache } from './lead-cache';
import { createOutbox } from './outbox';
import type { TabRequest } from '../shared/messages';
import { apiKeyItem, connectionItem, deliveryStateItem, settingsItem, type Settings } from '../shared/storage';
import { appTranslator } from '../shared/i18n/localize';
import { capturablePage } from '../shared/capturable-page';
import { coalesce } from '../shared/coalesce';
import { createAppEvents } from './app-events';
import { badgeView, type BadgeView } from './badge';
import { createBulkResults } from './bulk-capture';
import { createCaptureStates, type CaptureStates } from './capture-states';
import { answerPage, captureInTab } from './capture-handler';
import { createMessageHandler } from './handlers';
import { buttonStateOfStatus } from './page-answer';
import { createPageTabs } from './page-tabs';
import { createTabAddresses, type TabAddresses } from './tab-addresses';
import { createToolbarIndicator } from './toolbar';
import { toolbarIconImages } from './toolbar-icon';
import { welcomeOnInstall } from './welcome';

/** The manifest's command for the capture shortcut. */
export const CAPTURE_COMMAND = 'capture-profile';

const DEFAULT_ICON = { 16: 'icons/16.png', 32: 'icons/32.png' };

/** One alarm wakes the worker for the earliest retry; one prunes the lead cache daily. */
export const ALARMS = { outboxRetry: 'outbox-retry', leadCachePrune: 'lead-cache-prune' } as const;

/** The lead cache is written at most this often during a drain; the first write goes at once. */
const LEAD_CACHE_WRITE_EVERY_MS = 1000;

/** Wake-ups closer than this are also timed in the worker (see scheduleWakeUp). */
const SOON_MS = 30_000;

/** How long a fresh worker leaves to the event that woke it before its own start-up work. */
const START_UP_DELAY_MS = 1000;

/** The per-tab toolbar icon and title, drawn from each profile's capture state and the settings. */
function createToolbar(captureStates: CaptureStates, addresses: TabAddresses) {
  // The settings from memory: read once, and again after each change (the wiring's storage listener).
  let settings: Promise<Settings> | null = null;
  const toolbar = createToolbarIndicator({
    settings: () => (settings ??= settingsItem.get()),
    captureStatus: async (profileUrl) => (await captureStates.get(profileUrl)).status,
    addresses,
    translator: (current) => appTranslator(current.language, browser.i18n.getUILanguage()),
    async setTabAction(tabId, view) {
      const imageData = view && view.mark !== 'none' ? toolbarIconImages(view.mark) : null;
      await Promise.all([
        browser.action.setTitle({ tabId, title: view?.title ?? browser.i18n.getMessage('extensionName') }),
        imageData ? browser.action.setIcon({ tabId, imageData }) : browser.action.setIcon({ tabId, path: DEFAULT_ICON }),
      ]);
    },
    listTabs: () => browser.tabs.query({}),
    setTimer(callback, ms) {
      const timer = setTimeout(callback, ms);
      return () => clearTimeout(timer);
    },
  });
  return {
    ...toolbar,
    settingsChanged(): Promise<void> {
      settings = null;
      return toolbar.refreshAll();
    },
  };
}

/**
 * Delivery's scheduleWakeUp over the retry alarm. The alarm outlives the worker; a timer is on
 * time. Chrome fires an alarm no sooner than a second from now (30 s for a packed extension) and
 * late by up to a second more, while a 429's Retry-After is often one second: a worker still
 * alive calls `drain` at the time itself, and the alarm stays set in case it is stopped first.
 */
function wakeUps(drain: () => void): (at: number | null) => Promise<void> {
  let soon: ReturnType<typeof setTimeout> | undefined;
  return async (at) => {
    clearTimeout(soon);
    if (at === null) return void (await browser.alarms.clear(ALARMS.outboxRetry));
    const delay = at - Date.now();
    if (delay < SOON_MS) soon = setTimeout(drain, Math.max(delay, 50));
    await browser.alarms.create(ALARMS.outboxRetry, { when: Math.max(at, Date.now() + 1000) });
  };
}

export function startBackground(): void {
  const api = createApiClient();
  const outbox = createOutbox();
  const leadCache = createLeadCache({ now: () => Date.now(), writeEveryMs: LEAD_CACHE_WRITE_EVERY_MS });

  const captureStates = createCaptureStates({ outbox, leadCache });
  const tabAddresses = createTabAddresses();
  const toolbar = createToolbar(captureStates, tabAddresses);
  const appEvents = createAppEvents({
    send: (event) => browser.runtime.sendMessage(event),
    setTimer: (callback, ms) => void setTimeout(callback, ms),
  });
  /** The icon is a hint: failing to draw it must never fail a capture or a drain. */
  const quietly = (task: Promise<unknown>) => void task.catch(() => undefined);

  let badgeShown: BadgeView | null = null;
  const refreshBadge = coalesce(async () => {
    try {
      const view = badgeView(await delivery.badge());
      if (view.text === badgeShown?.text && view.colour === badgeShown.colour) return;
      await browser.action.setBadgeText({ text: view.text });
      await browser.action.setBadgeBackgroundColor({ color: view.colour });
      badgeShown = view;
    } catch {
      // The badge is a hint; failing to draw it must never fail a capture or a drain.
    }
  }, { now: () => Date.now(), minIntervalMs: 250 });

  // The views follow the one owner of capture states (issue 20): the icons of the tabs showing a
  // profile whose capture changed, and our open pages.
  captureStates.subscribe((event) => {
    appEvents.capture(event);
    quietly(toolbar.captureChanged(event.kind === 'erased' ? null : event.profileUrl));
  });

  const scheduleWakeUp = wakeUps(() => void delivery.drain().then(refreshBadge, () => undefined));

  const delivery = createDelivery({
    outbox,
    api,
    leadCache,
    getApiKey: () => apiKeyItem.get(),
    deliveryState: deliveryStateItem,
    captureStates,
    scheduleWakeUp,
    onChange: () => {
      void refreshBadge();
      appEvents.queueChanged();
    },
    now: () => Date.now(),
    random: () => Math.random(),
  });

  const tabCapture = {
    sendToTab: (tabId: number, request: TabRequest) => browser.tabs.sendMessage(tabId, request),
    tabAddress: async (tabId: number) => (await browser.tabs.get(tabId)).url ?? null,
  };

  const bulkResults = createBulkResults();
  // Every tab of ours showing a profile follows its capture's state (issue 20): pushed, not polled.
  const uiLanguage = () => browser.i18n.getUILanguage();
  const pageTabs = createPageTabs({
    sendToTab: tabCapture.sendToTab,
    state: (profileUrl) => captureStates.get(profileUrl),
    answer: async (state, profileUrl) =>
      answerPage({ settings: settingsItem, uiLanguage }, buttonStateOfStatus(state.status, (await apiKeyItem.get()) !== null), profileUrl, -1),
  });
  captureStates.subscribe(pageTabs.onCaptureEvent);

  const handleMessage = createMessageHandler({
    extensionId: browser.runtime.id,
    api,
    delivery,
    outbox,
    leadCache,
    apiKey: apiKeyItem,
    connection: connectionItem,
    deliveryState: deliveryStateItem,
    settings: settingsItem,
    captureStates,
    uiLanguage,
    pageTabs,
    now: () => Date.now(),
    openOptionsPage: () => browser.runtime.openOptionsPage(),
    ...tabCapture,
    refreshBadge,
    bulkResults,
    // Never a name, a URL or the key: only what kind of thing happened.
    log: (message, details) => console.warn(`[Metrikia Companion] ${message}`, details),
  });

  /**
   * What a fresh worker owes the queue: the prune alarm, a drain (what is due, a request cut short
   * by the last worker's death, the retry alarm for the rest), the badge and a lead-cache prune.
   * None of it is what woke the worker, so it runs once that event has had the worker to itself.
   */
  async function startUpWork(): Promise<void> {
    if (!(await browser.alarms.get(ALARMS.leadCachePrune))) {
      await browser.alarms.create(ALARMS.leadCachePrune, { periodInMinutes: 24 * 60 });
    }
    void leadCache.prune().catch(() => undefined);
    // A drain sends what is due and re-creates the retry alarm for the rest.
    await delivery.drain();
    await refreshBadge();
  }

  browser.runtime.onMessage.addListener(handleMessage);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARMS.outboxRetry) void delivery.drain().then(refreshBadge);
    if (alarm.name === ALARMS.leadCachePrune) {
      // Profiles captured 8 days ago are capturable again; no capture state tells of it.
      void leadCache.prune().then(() => toolbar.refreshAll());
      // The drain's expiry step also removes unreadable outbox records past 7 days, idle or not.
      void delivery.drain().then(refreshBadge);
    }
  });
  // Install, update and browser start are what the start-up work is for: it runs at once for
  // them, and only once per worker (the deferred run below then finds it done).
  let startUp: Promise<void> | null = null;
  const ensureStarted = (): Promise<void> => (startUp ??= startUpWork());
  browser.runtime.onInstalled.addListener(() => void ensureStarted());
  browser.runtime.onStartup.addListener(() => void ensureStarted());
  browser.runtime.onInstalled.addListener(welcomeOnInstall);
  // The shortcut takes the popup's route: one function asks the tab's content script to capture.
  // What it captures is the page the rep saw: the address shown for half a second by then, not
  // one a page switched to as the keys went down (issue 21); the tab refuses another, on the page.
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== CAPTURE_COMMAND || tab?.id === undefined) return;
    // Where the worker heard of no address before the current young one (it may have been asleep
    // when the tab loaded), the tab's own check refuses an address younger than 0.5 s.
    const seen = tabAddresses.seen(tab.id, Date.now());
    const expectedPage = capturablePage(seen ?? tab.url ?? '');
    if (expectedPage !== null) void captureInTab(tabCapture, tab.id, { expectedPage }, { checkAddressFirst: false });
  });
  browser.tabs.onUpdated.addListener((tabId, changeInfo, tab) => {
    // `url` is reported for our host permissions only (LinkedIn, Instagram): elsewhere the
    // icon says "not a profile page", which is true. A page may report a new address a thousand
    // times a second: each costs a map write and a timer here, and the icon is drawn once it settles.
    if (changeInfo.url !== undefined) {
      tabAddresses.set(tabId, changeInfo.url, Date.now());
      bulkResults.forget(tabId);
      pageTabs.navigated(tabId, changeInfo.url);
    }
    if (changeInfo.url !== undefined || changeInfo.status === 'complete') {
      if (changeInfo.url === undefined) tabAddresses.learn(tabId, tab.url);
      toolbar.tabChanged(tabId);
    }
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    toolbar.forget(tabId);
    bulkResults.forget(tabId);
    tabAddresses.forget(tabId);
    pageTabs.forget(tabId);
  });
  // Not settingsItem.watch(): defining that item runs its migration check, a storage.sync read
  // every worker start would pay before answering the event that woke it. And storage.sync's own
  // event, so that the lead cache's writes to storage.local are not delivered here.
  browser.storage.sync.onChanged.addListener((changes) => {
    if (settingsItem.key.slice('sync:'.length) in changes) quietly(toolbar.settingsChanged());
  });

  // Content scripts may not read storage.local at all: the key is for trusted contexts only.
  void browser.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
  // What nearly every waking event reads (a popup's get-status, a page's page-status or capture,
  // an alarm's drain): the outbox's memory, the lead cache, the delivery state. Read now, while
  // Chrome is still dispatching the event, instead of after it arrives; each is read once.
  void Promise.all([outbox.summary(), leadCache.count(), delivery.badge()]).catch(() => undefined);
  // Deferred: the event that woke the worker (a popup's get-status, a page's capture) is answered
  // first, without this start-up's outbox scan, storage reads and alarm calls competing with it.
  setTimeout(() => void ensureStarted().catch(() => undefined), START_UP_DELAY_MS);
}
