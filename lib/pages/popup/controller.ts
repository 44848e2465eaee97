/**
 * The popup's behaviour: it holds the PopupState, redraws it with popupView on every change, and
 * carries out what the rep does. The browser is injected (PopupDeps), so the whole popup runs in
 * unit tests; the entry point only wires Chrome's APIs in.
 *
 * Capture goes popup → worker (`capture-tab`) → the tab's content script, the same route as the
 * keyboard shortcut; "Enter details" sends what the rep typed along that route. What a click on
 * Capture does is lib/shared/activate.ts, as for the page's button.
 */
import { activationOf } from '../../shared/activate';
import { coalesce } from '../../shared/coalesce';
import { buttonCatalogs } from '../../shared/i18n/button';
import { appTranslator } from '../../shared/i18n/localize';
import { createTranslator } from '../../shared/i18n/translate';
import type { AppStatus, EditFields, EditResponse, EnteredDetails, TabState } from '../../shared/messages';
import { canonicalProfileUrl } from '../../shared/profile-url';
import type { Settings } from '../../shared/storage';
import { currentTabView } from '../current-tab';
import { checkEnteredDetails, enterDetailsPrefill } from '../entered-details';
import { patch } from '../render';
import { initialPopupState, typedFrom, type PopupState } from './state';
import { DETAILS_INPUT_IDS, popupView, type PopupActions, type PopupWords } from './view';

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

export interface Popup {
  readonly state: PopupState;
  /** Settles once the first full render is done. */
  readonly ready: Promise<void>;
}

