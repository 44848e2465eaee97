/**
 * Issue 24, point 5: the settings page opens on the first install, as a welcome, and not on an
 * update, nor once a key is connected (lib/worker/welcome.ts against WXT's fakeBrowser).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { apiKeyItem } from '@/lib/shared/storage';
import { isWelcome } from '@/lib/shared/welcome';
import { welcomeOnInstall } from '@/lib/worker/welcome';

/** The addresses of the tabs opened (fakeBrowser starts with one blank tab, which has none). */
const openedTabs = async () => (await fakeBrowser.tabs.query({})).flatMap((tab) => (tab.url === undefined ? [] : [tab.url]));

describe('the welcome on install', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    fakeBrowser.runtime.onInstalled.addListener(welcomeOnInstall);
  });

  it('opens the settings page as a welcome on the first install', async () => {
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    const urls = await openedTabs();
    expect(urls).toEqual(['chrome-extension://test-extension-id/options.html?welcome']);
    expect(isWelcome(new URL(urls[0] ?? '').search)).toBe(true);
  });

  it('opens nothing when a key is connected already (Chromium says install at each start of a --load-extension browser)', async () => {
    await apiKeyItem.set('mk_test_demo');
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    expect(await openedTabs()).toEqual([]);
  });

  it.each([
    { reason: 'update', previousVersion: '0.0.9' },
    { reason: 'chrome_update' },
    { reason: 'shared_module_update', id: 'abcdefghijklmnopabcdefghijklmnop' },
  ] satisfies Browser.runtime.InstalledDetails[])('opens nothing on $reason', async (details) => {
    await fakeBrowser.runtime.onInstalled.trigger(details);
    expect(await openedTabs()).toEqual([]);
  });

  it('the settings page is a welcome only when opened as one', () => {
    expect(isWelcome('?welcome')).toBe(true);
    expect(isWelcome('')).toBe(false);
    expect(isWelcome('?tab=data')).toBe(false);
  });
});
