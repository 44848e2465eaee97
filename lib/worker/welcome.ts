/**
 * A welcome on the first install: the settings page opens as a welcome (lib/shared/welcome.ts).
 * Not on an update, nor on Chrome's own: a rep who set the extension up is not sent back to it.
 */
import { browser } from 'wxt/browser';
import { apiKeyItem } from '../shared/storage';
import { WELCOME_PAGE } from '../shared/welcome';

/** runtime.onInstalled's listener. */
export async function welcomeOnInstall(details: { reason: string }): Promise<void> {
  if (details.reason !== 'install') return;
  // Chromium also says 'install' at every start of a browser given the extension by
  // --load-extension, its storage kept (measured: three launches on one profile, three installs):
  // with a key connected there is nothing to welcome the rep to.
  if ((await apiKeyItem.get()) !== null) return;
  await browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PAGE) });
}
