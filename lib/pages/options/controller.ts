/**
 * The settings page's behaviour: connect or disconnect the API key, turn each platform on or off,
 * choose where Capture appears, pick the language, and see, export or clear what the extension
 * keeps on this device. It holds the OptionsState and redraws it with optionsView on every
 * change; the browser is injected (OptionsDeps) so it runs in unit tests.
 */
import { coalesce } from '../../shared/coalesce';
import type { AppMessageKey } from '../../shared/i18n/app';
import { appTranslator } from '../../shared/i18n/localize';
import type { AppStatus, ConnectResponse } from '../../shared/messages';
import { languageSchema, placementSchema, type Settings } from '../../shared/storage';
import { patch } from '../render';
import type { OptionsActions, OptionsState } from './state';
import { optionsView } from './view';

const CONNECT_ERRORS: Record<Extract<ConnectResponse, { ok: false }>['error'], AppMessageKey> = {
  empty: 'errorEmpty',
  'too-long': 'errorTooLong',
  'invalid-characters': 'errorInvalidCharacters',
  rejected: 'errorRejected',
  unavailable: 'errorUnavailable',
};

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

export function startOptions(deps: OptionsDeps): { readonly state: OptionsState } {
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
  let focusNext: string | null = null;

  function render(): void {
    const { locale, t } = appTranslator(state.settings.language, state.uiLanguage);
    deps.document.documentElement.lang = locale;
    deps.document.title = t('optionsTitle');
    patch(deps.root, optionsView(state, t, actions));
    if (focusNext) deps.document.getElementById(focusNext)?.focus();
    focusNext = null;
  }

  function set(change: Partial<OptionsState>, focus: string | null = null): void {
    state = { ...state, ...change };
    focusNext = focus;
    render();
  }

  async function refreshStatus(): Promise<void> {
    set({ status: await deps.background.status() });
  }

  async function disconnect(discardQueue: boolean): Promise<void> {
    await deps.background.disconnect(discardQueue);
    state = { ...state, connectionNotice: 'disconnectedNotice' };
    await refreshStatus();
    set({}, 'api-key');
  }

  const saveSettings = (change: Partial<Settings>): void => void deps.settings.set({ ...state.settings, ...change });

  const actions: OptionsActions = {
    typeKey(value) {
      // The field already shows it: the state follows, without a redraw.
      state = { ...state, apiKey: value };
    },
    toggleKey: () => set({ showKey: !state.showKey }),
    connect() {
      set({ connecting: true, keyError: null, connectionNotice: null });
      void (async () => {
        let connected = false;
        try {
          const answer = await deps.background.connect(state.apiKey);
          connected = answer.ok;
          state = answer.ok ? { ...state, apiKey: '', showKey: false } : { ...state, keyError: CONNECT_ERRORS[answer.error] };
        } catch {
          state = { ...state, keyError: 'errorUnavailable' };
        }
        state = { ...state, connecting: false };
        await refreshStatus().catch(() => render());
        // The form is gone once connected: keep the keyboard user's place on what replaced it.
        set({}, connected ? 'connected-as' : 'api-key');
      })();
    },
    disconnect() {
      void (async () => {
        // Ask the background now: a capture queued since this page last looked must not go unasked.
        await refreshStatus();
        const waiting = (state.status?.waiting ?? 0) + (state.status?.needsAttention.length ?? 0);
        if (waiting === 0) await disconnect(false);
        else set({ dialog: { kind: 'disconnect', waiting } });
      })();
    },
    answerDisconnect(answer) {
      set({ dialog: null });
      if (answer !== 'cancel') void disconnect(answer === 'discard');
    },
    setPlatform: (source, on) => saveSettings({ [source]: on }),
    setPlacement(value) {
      const placement = placementSchema.safeParse(value);
      if (placement.success) saveSettings({ placement: placement.data });
    },
    setLanguage(value) {
      const language = languageSchema.safeParse(value);
      if (language.success) saveSettings({ language: language.data });
    },
    exportData() {
      void (async () => {
        const answer = await deps.background.exportData();
        deps.download(JSON.stringify(answer.data, null, 2), `metrikia-companion-data-${new Date().toISOString().slice(0, 10)}.json`);
        set({ dataNotice: 'exportedNotice' });
      })();
    },
    askClear: () => set({ dialog: { kind: 'clear' } }),
    answerClear(clear) {
      set({ dialog: null });
      if (!clear) return;
      void (async () => {
        await deps.background.clearData();
        state = { ...state, dataNotice: 'clearedNotice' };
        await refreshStatus();
      })();
    },
    dialogClosed() {
      if (state.dialog) set({ dialog: null });
    },
  };

  deps.settings.watch((settings) => set({ settings }));
  // Captures, the cache and the connection change in the background; keep the counts current.
  // A drain writes storage many times a second; redraw a few times a second at most.
  const refreshOnStorageChange = coalesce(refreshStatus, { minIntervalMs: 250 });
  deps.onStaleStatus(() => void refreshOnStorageChange().catch(() => undefined));

  render();
  void deps.settings.get().then((settings) => set({ settings }));
  void refreshStatus();
  return {
    get state() {
      return state;
    },
  };
}
