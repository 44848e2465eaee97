/**
 * The settings page's running state: the OptionsState, its redraw after every change, and where
 * the focus goes after a redraw. The action modules change the state through it.
 */
import { appTranslator } from '../../shared/i18n/localize';
import type { AppStatus, ConnectResponse } from '../../shared/messages';
import type { Settings } from '../../shared/storage';
import { patch } from '../render';
import type { OptionsActions, OptionsState } from './state';
import { optionsView } from './view';

export interface OptionsDeps {
  document: Document;
  root: Element;
  uiLanguage: string;
  settings: { fallback: Settings; get(): Promise<Settings>; set(next: Settings): Promise<void>; watch(callback: (next: Settings) => void): void };
  /** The worker's answers, each parsed with its schema (lib/pages/app-client.ts). */
  background: {
    status(): Promise<AppStatus>;
    connect(apiKey: string): Promise<ConnectResponse>;
    disconnect(discardQueue: boolean): Promise<unknown>;
    exportData(): Promise<{ data: unknown }>;
    clearData(): Promise<unknown>;
  };
  /** Offers `text` as a file download named `name`. */
  download(text: string, name: string): void;
  /** Called on every change of storage.local, and when the page gets the focus back. */
  onStaleStatus(callback: () => void): void;
}

export interface OptionsContext {
  readonly deps: OptionsDeps;
  readonly state: OptionsState;
  /** Applies `change` and redraws; then focuses the element with id `focus`, if given. */
  set(change: Partial<OptionsState>, focus?: string): void;
  /** Applies `change` without a redraw: for what a field already shows as the rep types it. */
  follow(change: Partial<OptionsState>): void;
  /** Asks the worker for its status and draws it. */
  refreshStatus(): Promise<void>;
}

export function createOptionsContext(deps: OptionsDeps): OptionsContext & { useActions(actions: OptionsActions): void } {
  let state: OptionsState = {
    settings: deps.settings.fallback,
    uiLanguage: deps.uiLanguage,
    status: null,
    apiKey: '',
    showKey: false,
    connecting: false,
    keyError: null,
    connectionNotice: null,
    dataNotice: null,
    dialog: null,
  };
  let actions: OptionsActions | null = null;

  function render(focus: string | undefined): void {
    if (!actions) return;
    const { locale, t } = appTranslator(state.settings.language, state.uiLanguage);
    deps.document.documentElement.lang = locale;
    deps.document.title = t('optionsTitle');
    patch(deps.root, optionsView(state, t, actions));
    if (focus) deps.document.getElementById(focus)?.focus();
  }

  const context = {
    deps,
    get state() {
      return state;
    },
    set(change: Partial<OptionsState>, focus?: string) {
      state = { ...state, ...change };
      render(focus);
    },
    follow(change: Partial<OptionsState>) {
      state = { ...state, ...change };
    },
    async refreshStatus() {
      context.set({ status: await deps.background.status() });
    },
    useActions(next: OptionsActions) {
      actions = next;
      render(undefined);
    },
  };
  return context;
}
