/**
 * What the popup and the settings page take from Chrome the same way: the element they draw in,
 * the settings item, changes to storage.local (where the worker keeps the key, the delivery
 * state and the lead cache), and what the worker tells our pages.
 */
import { browser } from 'wxt/browser';
import { appEventSchema, type AppEvent } from '../shared/messages';
import { settingsItem, type Settings } from '../shared/storage';

/** The page's `<div id="app">`, which its view fills. */
export function appRoot(): Element {
  const root = document.getElementById('app');
  if (!root) throw new Error(`#app is missing from ${location.pathname}`);
  return root;
}

export const pageSettings = {
  fallback: settingsItem.fallback,
  get: (): Promise<Settings> => settingsItem.get(),
  set: (next: Settings): Promise<void> => settingsItem.set(next),
  watch: (callback: (next: Settings) => void): void => void settingsItem.watch(callback),
};

export function onLocalStorageChange(callback: () => void): void {
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'local') callback();
  });
}

/**
 * What the worker tells our open pages (lib/worker/app-events.ts), parsed where it enters. Content
 * scripts' and our other pages' messages reach this listener too: only our worker's (our
 * extension, no tab) that parse are taken, and none is answered, so the worker still answers them.
 */
export function onAppEvent(callback: (event: AppEvent) => void): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id !== browser.runtime.id || sender.tab !== undefined) return undefined;
    const event = appEventSchema.safeParse(message);
    if (event.success) callback(event.data);
    return undefined;
  });
}
