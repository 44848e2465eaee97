/**
 * What the rep does in "This page": Capture (what a click does is lib/shared/activate.ts, as for
 * the page's button), "Capture again", and "Enter details". Capture goes popup → worker
 * (`capture-tab`) → the tab's content script, the same route as the keyboard shortcut; on a
 * people search page the same route makes the page's one bulk capture.
 */
import { activationOf } from '../../shared/activate';
import type { BulkResult, EnteredDetails, TabState } from '../../shared/messages';
import { canonicalProfileUrl } from '../../shared/profile-url';
import { currentTabView } from '../current-tab';
import { checkEnteredDetails, enterDetailsPrefill } from '../entered-details';
import type { PopupContext } from './context';
import type { PopupActions } from './parts';
import { typedFrom } from './state';
import { DETAILS_INPUT_IDS } from './tab-section';

type TabActions = Pick<PopupActions, 'activateCapture' | 'captureAgain' | 'openDetails' | 'closeDetails' | 'typeDetails' | 'submitDetails'>;

/**
 * On a people search tab, the worker's record of the tab's last bulk capture (`tab-bulk`): asked of
 * the worker, never of the page, so opening the popup reads nothing on the page. Null elsewhere.
 */
async function askBulk(context: PopupContext, tabState: TabState | null): Promise<BulkResult | null> {
  const { tab, settings } = context.state;
  if (tab.id === null || currentTabView(tab.url, settings, tabState).kind !== 'people-search') return null;
  return context.deps.background.tabBulk(tab.id).catch(() => null);
}

/** Asks the tab's content script what its button shows (and, on a people search page, the worker what the last bulk became), and draws it. */
export async function askTabState(context: PopupContext): Promise<void> {
  const { id } = context.state.tab;
  let tabState: TabState | null = null;
  try {
    if (id !== null) tabState = await context.deps.tabState(id);
  } catch {
    tabState = null; // no content script in that tab (opened before install, or another site)
  }
  context.set({ tabState, bulk: await askBulk(context, tabState), tabAsked: true });
}

/** Capture in the tab through the worker; no answer: nothing in the tab to capture. */
async function capture(context: PopupContext, details?: EnteredDetails, ...focus: string[]): Promise<void> {
  const { tab, tabState } = context.state;
  if (tab.id === null || !tabState?.state) return;
  context.set({ tabState: { ...tabState, state: { kind: 'capturing' } } }, ...focus);
  let answer: TabState | null;
  try {
    answer = await context.deps.background.captureTab(tab.id, details);
  } catch {
    answer = null;
  }
  const next = answer?.state ? answer : null;
  // A capture that gets queued writes IndexedDB only, which fires no storage.local change: ask for
  // the queue now, so "N waiting to be sent" and Needs attention show what this capture left. A
  // bulk capture's people are drawn with it, a refused one's Edit and Discard with them.
  const [bulk] = await Promise.all([askBulk(context, next), context.refreshStatus().catch(() => undefined)]);
  context.set({ tabState: next, bulk });
}

export function tabActions(context: PopupContext): TabActions {
  return {
    activateCapture() {
      const current = context.state.tabState?.state;
      if (!current) return;
      switch (activationOf(current)) {
        case 'open-settings':
          context.deps.openOptions();
          return;
        case 'offer-capture-again':
          // As on the page: a second click offers "Capture again" instead of sending twice.
          context.set({}, 'tab-capture-again');
          return;
        case 'capture':
          void capture(context);
          return;
        case 'none':
          return;
      }
    },
    captureAgain: () => void capture(context, undefined, 'tab-capture'),
    openDetails() {
      const prefill = enterDetailsPrefill(context.state.tabState?.state);
      if (prefill) context.set({ details: { values: typedFrom(prefill), problems: {} } }, DETAILS_INPUT_IDS.firstName);
    },
    closeDetails: () => context.set({ details: null }, 'tab-enter-details', 'tab-capture'),
    typeDetails(field, value) {
      const { details } = context.state;
      if (details) context.follow({ details: { ...details, values: { ...details.values, [field]: value } } });
    },
    submitDetails() {
      const { details, tab } = context.state;
      const source = tab.url ? canonicalProfileUrl(tab.url)?.source : undefined;
      if (!details || !source) return;
      const check = checkEnteredDetails(details.values, source);
      if (!check.ok) {
        const first = (['firstName', 'lastName', 'jobTitle'] as const).find((field) => check.problems[field]);
        context.set({ details: { ...details, problems: check.problems } }, ...(first ? [DETAILS_INPUT_IDS[first]] : []));
        return;
      }
      context.set({ details: null });
      void capture(context, check.details, 'tab-capture');
    },
  };
}
