/**
 * Everything the popup shows, as one value: the popup's view draws it, its controller changes it.
 * What the rep types lives here as it is typed, so a redraw (a storage change, a status answer)
 * draws the same text the fields hold and never writes over it.
 */
import type { AppStatus, BulkResult, CaptureState, EnteredDetails, NeedsAttentionItem, TabState } from '../../shared/messages';
import type { Settings } from '../../shared/storage';
import { currentTabView, type CurrentTabView } from '../current-tab';
import type { DetailsField, DetailsProblem } from '../entered-details';

export type TypedFields = Record<DetailsField, string>;

/** "Enter details" while open. */
export interface DetailsDraft {
  values: TypedFields;
  problems: Partial<Record<DetailsField, DetailsProblem>>;
}

/** The needs-attention item whose Edit form is open. */
export interface EditDraft {
  id: string;
  values: TypedFields;
  /** The worker or the form refused the fields: the form says so. */
  invalid: boolean;
  saving: boolean;
}

export interface PopupState {
  settings: Settings;
  uiLanguage: string;
  /** The worker's answer to get-status; null until it came. */
  status: AppStatus | null;
  /** The tab the popup was opened over (the active tab of its window), and its address when Chrome reveals it. */
  tab: { id: number | null; url: string | null };
  /** What the tab's content script said; null when it did not answer. */
  tabState: TabState | null;
  /** On a people search tab: what its last bulk capture became, person by person (the worker's); null before any. */
  bulk: BulkResult | null;
  /**
   * What the worker, the one owner of capture states, said of captures since the popup opened:
   * this page's profile when asked, then every change it told (issue 20). Profile URL → state.
   */
  captures: Readonly<Record<string, CaptureState>>;
  /** The popup's last Capture was refused because the tab no longer showed the page the popup had shown (issue 21). */
  pageChanged: boolean;
  /** Whether the tab was asked yet (the popup is "ready" once it was, and the status came). */
  tabAsked: boolean;
  /** The capture shortcut as set in chrome://extensions/shortcuts; '' when none, null until known. */
  shortcut: string | null;
  details: DetailsDraft | null;
  editing: EditDraft | null;
  retrying: boolean;
  /** Items whose Discard was pressed and is being done. */
  discarding: readonly string[];
}

export function initialPopupState(settings: Settings, uiLanguage: string): PopupState {
  return {
    settings,
    uiLanguage,
    status: null,
    tab: { id: null, url: null },
    tabState: null,
    bulk: null,
    captures: {},
    pageChanged: false,
    tabAsked: false,
    shortcut: null,
    details: null,
    editing: null,
    retrying: false,
    discarding: [],
  };
}

export const typedFrom = (details: EnteredDetails): TypedFields => ({
  firstName: details.firstName,
  lastName: details.lastName,
  jobTitle: details.jobTitle ?? '',
});

/** "This page" as the popup shows it: the tab, what its page said, and what the worker said of its profile. */
export function tabView(state: PopupState): CurrentTabView {
  const profileUrl = state.tabState?.profileUrl;
  return currentTabView(state.tab.url, state.settings, state.tabState, {
    connected: state.status ? state.status.connection !== null : null,
    capture: profileUrl ? (state.captures[profileUrl] ?? null) : null,
  });
}

/**
 * The refused capture "This page" shows, with its Edit and Discard: the Needs attention entry of
 * the tab's profile when Metrikia refused it. Needs attention then lists the others only.
 */
export function thisPageRefusal(state: PopupState): NeedsAttentionItem | undefined {
  const view = state.tabAsked ? tabView(state) : null;
  if (view?.kind !== 'capture' || view.state.kind !== 'failed' || view.state.reason !== 'rejected') return undefined;
  return state.status?.needsAttention.find((item) => item.profileUrl === view.profileUrl);
}
