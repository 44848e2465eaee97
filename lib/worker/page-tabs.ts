/**
 * Which tabs show which profile, and the push that keeps their buttons true (issue 20): when a
 * capture's state changes in the worker (lib/worker/capture-states.ts), every tab of ours showing
 * that profile hears it (`capture-state`), so Queued → Captured and Rejected → Captured show without
 * a reload.
 *
 * Learnt only from our own content scripts' messages (their `sender.tab.id`, checked by
 * lib/worker/sender.ts) and forgotten when a tab navigates away or closes. The push goes through
 * `tabs.sendMessage` to our content script alone: nothing a page can see or trigger, and it carries
 * only what the tab's own button shows.
 */
import type { CaptureState, PageAnswer, TabRequest } from '../shared/messages';
import { canonicalProfileUrl } from '../shared/profile-url';
import type { CaptureEvent } from './capture-states';

/** Tabs remembered at most; the one heard from longest ago is forgotten first. */
export const PAGE_TABS_MAX = 500;

export interface PageTabsDeps {
  sendToTab(tabId: number, request: TabRequest): Promise<unknown>;
  /** What the tab's button shows for `state`, in the rep's language. */
  answer(state: CaptureState, profileUrl: string): Promise<PageAnswer>;
  /** The current state of a profile's capture (after an erasure: none). */
  state(profileUrl: string): Promise<CaptureState>;
}

export interface PageTabs {
  /** A content script of `tabId` spoke from `pageUrl` (the tab's address). */
  heard(tabId: number, pageUrl: string): void;
  /** The tab's address changed (`tabs.onUpdated`): forgotten unless it still shows the same profile. */
  navigated(tabId: number, pageUrl: string | undefined): void;
  forget(tabId: number): void;
  /** capture-states' listener. */
  onCaptureEvent(event: CaptureEvent): void;
}

export function createPageTabs(deps: PageTabsDeps): PageTabs {
  /** tab → the canonical profile URL its content script last spoke from. */
  const shown = new Map<number, string>();

  const push = async (tabId: number, profileUrl: string, state: CaptureState) => {
    try {
      const request: TabRequest = { type: 'capture-state', profileUrl, answer: await deps.answer(state, profileUrl) };
      await deps.sendToTab(tabId, request);
    } catch {
      // The tab closed or reloaded meanwhile; its next page-status asks afresh.
    }
  };

  const tabsShowing = (profileUrl: string) => [...shown].filter(([, url]) => url === profileUrl).map(([tabId]) => tabId);

  return {
    heard(tabId, pageUrl) {
      const page = canonicalProfileUrl(pageUrl);
      shown.delete(tabId);
      if (!page) return;
      shown.set(tabId, page.profileUrl);
      if (shown.size > PAGE_TABS_MAX) {
        const oldest = shown.keys().next();
        if (!oldest.done) shown.delete(oldest.value);
      }
    },

    navigated(tabId, pageUrl) {
      const before = shown.get(tabId);
      if (before !== undefined && (pageUrl === undefined || canonicalProfileUrl(pageUrl)?.profileUrl !== before)) shown.delete(tabId);
    },

    forget(tabId) {
      shown.delete(tabId);
    },

    onCaptureEvent(event) {
      if (event.kind === 'changed') {
        for (const tabId of tabsShowing(event.profileUrl)) void push(tabId, event.profileUrl, event.state);
        return;
      }
      // Every capture erased: each tab's profile is told what it is now.
      for (const [tabId, profileUrl] of shown) void deps.state(profileUrl).then((state) => push(tabId, profileUrl, state));
    },
  };
}
