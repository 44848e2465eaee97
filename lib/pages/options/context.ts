/**
 * The settings page's running state (lib/pages/page-context.ts over an OptionsState) and what it
 * needs from the browser. The action modules change the state through it.
 */
import { appTranslator } from '../../shared/i18n/localize';
import type { AppStatus, ConnectResponse } from '../../shared/messages';
import type { Settings } from '../../shared/storage';
import { createPageContext, type PageContext } from '../page-context';
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
  /** Called on every change of storage.local, on what the worker tells our pages, and when the page gets the focus back. */
  onStaleStatus(callback: () => void): void;
}

export type OptionsContext = PageContext<OptionsState, OptionsDeps>;

const INITIAL: Omit<OptionsState, 'settings' | 'uiLanguage'> = {
  status: null,
  apiKey: '',
  showKey: false,
  connecting: false,
  keyError: null,
  connectionNotice: null,
  dataNotice: null,
  dialog: null,
  welcome: false,
};

/** The settings page's context, drawing into `deps.root`. */
export function createOptionsContext(deps: OptionsDeps) {
  const initial: OptionsState = { ...INITIAL, settings: deps.settings.fallback, uiLanguage: deps.uiLanguage };
  return createPageContext<OptionsState, OptionsActions, OptionsDeps>(deps, initial, {
    draw(state, actions) {
      const { locale, t } = appTranslator(state.settings.language, state.uiLanguage);
      deps.document.documentElement.lang = locale;
      deps.document.title = t('optionsTitle');
      patch(deps.root, optionsView(state, t, actions));
    },
  });
}
