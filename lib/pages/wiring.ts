/**
 * What the popup and the settings page take from Chrome the same way: the element they draw in,
 * the settings item, and changes to storage.local (where the worker keeps the key, the delivery
 * state and the lead cache).
 */
import { browser } from 'wxt/browser';
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
