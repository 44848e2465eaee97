/**
 * The options page: connect or disconnect the API key, turn each platform on or off, choose where
 * Capture appears, pick the language, and see, export or clear what the extension keeps on this
 * device.
 */
import { browser } from 'wxt/browser';
import { coalesce } from '@/lib/shared/coalesce';
import type { AppMessageKey } from '@/lib/shared/i18n/app';
import type { Translate } from '@/lib/shared/i18n/translate';
import type { AppStatus, ConnectResponse } from '@/lib/shared/messages';
import { languageSchema, placementSchema, settingsItem, type Settings } from '@/lib/shared/storage';
import { background } from '@/lib/pages/app-client';
import { byId } from '@/lib/pages/dom';
import { appTranslator, localizeDocument } from '@/lib/shared/i18n/localize';

const connectErrors: Record<Extract<ConnectResponse, { ok: false }>['error'], AppMessageKey> = {
  empty: 'errorEmpty',
  'too-long': 'errorTooLong',
  'invalid-characters': 'errorInvalidCharacters',
  rejected: 'errorRejected',
  unavailable: 'errorUnavailable',
};

const form = byId('connect-form', HTMLFormElement);
const keyInput = byId('api-key', HTMLInputElement);
const toggleKey = byId('toggle-key', HTMLButtonElement);
const connectButton = byId('connect', HTMLButtonElement);
const keyError = byId('api-key-error', HTMLElement);
const connectionNotice = byId('connection-notice', HTMLElement);
const connectedRow = byId('connected', HTMLElement);
const connectedAs = byId('connected-as', HTMLElement);
const keyRejected = byId('key-rejected', HTMLElement);
const disconnectButton = byId('disconnect', HTMLButtonElement);
const disconnectDialog = byId('disconnect-dialog', HTMLDialogElement);
const disconnectQuestion = byId('disconnect-question', HTMLElement);
const linkedinBox = byId('platform-linkedin', HTMLInputElement);
const instagramBox = byId('platform-instagram', HTMLInputElement);
const languageSelect = byId('language', HTMLSelectElement);
const placementRadios = [byId('placement-page', HTMLInputElement), byId('placement-toolbar', HTMLInputElement)];
const dataNotice = byId('data-notice', HTMLElement);
const clearDialog = byId('clear-dialog', HTMLDialogElement);

let settings: Settings = settingsItem.fallback;
let status: AppStatus | null = null;
let translator = appTranslator(settings.language, browser.i18n.getUILanguage());
/** The last message shown under the key field, re-rendered in the new language on a change. */
let keyErrorKey: AppMessageKey | null = null;
let connectionNoticeKey: AppMessageKey | null = null;
let dataNoticeKey: AppMessageKey | null = null;

const t: Translate<AppMessageKey> = (key, params) => translator.t(key, params);

function render(): void {
  localizeDocument(document, translator.locale, t);
  document.title = t('optionsTitle');
  const showing = keyInput.type === 'text';
  toggleKey.textContent = t(showing ? 'hideKey' : 'showKey');
  toggleKey.setAttribute('aria-label', t(showing ? 'hideKeyLabel' : 'showKeyLabel'));
  keyError.textContent = keyErrorKey ? t(keyErrorKey) : '';
  connectionNotice.textContent = connectionNoticeKey ? t(connectionNoticeKey) : '';
  dataNotice.textContent = dataNoticeKey ? t(dataNoticeKey) : '';
  linkedinBox.checked = settings.linkedin;
  instagramBox.checked = settings.instagram;
  languageSelect.value = settings.language;
  for (const radio of placementRadios) radio.checked = radio.value === settings.placement;

  const connection = status?.connection ?? null;
  const keyWasRejected = Boolean(status?.keyRejected && connection);
  connectedRow.hidden = connection === null;
  connectedAs.textContent = connection
    ? t('connectedTo', { organization: connection.organizationName, email: connection.email })
    : '';
  connectedAs.dataset.state = keyWasRejected ? 'attention' : 'connected';
  keyRejected.hidden = !keyWasRejected;
  // A working connection needs no key field; a rejected one asks for a new key right here.
  form.hidden = connection !== null && !keyWasRejected;
  byId('count-cached', HTMLElement).textContent = t('cachedProfiles', { count: status?.cachedProfiles ?? 0 });
  byId('count-waiting', HTMLElement).textContent = t('waitingCount', { count: status?.waiting ?? 0 });
  byId('count-attention', HTMLElement).textContent = t('needsAttentionCount', {
    count: status?.needsAttention.length ?? 0,
  });
  const unreadable = byId('count-unreadable', HTMLElement);
  unreadable.hidden = !status?.unreadable;
  unreadable.textContent = status?.unreadable ? t('unreadableCount', { count: status.unreadable }) : '';
}

