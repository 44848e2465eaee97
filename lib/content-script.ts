/**
 * The browser wiring shared by the LinkedIn and Instagram content scripts: messages, settings,
 * in-app navigation and idle-time insertion, around lib/capture-controller.ts.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startCaptureController } from './capture-controller';
import type { SiteSensor } from './sites/types';
import { settingsItem } from './storage';

/** Calls `onChange` after every same-document navigation (pushState, replaceState, back/forward). */
function watchAddress(ctx: ContentScriptContext, onChange: () => void): void {
  // `currententrychange` fires after the address is updated (unlike `navigate`, which fires
  // before), so reading location.href in the handler gives the new profile.
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  if (navigation && typeof navigation.addEventListener === 'function') {
    ctx.addEventListener(navigation, 'currententrychange', onChange);
    return;
  }
  let last = location.href;
  ctx.setInterval(() => {
    if (location.href === last) return;
    last = location.href;
    onChange();
  }, 500);
}

export function runCaptureContentScript(ctx: ContentScriptContext, sensor: SiteSensor): void {
  const controller = startCaptureController({
    sensor,
    document,
    currentUrl: () => location.href,
    sendToBackground: (request) => browser.runtime.sendMessage(request),
    loadSettings: () => settingsItem.get(),
    watchSettings: (callback) => ctx.onInvalidated(settingsItem.watch(callback)),
    uiLanguage: browser.i18n.getUILanguage(),
    whenIdle: (callback) => void ctx.requestIdleCallback(callback, { timeout: 2000 }),
  });

  watchAddress(ctx, () => controller.onLocationChange());
  ctx.addEventListener(document, 'visibilitychange', (event) => {
    // Only the browser's own event: a page can dispatch this one at will, and each would message
    // the worker (1,000 fake events made 1,000 page-status messages, tests/e2e/hostile-pages.spec.ts).
    if (event.isTrusted && document.visibilityState === 'visible') controller.onVisible();
  });

  const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    // Only our own extension (background, popup) may drive the button; never another page.
    if (sender.id !== browser.runtime.id || sender.tab) return undefined;
    return controller.onTabRequest(message);
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
}
