/**
 * The service worker's wiring: builds the delivery pipeline over the real browser APIs and
 * registers every listener synchronously (an MV3 worker that registers late misses the event that
 * woke it). The decisions live in lib/worker/delivery.ts and lib/worker/handlers.ts.
 */
import { browser } from 'wxt/browser';
import { createApiClient } from './api';
import { createDelivery } from './delivery';
import { createLeadCache, type LeadCache } from './lead-cache';
import { createOutbox } from './outbox';
import type { TabRequest, TabState } from '../shared/messages';
import { apiKeyItem, connectionItem, deliveryStateItem, settingsItem } from '../shared/storage';
import { appTranslator } from '../shared/i18n/localize';
import { badgeColor, badgeText } from './badge';
import { coalesce } from '../shared/coalesce';
import { createBulkResults } from './bulk-capture';
import { createCaptureStates } from './capture-states';
import { captureInTab } from './capture-handler';
import { createMessageHandler } from './handlers';
import { answerPage } from './capture-handler';
import { buttonStateOfStatus } from './page-answer';
import { createPageTabs } from './page-tabs';
import { createToolbarIndicator } from './toolbar';
import { TOOLBAR_ICON_SIZES, drawToolbarIcon } from './toolbar-icon';
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

/** The per-tab toolbar icon and title, drawn from the lead cache and the settings. */
function createToolbar(leadCache: LeadCache) {
  return createToolbarIndicator({
    settings: () => settingsItem.get(),
    lookup: (profileUrl) => leadCache.lookup(profileUrl),
    translator: (settings) => appTranslator(settings.language, browser.i18n.getUILanguage()),
    async setTabAction(tabId, view) {
      const imageData: Record<string, ImageData> = {};
      if (view && view.mark !== 'none') {
        for (const size of TOOLBAR_ICON_SIZES) {
          const drawn = drawToolbarIcon(view.mark, size);
          if (drawn) imageData[size] = drawn;
        }
      }
      await Promise.all([
        browser.action.setTitle({ tabId, title: view?.title ?? browser.i18n.getMessage('extensionName') }),
        Object.keys(imageData).length > 0
          ? browser.action.setIcon({ tabId, imageData })
          : browser.action.setIcon({ tabId, path: DEFAULT_ICON }),
      ]);
    },
    listTabs: () => browser.tabs.query({}),
  });
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
  const toolbar = createToolbar(leadCache);
  /** The icon is a hint: failing to draw it must never fail a capture or a drain. */
  const quietly = (task: Promise<unknown>) => void task.catch(() => undefined);

  const refreshBadge = coalesce(async () => {
    try {
      const status = await delivery.badge();
      await browser.action.setBadgeText({ text: badgeText(status) });
      await browser.action.setBadgeBackgroundColor({ color: badgeColor(status) });
    } catch {
      // The badge is a hint; failing to draw it must never fail a capture or a drain.
    }
  }, { now: () => Date.now(), minIntervalMs: 250 });
  // A delivery may turn a waiting capture into a captured one: the icons follow, a few times a second at most.
  const refreshToolbar = coalesce(() => toolbar.refreshAll().catch(() => undefined), { now: () => Date.now(), minIntervalMs: 250 });

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
      void refreshToolbar();
    },
    now: () => Date.now(),
    random: () => Math.random(),
  });

  const tabCapture = {
    sendToTab: (tabId: number, request: TabRequest) => browser.tabs.sendMessage(tabId, request),
    onTabState: (tabId: number, state: TabState) => quietly(toolbar.showOutcome(tabId, state)),
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
  browser.tabs.onRemoved.addListener((tabId) => pageTabs.forget(tabId));
  browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
    if (changeInfo.url !== undefined) pageTabs.navigated(tabId, changeInfo.url);
  });

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
      void leadCache.prune().then(refreshToolbar);
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
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === CAPTURE_COMMAND && tab?.id !== undefined) void captureInTab(tabCapture, tab.id);
  });
  browser.tabs.onUpdated.addListener((tabId, changeInfo, tab) => {
    // `url` is reported for our host permissions only (LinkedIn, Instagram): elsewhere the
    // icon says "not a profile page", which is true.
    if (changeInfo.url !== undefined || changeInfo.status === 'complete') quietly(toolbar.updateTab(tabId, tab.url));
    if (changeInfo.url !== undefined) bulkResults.forget(tabId);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    toolbar.forget(tabId);
    bulkResults.forget(tabId);
  });
  // Not settingsItem.watch(): defining that item runs its migration check, a storage.sync read
  // every worker start would pay before answering the event that woke it. And storage.sync's own
  // event, so that the lead cache's writes to storage.local are not delivered here.
  browser.storage.sync.onChanged.addListener((changes) => {
    if (settingsItem.key.slice('sync:'.length) in changes) void refreshToolbar();
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