async function refreshStatus(): Promise<void> {
  status = await background.status();
  render();
}

toggleKey.addEventListener('click', () => {
  keyInput.type = keyInput.type === 'password' ? 'text' : 'password';
  render();
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void (async () => {
    let connected = false;
    connectButton.disabled = true;
    connectButton.textContent = t('connecting');
    keyErrorKey = null;
    connectionNoticeKey = null;
    try {
      const answer = await background.connect(keyInput.value);
      connected = answer.ok;
      if (answer.ok) {
        keyInput.value = '';
        keyInput.type = 'password';
        keyInput.removeAttribute('aria-invalid');
      } else {
        keyErrorKey = connectErrors[answer.error];
        keyInput.setAttribute('aria-invalid', 'true');
      }
    } catch {
      keyErrorKey = 'errorUnavailable';
    } finally {
      connectButton.disabled = false;
      await refreshStatus();
    }
    // The form is gone once connected: keep the keyboard user's place on what replaced it.
    if (connected) connectedAs.focus();
    else keyInput.focus();
  })();
});

async function disconnect(discardQueue: boolean): Promise<void> {
  await background.disconnect(discardQueue);
  connectionNoticeKey = 'disconnectedNotice';
  await refreshStatus();
  keyInput.focus();
}

disconnectButton.addEventListener('click', () => {
  void (async () => {
    // Ask the background now: a capture queued since this page last looked must not go unasked.
    await refreshStatus();
    const waiting = (status?.waiting ?? 0) + (status?.needsAttention.length ?? 0);
    if (waiting === 0) {
      await disconnect(false);
      return;
    }
    disconnectQuestion.textContent = t('disconnectQuestion', { count: waiting });
    disconnectDialog.showModal();
  })();
});
byId('disconnect-keep', HTMLButtonElement).addEventListener('click', () => {
  disconnectDialog.close();
  void disconnect(false);
});
byId('disconnect-discard', HTMLButtonElement).addEventListener('click', () => {
  disconnectDialog.close();
  void disconnect(true);
});
byId('disconnect-cancel', HTMLButtonElement).addEventListener('click', () => disconnectDialog.close());

function savePlatforms(): void {
  void settingsItem.set({ ...settings, linkedin: linkedinBox.checked, instagram: instagramBox.checked });
}
linkedinBox.addEventListener('change', savePlatforms);
instagramBox.addEventListener('change', savePlatforms);
for (const radio of placementRadios) {
  radio.addEventListener('change', () => {
    const placement = placementSchema.safeParse(radio.value);
    if (radio.checked && placement.success) void settingsItem.set({ ...settings, placement: placement.data });
  });
}
languageSelect.addEventListener('change', () => {
  const language = languageSchema.safeParse(languageSelect.value);
  if (language.success) void settingsItem.set({ ...settings, language: language.data });
});

byId('export', HTMLButtonElement).addEventListener('click', () => {
  void (async () => {
    const answer = await background.exportData();
    const blob = new Blob([JSON.stringify(answer.data, null, 2)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `metrikia-companion-data-${new Date().toISOString().slice(0, 10)}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    dataNoticeKey = 'exportedNotice';
    render();
  })();
});
byId('clear', HTMLButtonElement).addEventListener('click', () => clearDialog.showModal());
byId('clear-cancel', HTMLButtonElement).addEventListener('click', () => clearDialog.close());
byId('clear-confirm', HTMLButtonElement).addEventListener('click', () => {
  clearDialog.close();
  void (async () => {
    await background.clearData();
    dataNoticeKey = 'clearedNotice';
    await refreshStatus();
  })();
});

function applySettings(next: Settings): void {
  settings = next;
  translator = appTranslator(settings.language, browser.i18n.getUILanguage());
  render();
}
settingsItem.watch(applySettings);
// Captures, the cache and the connection change in the background; keep the counts current.
// A drain writes storage many times a second; redraw a few times a second at most.
const refreshOnStorageChange = coalesce(() => refreshStatus(), { minIntervalMs: 250 });
browser.storage.onChanged.addListener((_changes, area) => {
  if (area === 'local') void refreshOnStorageChange().catch(() => undefined);
});
window.addEventListener('focus', () => void refreshStatus());

render();
void settingsItem.get().then(applySettings);
void refreshStatus();