export function startPopup(deps: PopupDeps): Popup {
  let state = initialPopupState(deps.settings.fallback, deps.uiLanguage);
  /** Ids to try, in order, for the focus after the next render (the first one shown wins). */
  let focusNext: string[] = [];

  const words = (): PopupWords => {
    const { locale, t } = appTranslator(state.settings.language, state.uiLanguage);
    return { locale, t, buttonT: createTranslator(buttonCatalogs, locale) };
  };

  function render(): void {
    const current = words();
    deps.document.documentElement.lang = current.locale;
    patch(deps.root, popupView(state, current, actions));
    const target = focusNext
      .map((id) => deps.document.getElementById(id))
      .find((element) => element !== null && !element.closest('[hidden]'));
    focusNext = [];
    target?.focus();
  }

  function set(change: Partial<PopupState>, ...focus: string[]): void {
    state = { ...state, ...change };
    // "Enter details" belongs to a capture view of this tab; it closes when there is none.
    if (state.details && currentTabView(state.tab.url, state.settings, state.tabState).kind !== 'capture') state = { ...state, details: null };
    if (state.editing && !state.status?.needsAttention.some((item) => item.id === state.editing?.id)) state = { ...state, editing: null };
    focusNext = focus;
    render();
  }

  async function refreshStatus(): Promise<void> {
    set({ status: await deps.background.status() });
  }

  async function askTabState(): Promise<void> {
    const { id } = state.tab;
    if (id === null) return set({ tabAsked: true });
    let tabState: TabState | null;
    try {
      tabState = await deps.tabState(id);
    } catch {
      tabState = null; // no content script in that tab (opened before install, or another site)
    }
    set({ tabState, tabAsked: true });
  }

  /** Capture in the tab through the worker (the shortcut's route); no answer: nothing in the tab. */
  async function capture(details?: EnteredDetails, ...focus: string[]): Promise<void> {
    const { id } = state.tab;
    if (id === null || !state.tabState?.state) return;
    set({ tabState: { ...state.tabState, state: { kind: 'capturing' } } }, ...focus);
    let answer: TabState | null;
    try {
      answer = await deps.background.captureTab(id, details);
    } catch {
      answer = null;
    }
    set({ tabState: answer?.state ? answer : null });
    await refreshStatus();
  }

  /** After an item left the list with the focus on it: the next item, or the queue's sentence. */
  function keepFocusInQueue(): void {
    const active = deps.document.activeElement;
    if (active !== deps.document.body && active !== null) return;
    const next = state.status?.needsAttention[0];
    set({}, ...(next ? [`edit-${next.id}`] : []), 'waiting-text');
  }

  const actions: PopupActions = {
    openSettings: () => deps.openOptions(),
    setShortcut: () => deps.openShortcuts(),
    retryNow() {
      // Chrome takes the focus off a button while it is disabled: give it back afterwards.
      const hadFocus = deps.document.activeElement?.id === 'retry-now';
      set({ retrying: true });
      void deps.background
        .retryNow()
        .then((status) => set({ status }))
        .catch(() => undefined)
        .finally(() =>
          // Once everything is sent the button goes away: keep the keyboard user's place on the
          // sentence that says so, rather than dropping the focus to the top of the popup.
          set({ retrying: false }, ...(hadFocus ? ['retry-now', 'waiting-text'] : [])),
        );
    },
    activateCapture() {
      const current = state.tabState?.state;
      if (!current) return;
      switch (activationOf(current)) {
        case 'open-settings':
          deps.openOptions();
          return;
        case 'offer-capture-again':
          // As on the page: a second click offers "Capture again" instead of sending twice.
          set({}, 'tab-capture-again');
          return;
        case 'capture':
          void capture();
          return;
        case 'none':
          return;
      }
    },
    captureAgain: () => void capture(undefined, 'tab-capture'),
    openDetails() {
      const prefill = enterDetailsPrefill(state.tabState?.state);
      if (prefill) set({ details: { values: typedFrom(prefill), problems: {} } }, 'details-first');
    },
    closeDetails: () => set({ details: null }, 'tab-enter-details', 'tab-capture'),
    typeDetails(field, value) {
      // The field already shows it: the state follows, without a redraw under the rep's fingers.
      if (state.details) state = { ...state, details: { ...state.details, values: { ...state.details.values, [field]: value } } };
    },
    submitDetails() {
      const source = state.tab.url ? canonicalProfileUrl(state.tab.url)?.source : undefined;
      if (!state.details || !source) return;
      const check = checkEnteredDetails(state.details.values, source);
      if (!check.ok) {
        const first = (['firstName', 'lastName', 'jobTitle'] as const).find((field) => check.problems[field]);
        set({ details: { ...state.details, problems: check.problems } }, ...(first ? [DETAILS_INPUT_IDS[first]] : []));
        return;
      }
      set({ details: null });
      void capture(check.details, 'tab-capture');
    },
    edit(id) {
      const item = state.status?.needsAttention.find((candidate) => candidate.id === id);
      if (item) set({ editing: { id, values: typedFrom(item), invalid: false, saving: false } }, `first-${id}`);
    },
    typeEdit(field, value) {
      if (state.editing) state = { ...state, editing: { ...state.editing, values: { ...state.editing.values, [field]: value } } };
    },
    cancelEdit() {
      const id = state.editing?.id;
      set({ editing: null }, ...(id ? [`edit-${id}`] : []));
    },
    submitEdit() {
      const draft = state.editing;
      const item = state.status?.needsAttention.find((candidate) => candidate.id === draft?.id);
      if (!draft || !item) return;
      if (draft.values.firstName.trim() === '') {
        set({ editing: { ...draft, invalid: true } }, `first-${draft.id}`);
        return;
      }
      set({ editing: { ...draft, saving: true } });
      void (async () => {
        const { firstName, lastName, jobTitle } = draft.values;
        const answer = await deps.background.edit(draft.id, { firstName, lastName, jobTitle: item.source === 'linkedin' ? jobTitle : null });
        if (!answer.ok && answer.error === 'invalid') {
          set({ editing: state.editing && { ...state.editing, invalid: true, saving: false } }, `first-${draft.id}`);
          return;
        }
        set({ editing: null });
        await refreshStatus();
        keepFocusInQueue();
      })();
    },
    discard(id) {
      set({ discarding: [...state.discarding, id] });
      void deps.background
        .discard(id)
        .then(refreshStatus)
        .finally(() => {
          set({ discarding: state.discarding.filter((other) => other !== id) });
          keepFocusInQueue();
        });
    },
  };

  deps.settings.watch((settings) => set({ settings }));
  // A drain writes storage many times a second; redraw a few times a second at most.
  const refreshOnStorageChange = coalesce(refreshStatus, { minIntervalMs: 250 });
  deps.onLocalStorageChange(() => void refreshOnStorageChange().catch(() => undefined));

  render();
  const ready = Promise.all([
    deps.settings.get().then((settings) => set({ settings })),
    deps.shortcut().then((shortcut) => set({ shortcut })),
    refreshStatus(),
    deps.activeTab().then((tab) => {
      state = { ...state, tab };
      return askTabState();
    }),
  ]).then(() => deps.onReady?.());

  return {
    get state() {
      return state;
    },
    ready,
  };
}
