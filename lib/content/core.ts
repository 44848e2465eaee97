/**
 * The content script's core (issue 22): the one setting, messages with our own extension, in-app
 * navigation, visibility and the end of our context, around the site's features
 * (lib/content/feature.ts) and the controller that serves them (lib/content/capture-controller.ts).
 *
 * Raw `chrome.*` on purpose (issue 15): no polyfill, no schema library, no storage helper, and no
 * WXT content-script context (it announces itself to the page and can be stopped by it, issue 11);
 * lib/content/context.ts gives ours the same face. Nothing here writes to the page's globals, the
 * console, or any attribute.
 *
 * "Only in the toolbar": the button's code (lib/content/capture-button.ts) is never run, nothing is
 * inserted and nothing is sent until our extension asks.
 */
import { startCaptureController } from './capture-controller';
import { createContentContext, type Timers } from './context';
import type { PageFeature } from './feature';
import type { ContentRequest, TabRequest } from '../shared/messages';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';

/**
 * How often the page is looked at: its address where it has no Navigation API, a replaced document,
 * and our host taken off the page. Issue 21 asks for the button back within a second of its removal:
 * looking twice a second keeps that true when the removal just follows a look and the timer runs
 * late on a busy page. Each look is a few property reads of our own host and the page's root.
 */
export const PAGE_CHECK_MS = 400;

/** The few parts of the extension API a content script uses (no @types/chrome in the project). */
export interface ChromeForContent {
  runtime: {
    /** Undefined once the extension is disabled, updated or removed under the page. */
    readonly id: string | undefined;
    sendMessage(message: ContentRequest): Promise<unknown>;
    onMessage: {
      addListener(listener: MessageListener): void;
      removeListener(listener: MessageListener): void;
    };
  };
  storage: {
    sync: { get(key: string): Promise<Record<string, unknown>> };
    onChanged: {
      addListener(listener: StorageListener): void;
      removeListener(listener: StorageListener): void;
    };
  };
  i18n: { getUILanguage(): string };
}
type MessageListener = (
  message: unknown,
  sender: { id?: string; tab?: unknown },
  sendResponse: (answer: unknown) => void,
) => boolean | undefined;
type StorageListener = (changes: Record<string, { newValue?: unknown }>, area: string) => void;

/**
 * The stored settings as this script uses them. Only our own extension pages write them (a page
 * cannot reach storage.sync), so their types are trusted; what a value lacks (settings written
 * before `placement` existed, or none at all) is lib/shared/settings.ts's default.
 */
export const settingsFrom = (stored: unknown): Settings => ({ ...DEFAULT_SETTINGS, ...(stored as Partial<Settings> | undefined) });

/** The page's window as the core uses it: its document, address and timers (fakes in tests). */
export interface ContentWindow extends Timers {
  document: Document;
  location: { readonly href: string };
  /** Chromium's Navigation API; elsewhere the address is polled every second. */
  navigation?: EventTarget;
  performance: { now(): number };
}

export function runContentScript(features: readonly PageFeature[], chrome: ChromeForContent, page: ContentWindow): void {
  const { document } = page;
  const context = createContentContext(() => chrome.runtime?.id !== undefined, page);

  const controller = startCaptureController({
    features,
    document,
    currentUrl: () => page.location.href,
    send(request) {
      if (!context.isValid) return Promise.reject(new Error('extension context ended'));
      return chrome.runtime.sendMessage(request).catch((error: unknown) => {
        void context.isValid; // ends the context if the extension went
        throw error;
      });
    },
    uiLanguage: chrome.i18n.getUILanguage(),
    now: () => page.performance.now(),
    context,
    isVisible: () => document.visibilityState === 'visible',
  });
  context.onInvalidated(() => controller.destroy());

  // The one setting, read once at load and followed after: placement, language, each site on/off.
  void chrome.storage.sync
    .get('settings')
    .then((stored) => controller.applySettings(settingsFrom(stored['settings'])))
    .catch(() => undefined);
  const onStorage: StorageListener = (changes, area) => {
    const change = changes['settings'];
    if (area === 'sync' && change) controller.applySettings(settingsFrom(change.newValue));
  };
  chrome.storage.onChanged.addListener(onStorage);
  context.onInvalidated(() => chrome.storage.onChanged.removeListener(onStorage));

  // `currententrychange` fires after the address is updated (unlike `navigate`), so location.href
  // is the new page. Elsewhere the address is polled below.
  if (page.navigation) context.addEventListener(page.navigation, 'currententrychange', () => controller.onLocationChange());
  context.addEventListener(document, 'visibilitychange', (event) => {
    // Only the browser's own event: a page can dispatch this one at will.
    if (event.isTrusted && document.visibilityState === 'visible') controller.onVisible();
  });

  let lastAddress = page.location.href;
  let root = document.documentElement;
  context.setInterval(() => {
    if (!page.navigation && page.location.href !== lastAddress) {
      lastAddress = page.location.href;
      controller.onLocationChange();
    }
    // document.open() removes every listener of the document: they are added back.
    if (document.documentElement !== root) {
      root = document.documentElement;
      context.rebind();
    }
    controller.tick();
  }, PAGE_CHECK_MS);

  const onMessage: MessageListener = (message, sender, sendResponse) => {
    // Only our own extension (worker, popup) may drive the button; never a page or another tab.
    // What it sends is the protocol's TabRequest (lib/shared/messages.ts): no second check here.
    if (sender.id !== chrome.runtime.id || sender.tab || !context.isValid) return undefined;
    const answer = controller.onTabRequest(message as TabRequest);
    if (!answer) return undefined;
    void answer.then(sendResponse);
    return true;
  };
  chrome.runtime.onMessage.addListener(onMessage);
  context.onInvalidated(() => chrome.runtime.onMessage.removeListener(onMessage));
}
