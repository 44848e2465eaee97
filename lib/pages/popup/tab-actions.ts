/**
 * What the rep does in "This page": Capture (what a click does is lib/shared/activate.ts, as for
 * the page's button), "Capture again", and "Enter details". Capture goes popup → worker
 * (`capture-tab`) → the tab's content script, the same route as the keyboard shortcut; on a
 * people search page the same route makes the page's one bulk capture.
 *
 * The popup names the page it showed (`expectedPage`, issue 21): if the tab moved on meanwhile,
 * nothing is captured, and the popup says so and shows the page the tab shows now.
 */
import { activationOf } from '../../shared/activate';
import { capturablePage } from '../../shared/capturable-page';
import type { BulkResult, ButtonState, EnteredDetails, TabState } from '../../shared/messages';
import { canonicalProfileUrl } from '../../shared/profile-url';
import { checkEnteredDetails, enterDetailsPrefill } from '../entered-details';
import type { PopupContext } from './context';
import type { PopupActions } from './parts';
import { tabView, typedFrom, type PopupState } from './state';
import { DETAILS_INPUT_IDS } from './tab-section';

type TabActions = Pick<PopupActions, 'activateCapture' | 'captureAgain' | 'openDetails' | 'closeDetails' | 'typeDetails' | 'submitDetails'>;

/** What "This page"'s Capture shows now (null: nothing to capture there). */
function shownState(state: PopupState): ButtonState | null {
  const view = tabView(state);
  return view.kind === 'capture' || view.kind === 'people-search' ? view.state : null;
}

/**
 * On a people search tab, the worker's record of the tab's last bulk capture (`tab-bulk`): asked of
 * the worker, never of the page, so opening the popup reads nothing on the page. Null elsewhere.
 */
async function askBulk(context: PopupContext, tabState: TabState | null): Promise<BulkResult | null> {
  const { tab } = context.state;
  if (tab.id === null || tabView({ ...context.state, tabState }).kind !== 'people-search') return null;
  return context.deps.background.tabBulk(tab.id).catch(() => null);
}

/** What the worker knows of the tab's profile's capture; what it told since the popup opened wins. */
async function askCapture(context: PopupContext): Promise<void> {
  const profileUrl = context.state.tab.url ? canonicalProfileUrl(context.state.tab.url)?.profileUrl : undefined;
  if (!profileUrl) return;
  const known = await context.deps.background.captureState(profileUrl).catch(() => null);
  if (known) context.set({ captures: { [profileUrl]: known, ...context.state.captures } });
}

/**
 * Asks the tab's content script what its button shows, the worker what it knows of the profile's
 * capture (and, on a people search page, what the last bulk became), and draws it.
 */
export async function askTabState(context: PopupContext): Promise<void> {
  const { id } = context.state.tab;
  const asking = askCapture(context);
  let tabState: TabState | null = null;
  try {
    if (id !== null) tabState = await context.deps.tabState(id);
  } catch {
    tabState = null; // no content script in that tab (opened before install, or another site)
  }
  context.set({ tabState, bulk: await askBulk(context, tabState), tabAsked: true });
  await asking;
}

/** The worker refused the capture: the tab no longer shows the page the popup showed. Show the page it shows now. */
async function pageChanged(context: PopupContext, ...focus: string[]): Promise<void> {
  const tab = await context.deps.activeTab().catch(() => context.state.tab);
  context.follow({ tab, tabState: null, bulk: null, details: null });
  await askTabState(context);
  context.set({ pageChanged: true }, ...focus);
}

/** Capture in the tab through the worker; no answer: nothing in the tab to capture. */
async function capture(context: PopupContext, details?: EnteredDetails, ...focus: string[]): Promise<void> {
  const { tab, tabState } = context.state;
  if (tab.id === null || !tabState?.state) return;
  const expectedPage = tab.url ? capturablePage(tab.url) : null;
  if (expectedPage === null) return;
  const heardBefore = tabState.profileUrl ? context.state.captures[tabState.profileUrl] : undefined;
  context.set({ tabState: { ...tabState, state: { kind: 'capturing' } }, pageChanged: false }, ...focus);
  let answer: TabState | null;
  try {
    answer = await context.deps.background.captureTab(tab.id, details ? { details, expectedPage } : { expectedPage });
  } catch {
    answer = null;
  }
  if (answer?.profileUrl === null && answer.state?.kind === 'failed' && answer.state.reason === 'page-changed') {
    await pageChanged(context, ...focus);
    return;
  }
  const next = answer?.state ? answer : null;
  // A capture that gets queued writes IndexedDB only, which fires no storage.local change: ask for
  // the queue now, so "N waiting to be sent" and Needs attention show what this capture left. A
  // bulk capture's people are drawn with it, a refused one's Edit and Discard with them.
  const [bulk] = await Promise.all([askBulk(context, next), context.refreshStatus().catch(() => undefined)]);
  // The tab's answer is the newest word on this profile, unless the worker told of it since the
  // click (its events and this answer race); what it tells next wins again.
  const captures = { ...context.state.captures };
  if (next?.profileUrl && captures[next.profileUrl] === heardBefore) delete captures[next.profileUrl];
  context.set({ tabState: next, bulk, captures });
}

export function tabActions(context: PopupContext): TabActions {
  return {
    activateCapture() {
      const current = shownState(context.state);
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
      const prefill = enterDetailsPrefill(shownState(context.state));
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
