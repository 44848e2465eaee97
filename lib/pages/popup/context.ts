/**
 * The popup's running state (lib/pages/page-context.ts over a PopupState) and what it needs from
 * the browser. The action modules (tab-actions.ts, queue-actions.ts) change the state through it;
 * lib/pages/popup/controller.ts makes one and starts the popup with it.
 */
import { buttonCatalogs } from '../../shared/i18n/button';
import { appTranslator } from '../../shared/i18n/localize';
import { createTranslator } from '../../shared/i18n/translate';
import type { AppEvent, AppStatus, BulkResult, CaptureState, EditFields, EditResponse, TabState } from '../../shared/messages';
import type { Settings } from '../../shared/storage';
import type { TabCaptureRequest } from '../app-client';
import { createPageContext, type PageContext } from '../page-context';
import { patch } from '../render';
import type { PopupActions, PopupWords } from './parts';
import { initialPopupState, tabView, type PopupState } from './state';
import { popupView } from './view';

export interface PopupDeps {
  document: Document;
  /** Where the popup is drawn. */
  root: Element;
  uiLanguage: string;
  settings: { fallback: Settings; get(): Promise<Settings>; watch(callback: (next: Settings) => void): void };
  /** The worker's answers, each parsed with its schema (lib/pages/app-client.ts). */
  background: {
    status(): Promise<AppStatus>;
    retryNow(): Promise<AppStatus>;
    discard(id: string): Promise<unknown>;
    edit(id: string, fields: EditFields): Promise<EditResponse>;
    captureTab(tabId: number, request: TabCaptureRequest): Promise<TabState>;
    /** What the worker knows of a profile's capture (issue 20). */
    captureState(profileUrl: string): Promise<CaptureState>;
    /** The tab's last bulk capture on a people search page, kept by the worker; null before any. */
    tabBulk(tabId: number): Promise<BulkResult | null>;
  };
  /** The tab's content script's answer to get-state, parsed; rejects when there is none. */
  tabState(tabId: number): Promise<TabState>;
  activeTab(): Promise<{ id: number | null; url: string | null }>;
  /** The capture shortcut, '' when none is set. */
  shortcut(): Promise<string>;
  openOptions(): void;
  openShortcuts(): void;
  /** Called on every change of storage.local (the key, the connection, the delivery state). */
  onLocalStorageChange(callback: () => void): void;
  /** Called with what the worker tells our pages: capture states and queue changes (issue 20), parsed. */
  onAppEvent(callback: (event: AppEvent) => void): void;
  /** The first frame is drawn: everything the popup knows before any answer, nothing it does not. */
  onFirstFrame?(): void;
  /** The first full render (status, settings and the tab's state drawn) is done. */
  onReady?(): void;
}

export type PopupContext = PageContext<PopupState, PopupDeps>;

/** What no longer has a place after a change: "Enter details" without a capture view, Edit without its item. */
function dropStale(next: PopupState): PopupState {
  let kept = next;
  if (kept.details && tabView(kept).kind !== 'capture') kept = { ...kept, details: null };
  if (kept.editing && !kept.status?.needsAttention.some((item) => item.id === kept.editing?.id)) kept = { ...kept, editing: null };
  return kept;
}

/** The popup's context, drawing into `deps.root`. */
export function createPopupContext(deps: PopupDeps) {
  return createPageContext<PopupState, PopupActions, PopupDeps>(deps, initialPopupState(deps.settings.fallback, deps.uiLanguage), {
    settle: dropStale,
    draw(state, actions) {
      const { locale, t } = appTranslator(state.settings.language, state.uiLanguage);
      const words: PopupWords = { locale, t, buttonT: createTranslator(buttonCatalogs, locale) };
      deps.document.documentElement.lang = locale;
      patch(deps.root, popupView(state, words, actions));
    },
  });
}
