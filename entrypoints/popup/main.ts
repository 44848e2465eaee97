/**
 * The popup: who is connected, the Capture action for the profile in the current tab (the same
 * states as the page's button), what waits to be sent, and what needs the rep's attention.
 */
import { browser } from 'wxt/browser';
import { describeState } from '@/lib/capture-button';
import { canonicalProfileUrl } from '@/lib/profile-url';
import { buttonCatalogs } from '@/lib/i18n/button';
import type { AppMessageKey } from '@/lib/i18n/app';
import { createTranslator, type Translate } from '@/lib/i18n/translate';
import { tabStateSchema, type AppStatus, type NeedsAttentionItem, type TabState } from '@/lib/messages';
import { settingsItem, type Settings } from '@/lib/storage';
import { background } from '@/lib/ui/app-client';
import { byId } from '@/lib/ui/dom';
import { appTranslator, localizeDocument } from '@/lib/ui/localize';

const connectionText = byId('connection-text', HTMLElement);
const openSettings = byId('open-settings', HTMLButtonElement);
const keyRejected = byId('key-rejected', HTMLElement);
const tabText = byId('tab-text', HTMLElement);
const tabCapture = byId('tab-capture', HTMLButtonElement);
const tabCaptureAgain = byId('tab-capture-again', HTMLButtonElement);
const tabDetail = byId('tab-detail', HTMLElement);
const waitingText = byId('waiting-text', HTMLElement);
const retryNow = byId('retry-now', HTMLButtonElement);
const expiredText = byId('expired-text', HTMLElement);
const shortcutText = byId('shortcut-text', HTMLElement);
/** The capture shortcut as the rep set it in chrome://extensions/shortcuts; empty when unset. */
let shortcut = '';
const attention = byId('attention', HTMLElement);
const attentionList = byId('attention-list', HTMLUListElement);

let settings: Settings = settingsItem.fallback;
let translator = appTranslator(settings.language, browser.i18n.getUILanguage());
const t: Translate<AppMessageKey> = (key, params) => translator.t(key, params);
let status: AppStatus | null = null;
/** The active tab, when it is a LinkedIn or Instagram page. */
let tabId: number | null = null;
let tabUrl: string | null = null;
/** What the tab's content script said; null when it did not answer. */
let tabState: TabState | null = null;
/** The item whose edit form is open. */
let editing: string | null = null;

function renderTab(): void {
  const buttonT = createTranslator(buttonCatalogs, translator.locale);
  const profile = tabUrl ? canonicalProfileUrl(tabUrl) : null;
  tabCapture.hidden = true;
  tabCaptureAgain.hidden = true;
  tabDetail.textContent = '';
  if (!profile) {
    tabText.textContent = t('noProfile');
  } else if (!settings[profile.source]) {
    tabText.textContent = t('platformOff');
  } else if (!tabState) {
    tabText.textContent = t('reloadPage');
  } else if (!tabState.state) {
    tabText.textContent = t('noProfile');
  } else {
    tabText.textContent = '';
    const view = describeState(tabState.state, buttonT, translator.locale);
    tabCapture.hidden = false;
    tabCapture.textContent = view.label;
    tabCapture.dataset.kind = tabState.state.kind;
    tabCapture.disabled = tabState.state.kind === 'capturing';
    tabDetail.textContent = view.detail;
    if (tabState.state.kind === 'captured') {
      tabCaptureAgain.hidden = false;
      tabCaptureAgain.textContent = buttonT('captureAgain');
    }
  }
}

function attentionItem(item: NeedsAttentionItem): HTMLLIElement {
  const name = `${item.firstName} ${item.lastName}`.trim();
  const li = document.createElement('li');
  const title = document.createElement('p');
  title.className = 'item-name';
  title.textContent = name;
  const reason = document.createElement('p');
  reason.className = 'item-reason';
  reason.textContent = item.reason ? t('rejectedReason', { reason: item.reason }) : t('rejectedNoReason');
  li.append(title, reason);

  if (editing === item.id) {
    li.append(editForm(item));
    return li;
  }
  const actions = document.createElement('div');
  actions.className = 'row';
  const edit = document.createElement('button');
  edit.type = 'button';
  edit.className = 'secondary';
  edit.textContent = t('edit');
  edit.setAttribute('aria-label', t('editLabel', { name }));
  edit.addEventListener('click', () => {
    editing = item.id;
    render();
    attentionList.querySelector<HTMLInputElement>('input')?.focus();
  });
  const discard = document.createElement('button');
  discard.type = 'button';
  discard.className = 'danger';
  discard.textContent = t('discard');
  discard.setAttribute('aria-label', t('discardLabel', { name }));
  discard.addEventListener('click', () => {
    void background.discard(item.id).then(refreshStatus);
  });
  actions.append(edit, discard);
  li.append(actions);
  return li;
}

