/** The popup's entry point: Chrome's APIs wired into lib/pages/popup/controller.ts, which does the rest. */
import { browser } from 'wxt/browser';
import { askTab, background } from '@/lib/pages/app-client';
import { startPopup } from '@/lib/pages/popup/controller';
import { appRoot, onAppEvent, onLocalStorageChange, pageSettings } from '@/lib/pages/wiring';

startPopup({
  document,
  root: appRoot(),
  uiLanguage: browser.i18n.getUILanguage(),
  settings: pageSettings,
  background,
  tabState: askTab,
  async activeTab() {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    // Chrome reveals the address only on our host permissions (LinkedIn, Instagram).
    return { id: tab?.id ?? null, url: tab?.url ?? null };
  },
  async shortcut() {
    const commands = await browser.commands.getAll();
    return commands.find((command) => command.name === 'capture-profile')?.shortcut ?? '';
  },
  openOptions: () => void browser.runtime.openOptionsPage(),
  // Extension pages may open this chrome:// page with tabs.create (a link to it does nothing).
  openShortcuts: () => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' }),
  onLocalStorageChange,
  onAppEvent,
  // The bench's "popup ready" (tests/bench/popup-ready.ts) reads these marks.
  onFirstFrame: () => void performance.mark('first-frame'),
  onReady() {
    performance.mark('ready');
    document.body.dataset['ready'] = 'true';
  },
});
