/**
 * A welcome on the first install: the settings page opens as a welcome (lib/shared/welcome.ts).
 * Not on an update, nor on Chrome's own: a rep who set the extension up is not sent back to it.
 */
import { browser } from 'wxt/browser';
import { WELCOME_PAGE } from '../shared/welcome';

/** runtime.onInstalled's listener. */
export async function welcomeOnInstall(details: { reason: string }): Promise<void> {
  if (details.reason !== 'install') return;
  await browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PAGE) });
}
