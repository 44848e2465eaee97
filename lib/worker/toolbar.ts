/**
 * In "Only in the toolbar" mode the page shows nothing, so the toolbar icon tells, per tab, what
 * the button would: whether this page is a profile that can be captured, and what the worker knows
 * of its capture (lib/worker/capture-states.ts, the one owner: captured, waiting, refused). The
 * badge keeps showing the waiting count for every tab (lib/worker/badge.ts); this sets only the
 * per-tab icon and title. In "On the page" mode every tab we marked goes back to the default icon.
 *
 * Bounded whatever a page does (issue 21): a tab's address changes are drawn once the address has
 * been still for QUIET_MS (a page flipping through profiles with history.pushState costs one
 * drawing, of the last one), and nothing is set when the tab's mark and title did not change.
 *
 * Chrome gives the worker a tab's address (tabs.onUpdated, tabs.query) without the `tabs`
 * permission on the hosts we have access to, which are exactly the pages where a capture is possible.
 */
import type { AppMessageKey } from '../shared/i18n/app';
import { formatDate, type Locale, type Translate } from '../shared/i18n/translate';
import type { CaptureStatus } from '../shared/messages';
import { canonicalProfileUrl } from '../shared/profile-url';
import type { Settings } from '../shared/storage';
import type { TabAddresses } from './tab-addresses';

export type ToolbarMark = 'none' | 'capturable' | 'captured' | 'queued' | 'failed';

export interface ToolbarView {
  mark: ToolbarMark;
  title: string;
}

/** How long a tab's address must stay the same before its icon is drawn. */
export const QUIET_MS = 250;

/** What the icon says for a tab: pure, from whether it shows a profile and that profile's capture. */
export function toolbarView(page: { profile: boolean; status: CaptureStatus }, t: Translate<AppMessageKey>, locale: Locale): ToolbarView {
  if (!page.profile) return { mark: 'none', title: t('toolbarNoProfile') };
  const { status } = page;
  switch (status.state) {
    case 'none':
      return { mark: 'capturable', title: t('toolbarCapturable') };
    case 'sending':
      return { mark: 'queued', title: t('toolbarSending') };
    case 'queued':
      return { mark: 'queued', title: t('toolbarQueued') };
    case 'captured':
      return {
        mark: 'captured',
        title: status.existing ? t('toolbarExisting') : t('toolbarCaptured', { date: formatDate(locale, status.capturedAt) }),
      };
    case 'rejected':
      return { mark: 'failed', title: t('toolbarRejected') };
  }
}

export interface ToolbarDeps {
  /** The settings, from memory (the wiring reads them once and on each change). */
  settings(): Promise<Settings>;
  /** What the worker knows of a profile's capture. */
  captureStatus(profileUrl: string): Promise<CaptureStatus>;
  /** Each tab's last known address (lib/worker/tab-addresses.ts). */
  addresses: Pick<TabAddresses, 'get' | 'learn' | 'tabs'>;
  translator(settings: Settings): { locale: Locale; t: Translate<AppMessageKey> };
  /** Draws `view` on the tab's icon and title; null puts the tab back to the default. */
  setTabAction(tabId: number, view: ToolbarView | null): Promise<void>;
  /** Every open tab, with its address where Chrome reveals it. */
  listTabs(): Promise<Array<{ id?: number; url?: string }>>;
  /** Calls `callback` after `ms`; the returned function cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
}

export interface ToolbarIndicator {
  /** The tab's address changed or it finished loading: drawn once its address stays still for QUIET_MS. */
  tabChanged(tabId: number): void;
  /** A capture's state changed (null: every capture was erased): the tabs showing it are drawn again. */
  captureChanged(profileUrl: string | null): Promise<void>;
  /** Every tab again: the settings changed. */
  refreshAll(): Promise<void>;
  forget(tabId: number): void;
}

export function createToolbarIndicator(deps: ToolbarDeps): ToolbarIndicator {
  /** What each tab shows now: null for the default icon. Tabs we never drew are absent. */
  const drawn = new Map<number, ToolbarView | null>();
  /** Tabs waiting for their address to stay still, with the cancel of that wait. */
  const pending = new Map<number, () => void>();

  async function viewFor(url: string | undefined, settings: Settings): Promise<ToolbarView> {
    const page = url ? canonicalProfileUrl(url) : null;
    const profile = page !== null && settings[page.source];
    const status: CaptureStatus = profile ? await deps.captureStatus(page.profileUrl) : { state: 'none' };
    const { t, locale } = deps.translator(settings);
    return toolbarView({ profile, status }, t, locale);
  }

  async function draw(tabId: number, url: string | undefined, settings: Settings): Promise<void> {
    const view = settings.placement === 'toolbar' ? await viewFor(url, settings) : null;
    const before = drawn.get(tabId);
    // Page mode leaves alone the tabs it never marked; nothing is set twice in a row.
    if (view === null && !before) return;
    if (before !== undefined && before?.mark === view?.mark && before?.title === view?.title) return;
    drawn.set(tabId, view);
    await deps.setTabAction(tabId, view).catch((error: unknown) => {
      drawn.delete(tabId);
      throw error;
    });
  }

  const drawNow = async (tabId: number): Promise<void> => draw(tabId, deps.addresses.get(tabId), await deps.settings());

  /** Every open tab's address, asked of Chrome once: a worker that just started heard of none. */
  let listed: Promise<void> | null = null;
  const listTabs = (): Promise<void> =>
    (listed ??= deps.listTabs().then(
      (tabs) => tabs.forEach((tab) => tab.id !== undefined && deps.addresses.learn(tab.id, tab.url)),
      () => void (listed = null),
    ));

  return {
    tabChanged(tabId) {
      pending.get(tabId)?.();
      const cancel = deps.setTimer(() => {
        pending.delete(tabId);
        void drawNow(tabId).catch(() => undefined);
      }, QUIET_MS);
      pending.set(tabId, cancel);
    },

    async captureChanged(profileUrl) {
      const settings = await deps.settings();
      if (settings.placement !== 'toolbar') return;
      await listTabs();
      const showing = (tabId: number) => profileUrl === null || canonicalProfileUrl(deps.addresses.get(tabId) ?? '')?.profileUrl === profileUrl;
      // A tab waiting for its address to settle is drawn when it settles.
      const tabs = deps.addresses.tabs().filter((tabId) => !pending.has(tabId) && showing(tabId));
      await Promise.all(tabs.map((tabId) => draw(tabId, deps.addresses.get(tabId), settings)));
    },

    async refreshAll() {
      const settings = await deps.settings();
      listed = null;
      await listTabs();
      await Promise.all(deps.addresses.tabs().map((tabId) => draw(tabId, deps.addresses.get(tabId), settings)));
    },

    forget(tabId) {
      pending.get(tabId)?.();
      pending.delete(tabId);
      drawn.delete(tabId);
    },
  };
}
