/**
 * In "Only in the toolbar" mode the page shows nothing, so the toolbar icon tells, per tab, what
 * the button would: whether this page is a profile that can be captured, and whether it was
 * captured in the last 7 days (or what the last capture from this tab became). The badge keeps
 * showing the waiting count for every tab (lib/worker/badge.ts); this sets only the per-tab
 * icon and title. In "On the page" mode every tab we marked goes back to the default icon.
 *
 * Chrome gives the worker a tab's address (tabs.onUpdated, tabs.query) without the `tabs`
 * permission on the hosts we have access to, which are exactly the pages where a capture is possible.
 */
import type { AppMessageKey } from '../shared/i18n/app';
import { formatDate, type Locale, type Translate } from '../shared/i18n/translate';
import type { ButtonState, TabState } from '../shared/messages';
import { canonicalProfileUrl } from '../shared/profile-url';
import type { LeadCacheEntry, Settings } from '../shared/storage';

export type ToolbarMark = 'none' | 'capturable' | 'captured' | 'queued' | 'failed';

export interface ToolbarView {
  mark: ToolbarMark;
  title: string;
}

/** What the icon says for a tab: pure, from what is known about its page. */
export function toolbarView(
  page: { profile: boolean; capturedAt: string | null; outcome: ButtonState | null },
  t: Translate<AppMessageKey>,
  locale: Locale,
): ToolbarView {
  if (!page.profile) return { mark: 'none', title: t('toolbarNoProfile') };
  switch (page.outcome?.kind) {
    case 'captured':
      return { mark: 'captured', title: t('toolbarCaptured', { date: formatDate(locale, page.outcome.capturedAt) }) };
    case 'queued':
      return { mark: 'queued', title: t('toolbarQueued') };
    case 'failed':
    case 'not-connected':
      return { mark: 'failed', title: t('toolbarFailed') };
    default:
      break;
  }
  if (page.capturedAt) return { mark: 'captured', title: t('toolbarCaptured', { date: formatDate(locale, page.capturedAt) }) };
  return { mark: 'capturable', title: t('toolbarCapturable') };
}

export interface ToolbarDeps {
  settings(): Promise<Settings>;
  lookup(profileUrl: string): Promise<LeadCacheEntry | null>;
  translator(settings: Settings): { locale: Locale; t: Translate<AppMessageKey> };
  /** Draws `view` on the tab's icon and title; null puts the tab back to the default. */
  setTabAction(tabId: number, view: ToolbarView | null): Promise<void>;
  /** Every open tab, with its address where Chrome reveals it. */
  listTabs(): Promise<Array<{ id?: number; url?: string }>>;
}

export interface ToolbarIndicator {
  /** A tab loaded or navigated (its address is `url`, undefined when Chrome hides it). */
  updateTab(tabId: number, url: string | undefined): Promise<void>;
  /** A capture-request in that tab ended with `state` (shown until the tab shows another profile). */
  showOutcome(tabId: number, state: TabState): Promise<void>;
  /** Every tab again: the setting changed, or a delivery changed what was captured. */
  refreshAll(): Promise<void>;
  forget(tabId: number): void;
}

export function createToolbarIndicator(deps: ToolbarDeps): ToolbarIndicator {
  /** The last capture outcome per tab, for the profile it was about. */
  const outcomes = new Map<number, { profileUrl: string; state: ButtonState }>();
  /** Tabs whose icon we changed, to put back when the rep switches to "On the page". */
  const marked = new Set<number>();
  /** Each tab's last known address, so an outcome can be drawn without asking Chrome again. */
  const addresses = new Map<number, string | undefined>();

  async function draw(tabId: number, url: string | undefined, settings: Settings): Promise<void> {
    if (settings.placement !== 'toolbar') {
      if (marked.delete(tabId)) await deps.setTabAction(tabId, null);
      return;
    }
    const page = url ? canonicalProfileUrl(url) : null;
    const profile = page !== null && settings[page.source];
    const outcome = outcomes.get(tabId);
    if (outcome && outcome.profileUrl !== page?.profileUrl) outcomes.delete(tabId);
    const entry = profile && page ? await deps.lookup(page.profileUrl) : null;
    const { t, locale } = deps.translator(settings);
    const view = toolbarView(
      { profile, capturedAt: entry?.capturedAt ?? null, outcome: outcomes.get(tabId)?.state ?? null },
      t,
      locale,
    );
    marked.add(tabId);
    await deps.setTabAction(tabId, view);
  }

  return {
    async updateTab(tabId, url) {
      addresses.set(tabId, url);
      await draw(tabId, url, await deps.settings());
    },

    async showOutcome(tabId, state) {
      if (state.profileUrl && state.state) outcomes.set(tabId, { profileUrl: state.profileUrl, state: state.state });
      await draw(tabId, addresses.get(tabId) ?? state.profileUrl ?? undefined, await deps.settings());
    },

    async refreshAll() {
      const settings = await deps.settings();
      const tabs = await deps.listTabs();
      await Promise.all(
        tabs.map(async (tab) => {
          if (tab.id === undefined) return;
          addresses.set(tab.id, tab.url);
          await draw(tab.id, tab.url, settings);
        }),
      );
    },

    forget(tabId) {
      outcomes.delete(tabId);
      marked.delete(tabId);
      addresses.delete(tabId);
    },
  };
}
