/**
 * The browser wiring of a content script, around lib/content/capture-controller.ts: the one setting,
 * messages with our own extension, in-app navigation, visibility, and the end of our context.
 *
 * Raw `chrome.*` on purpose (issue 15): no polyfill, no schema library, no storage helper, and no
 * WXT content-script context. That context announces itself to the page (`window.postMessage(…,
 * '*')` and a `CustomEvent` on `document` naming our extension id) and stops when the page
 * dispatches that event (issue 11), so the entrypoints are plain scripts that call this.
 * Nothing here writes to the page's globals, the console, or any attribute.
 */
import { readContentSettings, startCaptureController } from './capture-controller';
import type { ContentSite } from './content-site';
import type { ContentRequest } from '../shared/messages';

/** The few parts of the extension API a content script uses (no @types/chrome in the project). */
interface ChromeForContent {
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

declare const chrome: ChromeForContent;

/** How often we look whether our extension is still there (nothing tells a content script). */
const CONTEXT_CHECK_MS = 1000;

export function runContentScript(site: ContentSite): void {
  const alive = () => {
    try {
      return chrome.runtime?.id !== undefined;
    } catch {
      return false;
    }
  };
  const cleanups: (() => void)[] = [];
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    controller.destroy();
    for (const cleanup of cleanups.splice(0)) {
      try {
        cleanup();
      } catch {
        // the extension API may already be gone with the context
      }
    }
  };
  const listen = (target: EventTarget, type: string, listener: (event: Event) => void) => {
    const handler = (event: Event) => (alive() ? listener(event) : end());
    target.addEventListener(type, handler);
    cleanups.push(() => target.removeEventListener(type, handler));
  };

  const controller = startCaptureController({
    site,
    document,
    currentUrl: () => location.href,
    send(request) {
      if (!alive()) {
        end();
        return Promise.reject(new Error('extension context ended'));
      }
      return chrome.runtime.sendMessage(request).catch((error: unknown) => {
        if (!alive()) end();
        throw error;
      });
    },
    uiLanguage: chrome.i18n.getUILanguage(),
    now: () => performance.now(),
    setTimer(callback, ms) {
      const id = setTimeout(callback, ms);
      return () => clearTimeout(id);
    },
    whenIdle: (callback) => void requestIdleCallback(callback, { timeout: 2000 }),
    isVisible: () => document.visibilityState === 'visible',
  });

  // The one setting, read once at load and followed after: placement, language, this site on/off.
  void chrome.storage.sync
    .get('settings')
    .then((stored) => controller.applySettings(readContentSettings(stored.settings, site.source)))
    .catch(() => undefined);
  const onStorage: StorageListener = (changes, area) => {
    const change = changes.settings;
    if (area === 'sync' && change) controller.applySettings(readContentSettings(change.newValue, site.source));
  };
  chrome.storage.onChanged.addListener(onStorage);
  cleanups.push(() => chrome.storage.onChanged.removeListener(onStorage));

  // `currententrychange` fires after the address is updated (unlike `navigate`), so location.href
  // is the new profile. Chromium has the Navigation API; elsewhere the address is polled below.
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  if (navigation) listen(navigation, 'currententrychange', () => controller.onLocationChange());
  listen(document, 'visibilitychange', (event) => {
    // Only the browser's own event: a page can dispatch this one at will.
    if (!event.isTrusted) return;
    if (document.visibilityState === 'visible') controller.onVisible();
  });

  let lastAddress = location.href;
  const timer = setInterval(() => {
    if (!alive()) return end();
    if (!navigation && location.href !== lastAddress) {
      lastAddress = location.href;
      controller.onLocationChange();
    }
  }, CONTEXT_CHECK_MS);
  cleanups.push(() => clearInterval(timer));

  const onMessage: MessageListener = (message, sender, sendResponse) => {
    // Only our own extension (worker, popup) may drive the button; never a page or another tab.
    if (sender.id !== chrome.runtime.id || sender.tab) return undefined;
    const answer = controller.onTabRequest(message);
    if (!answer) return undefined;
    void answer.then(sendResponse);
    return true;
  };
  chrome.runtime.onMessage.addListener(onMessage);
  cleanups.push(() => chrome.runtime.onMessage.removeListener(onMessage));
}
