/**
 * The service worker's wiring: builds the delivery pipeline over the real browser APIs and
 * registers every listener synchronously (an MV3 worker that registers late misses the event that
 * woke it). The decisions live in lib/delivery.ts and lib/background/handlers.ts.
 */
import { browser } from 'wxt/browser';
import { createApiClient } from '../api';
import { createDelivery } from '../delivery';
import { createLeadCache } from '../lead-cache';
import { createOutbox } from '../outbox';
import { apiKeyItem, connectionItem, deliveryStateItem, settingsItem } from '../storage';
import { badgeText } from './badge';
import { coalesce } from '../coalesce';
import { createMessageHandler } from './handlers';

/** One alarm wakes the worker for the earliest retry; one prunes the lead cache daily. */
export const ALARMS = { outboxRetry: 'outbox-retry', leadCachePrune: 'lead-cache-prune' } as const;

export function startBackground(): void {
  const api = createApiClient();
  const outbox = createOutbox();
  const leadCache = createLeadCache();

  const refreshBadge = coalesce(async () => {
    try {
      const status = await delivery.status();
      await browser.action.setBadgeText({ text: badgeText(status) });
      await browser.action.setBadgeBackgroundColor({ color: status.keyRejected ? '#B91C1C' : '#4338CA' });
    } catch {
      // The badge is a hint; failing to draw it must never fail a capture or a drain.
    }
  }, { minIntervalMs: 250 });

  async function scheduleWakeUp(at: number | null): Promise<void> {
    if (at === null) await browser.alarms.clear(ALARMS.outboxRetry);
    else await browser.alarms.create(ALARMS.outboxRetry, { when: Math.max(at, Date.now() + 1000) });
  }

  const delivery = createDelivery({
    outbox,
    api,
    leadCache,
    getApiKey: () => apiKeyItem.get(),
    deliveryState: deliveryStateItem,
    scheduleWakeUp,
    onChange: () => void refreshBadge(),
    now: () => Date.now(),
    random: () => Math.random(),
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
    now: () => Date.now(),
    openOptionsPage: () => browser.runtime.openOptionsPage(),
    sendToTab: (tabId, request) => browser.tabs.sendMessage(tabId, request),
    refreshBadge,
    // Never a name, a URL or the key: only what kind of thing happened.
    log: (message, details) => console.warn(`[Metrikia Companion] ${message}`, details),
  });

  async function ensureAlarms(): Promise<void> {
    if (!(await browser.alarms.get(ALARMS.leadCachePrune))) {
      await browser.alarms.create(ALARMS.leadCachePrune, { periodInMinutes: 24 * 60 });
    }
    // A drain sends what is due and re-creates the retry alarm for the rest.
    await delivery.drain();
    await refreshBadge();
  }

  browser.runtime.onMessage.addListener(handleMessage);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARMS.outboxRetry) void delivery.drain().then(refreshBadge);
    if (alarm.name === ALARMS.leadCachePrune) void leadCache.prune();
  });
  // Install, update and browser start each start a fresh worker, whose start-up below already
  // re-creates the alarms: the listeners only make sure Chrome wakes the worker for them, and
  // share that one start-up instead of draining a second time.
  let startUp: Promise<void> | null = null;
  const ensureStarted = (): Promise<void> => (startUp ??= ensureAlarms());
  browser.runtime.onInstalled.addListener(() => void ensureStarted());
  browser.runtime.onStartup.addListener(() => void ensureStarted());
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'capture-profile' && tab?.id !== undefined) {
      void browser.tabs.sendMessage(tab.id, { type: 'capture-request' }).catch(() => undefined);
    }
  });

  // Content scripts may not read storage.local at all: the key is for trusted contexts only.
  void browser.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
  void leadCache.prune();
  void ensureStarted();
}
