/** The settings page's entry point: Chrome's APIs wired into lib/pages/options/controller.ts, which does the rest. */
import { browser } from 'wxt/browser';
import { background } from '@/lib/pages/app-client';
import { startOptions } from '@/lib/pages/options/controller';
import { appRoot, onAppEvent, onLocalStorageChange, pageSettings } from '@/lib/pages/wiring';

startOptions({
  document,
  root: appRoot(),
  uiLanguage: browser.i18n.getUILanguage(),
  settings: pageSettings,
  background,
  download(text, name) {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  },
  onStaleStatus(callback) {
    onLocalStorageChange(callback);
    // Captures waiting or delivered change IndexedDB only, which no storage event reports.
    onAppEvent(() => callback());
    window.addEventListener('focus', callback);
  },
});
