/** The settings page's entry point: Chrome's APIs wired into lib/pages/options/controller.ts, which does the rest. */
import { browser } from 'wxt/browser';
import { background } from '@/lib/pages/app-client';
import { startOptions } from '@/lib/pages/options/controller';
import { settingsItem } from '@/lib/shared/storage';

const root = document.getElementById('app');
if (!root) throw new Error('#app is missing from options.html');

startOptions({
  document,
  root,
  uiLanguage: browser.i18n.getUILanguage(),
  settings: {
    fallback: settingsItem.fallback,
    get: () => settingsItem.get(),
    set: (next) => settingsItem.set(next),
    watch: (callback) => void settingsItem.watch(callback),
  },
  background,
  download(text, name) {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  },
  onStaleStatus(callback) {
    browser.storage.onChanged.addListener((_changes, area) => {
      if (area === 'local') callback();
    });
    window.addEventListener('focus', callback);
  },
});
