/**
 * The popup's running state: the PopupState, its redraw after every change, and where the focus
 * goes after a redraw. The action modules (tab-actions.ts, queue-actions.ts) change the state
 * through it; lib/pages/popup/controller.ts makes one and starts the popup with it.
 */
import { buttonCatalogs } from '../../shared/i18n/button';
import { appTranslator } from '../../shared/i18n/localize';
import { createTranslator } from '../../shared/i18n/translate';
import type { AppStatus, EditFields, EditResponse, EnteredDetails, TabState } from '../../shared/messages';
import type { Settings } from '../../shared/storage';
import { currentTabView } from '../current-tab';
import { patch } from '../render';
import type { PopupActions, PopupWords } from './parts';
import { initialPopupState, type PopupState } from './state';
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
    captureTab(tabId: number, details?: EnteredDetails): Promise<TabState>;
  };
  /** The tab's content script's answer to get-state, parsed; rejects when there is none. */
  tabState(tabId: number): Promise<TabState>;
  activeTab(): Promise<{ id: number | null; url: string | null }>;
  /** The capture shortcut, '' when none is set. */
  shortcut(): Promise<string>;
  openOptions(): void;
  openShortcuts(): void;
  /** Called on every change of storage.local (deliveries, retries, edits change the queue). */
  onLocalStorageChange(callback: () => void): void;
  /** The first full render (status, settings and the tab's state drawn) is done. */
  onReady?(): void;
}

export interface PopupContext {
  readonly deps: PopupDeps;
  readonly state: PopupState;
  /** Applies `change` and redraws; then focuses the first element of `focus` (ids) that is shown. */
  set(change: Partial<PopupState>, ...focus: string[]): void;
  /** Applies `change` without a redraw: for what a field already shows as the rep types it. */
  follow(change: Partial<PopupState>): void;
  /** Asks the worker for its status and draws it. */
  refreshStatus(): Promise<void>;
}

/** A context that draws into `deps.root` with `actions` (given once they exist: they need the context). */
export function createPopupContext(deps: PopupDeps): PopupContext & { useActions(actions: PopupActions): void } {
  let state = initialPopupState(deps.settings.fallback, deps.uiLanguage);
  let actions: PopupActions | null = null;

  const words = (): PopupWords => {
    const { locale, t } = appTranslator(state.settings.language, state.uiLanguage);
    return { locale, t, buttonT: createTranslator(buttonCatalogs, locale) };
  };

  /** What no longer has a place: "Enter details" without a capture view, Edit without its item. */
  function dropStale(next: PopupState): PopupState {
    let kept = next;
    if (kept.details && currentTabView(kept.tab.url, kept.settings, kept.tabState).kind !== 'capture') kept = { ...kept, details: null };
    if (kept.editing && !kept.status?.needsAttention.some((item) => item.id === kept.editing?.id)) kept = { ...kept, editing: null };
    return kept;
  }

  function render(focus: readonly string[]): void {
    if (!actions) return;
    const current = words();
    deps.document.documentElement.lang = current.locale;
    patch(deps.root, popupView(state, current, actions));
    const target = focus
      .map((id) => deps.document.getElementById(id))
      .find((element) => element !== null && !element.closest('[hidden]'));
    target?.focus();
  }

  const context = {
    deps,
    get state() {
      return state;
    },
    set(change: Partial<PopupState>, ...focus: string[]) {
      state = dropStale({ ...state, ...change });
      render(focus);
    },
    follow(change: Partial<PopupState>) {
      state = { ...state, ...change };
    },
    async refreshStatus() {
      context.set({ status: await deps.background.status() });
    },
    useActions(next: PopupActions) {
      actions = next;
      render([]);
    },
  };
  return context;
}