function labelledInput(id: string, label: string, value: string, maxLength: number): [HTMLLabelElement, HTMLInputElement] {
  const labelElement = document.createElement('label');
  labelElement.htmlFor = id;
  labelElement.textContent = label;
  const input = document.createElement('input');
  input.type = 'text';
  input.id = id;
  input.value = value;
  input.maxLength = maxLength;
  return [labelElement, input];
}

function editForm(item: NeedsAttentionItem): HTMLFormElement {
  const form = document.createElement('form');
  form.className = 'edit-form';
  form.noValidate = true;
  const first = labelledInput(`first-${item.id}`, t('firstName'), item.firstName, 100);
  const last = labelledInput(`last-${item.id}`, t('lastName'), item.lastName, 100);
  const title = item.source === 'linkedin' ? labelledInput(`title-${item.id}`, t('jobTitle'), item.jobTitle ?? '', 200) : null;
  const error = document.createElement('p');
  error.className = 'error';
  error.setAttribute('role', 'alert');
  const actions = document.createElement('div');
  actions.className = 'row';
  const save = document.createElement('button');
  save.type = 'submit';
  save.textContent = t('saveAndSend');
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'secondary';
  cancel.textContent = t('cancel');
  cancel.addEventListener('click', () => {
    editing = null;
    render();
  });
  actions.append(save, cancel);
  form.append(...first, ...last, ...(title ?? []), error, actions);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const answer = await background.edit(item.id, {
        firstName: first[1].value,
        lastName: last[1].value,
        jobTitle: title ? title[1].value : null,
      });
      if (!answer.ok) {
        error.textContent = t('editInvalid');
        return;
      }
      editing = null;
      await refreshStatus();
    })();
  });
  return form;
}

function render(): void {
  localizeDocument(document, translator.locale, t);
  const connection = status?.connection ?? null;
  connectionText.textContent = connection
    ? t('connectedTo', { organization: connection.organizationName, email: connection.email })
    : t('notConnected');
  openSettings.hidden = connection !== null && !status?.keyRejected;
  keyRejected.hidden = !(status?.keyRejected && connection);
  const waiting = status?.waiting ?? 0;
  waitingText.textContent = waiting === 0 ? t('nothingWaiting') : t('waitingCount', { count: waiting });
  retryNow.hidden = waiting === 0;
  expiredText.textContent = status?.expiredCount ? t('expiredCount', { count: status.expiredCount }) : '';
  const items = status?.needsAttention ?? [];
  attention.hidden = items.length === 0;
  attentionList.replaceChildren(...items.map(attentionItem));
  shortcutText.textContent = shortcut ? t('shortcutHint', { shortcut }) : '';
  renderTab();
}

async function refreshStatus(): Promise<void> {
  status = await background.status();
  render();
}

async function askTab(request: { type: 'get-state' } | { type: 'capture-request' }): Promise<void> {
  if (tabId === null) return;
  try {
    tabState = tabStateSchema.parse(await browser.tabs.sendMessage(tabId, request));
  } catch {
    tabState = null; // no content script in that tab (opened before install, or another site)
  }
  render();
}

openSettings.addEventListener('click', () => void browser.runtime.openOptionsPage());
retryNow.addEventListener('click', () => {
  retryNow.disabled = true;
  void background.retryNow()
    .then((next) => {
      status = next;
    })
    .finally(() => {
      retryNow.disabled = false;
      render();
    });
});
tabCapture.addEventListener('click', () => {
  const kind = tabState?.state?.kind;
  if (kind === 'not-connected') {
    void browser.runtime.openOptionsPage();
    return;
  }
  if (kind === 'captured') {
    tabCaptureAgain.focus();
    return;
  }
  if (tabState?.state) tabState = { ...tabState, state: { kind: 'capturing' } };
  render();
  void askTab({ type: 'capture-request' }).then(refreshStatus);
});
tabCaptureAgain.addEventListener('click', () => void askTab({ type: 'capture-request' }).then(refreshStatus));

settingsItem.watch((next) => {
  settings = next;
  translator = appTranslator(settings.language, browser.i18n.getUILanguage());
  render();
});

void (async () => {
  settings = await settingsItem.get();
  translator = appTranslator(settings.language, browser.i18n.getUILanguage());
  render();
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  // Without the "tabs" permission, Chrome reveals the URL only of tabs on our host permissions.
  tabId = tab?.id ?? null;
  tabUrl = tab?.url ?? null;
  const commands = await browser.commands.getAll();
  shortcut = commands.find((command) => command.name === 'capture-profile')?.shortcut ?? '';
  await Promise.all([refreshStatus(), askTab({ type: 'get-state' })]);
})();
