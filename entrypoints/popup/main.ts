/**
 * The popup: who is connected, the Capture action for the profile in the current tab (the same
 * states as the page's button), what waits to be sent, and what needs the rep's attention.
 *
 * Capture goes popup → worker (`capture-tab`) → the tab's content script, the same route as the
 * keyboard shortcut; "Enter details" sends what the rep typed along that route.
 */
import { browser } from 'wxt/browser';
import { coalesce } from '@/lib/shared/coalesce';
import { describeState } from '@/lib/shared/button-label';
import { LIMITS } from '@/lib/shared/contract';
import { canonicalProfileUrl } from '@/lib/shared/profile-url';
import { buttonCatalogs } from '@/lib/shared/i18n/button';
import type { AppMessageKey } from '@/lib/shared/i18n/app';
import { createTranslator, type Translate } from '@/lib/shared/i18n/translate';
import { tabStateSchema, type AppStatus, type EnteredDetails, type NeedsAttentionItem, type TabState } from '@/lib/shared/messages';
import { settingsItem, type Settings } from '@/lib/shared/storage';
import { background } from '@/lib/pages/app-client';
import { currentTabView } from '@/lib/pages/current-tab';
import { byId } from '@/lib/pages/dom';
import { DETAILS_LIMITS } from '@/lib/shared/limits';
import { checkEnteredDetails, enterDetailsPrefill, type DetailsField } from '@/lib/pages/entered-details';
import { appTranslator, localizeDocument } from '@/lib/shared/i18n/localize';

const connectionText = byId('connection-text', HTMLElement);
const openSettings = byId('open-settings', HTMLButtonElement);
const keyRejected = byId('key-rejected', HTMLElement);
const tabText = byId('tab-text', HTMLElement);
const tabCapture = byId('tab-capture', HTMLButtonElement);
const tabCaptureLabel = byId('tab-capture-label', HTMLElement);
const tabCaptureAgain = byId('tab-capture-again', HTMLButtonElement);
const tabDetail = byId('tab-detail', HTMLElement);
const waitingText = byId('waiting-text', HTMLElement);
const retryNow = byId('retry-now', HTMLButtonElement);
const expiredText = byId('expired-text', HTMLElement);
const shortcutText = byId('shortcut-text', HTMLElement);
const setShortcut = byId('set-shortcut', HTMLButtonElement);
const attention = byId('attention', HTMLElement);
const attentionList = byId('attention-list', HTMLUListElement);
const outboxFull = byId('outbox-full', HTMLElement);
const enterDetails = byId('tab-enter-details', HTMLButtonElement);
const detailsSlot = byId('details-slot', HTMLElement);
const detailsTemplate = byId('details-template', HTMLTemplateElement);

/** The open "Enter details" form: one copy of the template, kept until it closes. */
interface DetailsForm {
  form: HTMLFormElement;
  inputs: Record<DetailsField, HTMLInputElement>;
  errors: Record<DetailsField, HTMLElement>;
  titleRow: HTMLElement;
  capture: HTMLButtonElement;
}
const DETAILS_FIELDS: readonly DetailsField[] = ['firstName', 'lastName', 'jobTitle'];

let settings: Settings = settingsItem.fallback;
let translator = appTranslator(settings.language, browser.i18n.getUILanguage());
const t: Translate<AppMessageKey> = (key, params) => translator.t(key, params);
let status: AppStatus | null = null;
/** The tab the popup was opened over (the active tab of its window). */
let tabId: number | null = null;
/** Its address; Chrome reveals it only on our host permissions (LinkedIn, Instagram). */
let tabUrl: string | null = null;
/** What the tab's content script said; null when it did not answer. */
let tabState: TabState | null = null;
/** The capture shortcut as the rep set it in chrome://extensions/shortcuts; null until known. */
let shortcut: string | null = null;
/** "Enter details" while open (its inputs hold what was typed), and the problems last found in it. */
let details: DetailsForm | null = null;
let detailsProblems: Partial<Record<DetailsField, 'required' | 'too-long'>> = {};
/** The needs-attention item whose edit form is open, and what was typed so far. */
let editing: { id: string; firstName: string; lastName: string; jobTitle: string; invalid: boolean } | null = null;

const DETAILS_FIELD_NAMES: Record<DetailsField, AppMessageKey> = {
  firstName: 'firstName',
  lastName: 'lastName',
  jobTitle: 'jobTitle',
};

/** The form's messages, in the current language; never rebuilds the form or touches its inputs. */
function renderDetails(): void {
  if (!details) return;
  const source = tabUrl ? canonicalProfileUrl(tabUrl)?.source : undefined;
  details.titleRow.hidden = source !== 'linkedin';
  for (const field of DETAILS_FIELDS) {
    const problem = detailsProblems[field];
    details.errors[field].textContent =
      problem === 'required'
        ? t('firstNameRequired')
        : problem === 'too-long'
          ? t('fieldTooLong', { field: t(DETAILS_FIELD_NAMES[field]), max: DETAILS_LIMITS[field] })
          : '';
    if (problem) details.inputs[field].setAttribute('aria-invalid', 'true');
    else details.inputs[field].removeAttribute('aria-invalid');
  }
}

function part<T extends HTMLElement>(root: ParentNode, id: string, type: { new (): T; prototype: T }): T {
  const element = root.querySelector(`#${id}`);
  if (!(element instanceof type)) throw new Error(`#${id} is missing from the details template`);
  return element;
}

function openDetails(prefill: EnteredDetails): void {
  const copy = detailsTemplate.content.cloneNode(true);
  if (!(copy instanceof DocumentFragment)) return;
  const form: DetailsForm = {
    form: part(copy, 'details-form', HTMLFormElement),
    inputs: {
      firstName: part(copy, 'details-first', HTMLInputElement),
      lastName: part(copy, 'details-last', HTMLInputElement),
      jobTitle: part(copy, 'details-title', HTMLInputElement),
    },
    errors: {
      firstName: part(copy, 'details-first-error', HTMLElement),
      lastName: part(copy, 'details-last-error', HTMLElement),
      jobTitle: part(copy, 'details-title-error', HTMLElement),
    },
    titleRow: part(copy, 'details-title-row', HTMLElement),
    capture: part(copy, 'details-capture', HTMLButtonElement),
  };
  form.inputs.firstName.value = prefill.firstName;
  form.inputs.lastName.value = prefill.lastName;
  form.inputs.jobTitle.value = prefill.jobTitle ?? '';
  // The field never holds more than the contract allows; a longer prefill is reported on Capture.
  for (const field of DETAILS_FIELDS) form.inputs[field].maxLength = DETAILS_LIMITS[field];
  part(copy, 'details-cancel', HTMLButtonElement).addEventListener('click', () => closeDetails(true));
  form.form.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    closeDetails(true);
  });
  form.form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitDetails(form);
  });
  detailsSlot.replaceChildren(copy);
  details = form;
  detailsProblems = {};
  render();
  form.inputs.firstName.focus();
}

function closeDetails(keepFocus: boolean): void {
  details = null;
  detailsProblems = {};
  detailsSlot.replaceChildren();
  render();
  if (keepFocus) (enterDetails.hidden ? tabCapture : enterDetails).focus();
}

function submitDetails(form: DetailsForm): void {
  const source = tabUrl ? canonicalProfileUrl(tabUrl)?.source : undefined;
  if (!source) return;
  const check = checkEnteredDetails(
    { firstName: form.inputs.firstName.value, lastName: form.inputs.lastName.value, jobTitle: form.inputs.jobTitle.value },
    source,
  );
  if (!check.ok) {
    detailsProblems = check.problems;
    render();
    const first = DETAILS_FIELDS.find((field) => check.problems[field]);
    if (first) form.inputs[first].focus();
    return;
  }
  form.capture.disabled = true;
  closeDetails(false);
  if (tabState?.state) tabState = { ...tabState, state: { kind: 'capturing' } };
  render();
  tabCapture.focus();
  void captureInTab(check.details).then(refreshStatus);
}

/** The worker's answer names the failure; the popup may say more than the page's button. */
function popupDetail(state: TabState['state']): string | null {
  if (state?.kind !== 'failed') return null;
  if (state.reason === 'outbox-full') return t('outboxFullCapture');
  if (state.reason === 'throttled') return t('throttledCapture');
  return null;
}

function renderTab(): void {
  const view = currentTabView(tabUrl, settings, tabState);
  tabCapture.hidden = view.kind !== 'capture';
  tabCaptureAgain.hidden = true;
  tabDetail.textContent = '';
  const prefill = view.kind === 'capture' ? enterDetailsPrefill(view.state) : null;
  enterDetails.hidden = prefill === null || details !== null;
  if (details && view.kind !== 'capture') {
    details = null;
    detailsSlot.replaceChildren();
  }
  renderDetails();
  switch (view.kind) {
    case 'no-profile':
      tabText.textContent = t('noProfile');
      return;
    case 'platform-off':
      tabText.textContent = t('platformOff');
      return;
    case 'reload':
      tabText.textContent = t('reloadPage');
      return;
    case 'capture': {
      const buttonT = createTranslator(buttonCatalogs, translator.locale);
      const { label, detail } = describeState(view.state, buttonT, translator.locale);
      tabText.textContent = '';
      tabCaptureLabel.textContent = label;
      tabCapture.dataset.kind = view.state.kind;
      tabCapture.setAttribute('aria-busy', String(view.state.kind === 'capturing'));
      tabDetail.textContent = popupDetail(view.state) ?? detail;
      if (view.state.kind === 'captured') {
        tabCaptureAgain.hidden = false;
        tabCaptureAgain.textContent = buttonT('captureAgain');
        tabCaptureAgain.title = buttonT('captureAgainHint');
      }
    }
  }
}

function itemName(item: NeedsAttentionItem): string {
  return `${item.firstName} ${item.lastName}`.trim();
}

function button(text: string, className: string, label?: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  element.textContent = text;
  if (label) element.setAttribute('aria-label', label);
  return element;
}

function attentionItem(item: NeedsAttentionItem): HTMLLIElement {
  const name = itemName(item);
  const li = document.createElement('li');
  const title = document.createElement('p');
  title.className = 'item-name';
  title.textContent = name;
  const reason = document.createElement('p');
  reason.className = 'item-reason';
  reason.textContent = item.reason ? t('rejectedReason', { reason: item.reason }) : t('rejectedNoReason');
  li.append(title, reason);

  if (editing?.id === item.id) {
    li.append(editForm(item));
    return li;
  }
  const actions = document.createElement('div');
  actions.className = 'item-actions';
  const edit = button(t('edit'), 'secondary small', t('editLabel', { name }));
  edit.addEventListener('click', () => {
    editing = { id: item.id, firstName: item.firstName, lastName: item.lastName, jobTitle: item.jobTitle ?? '', invalid: false };
    render();
    document.getElementById(`first-${item.id}`)?.focus();
  });
  const discard = button(t('discard'), 'danger small', t('discardLabel', { name }));
  discard.addEventListener('click', () => {
    discard.disabled = true;
    void background.discard(item.id).then(refreshStatus).then(keepFocusInQueue);
  });
  actions.append(edit, discard);
  li.append(actions);
  return li;
}

function labelledInput(
  id: string,
  label: string,
  value: string,
  maxLength: number,
  onInput: (value: string) => void,
): [HTMLLabelElement, HTMLInputElement] {
  const labelElement = document.createElement('label');
  labelElement.htmlFor = id;
  labelElement.textContent = label;
  const input = document.createElement('input');
  input.type = 'text';
  input.id = id;
  input.value = value;
  // The contract's limits: the field cannot hold more than the API accepts.
  input.maxLength = maxLength;
  input.autocomplete = 'off';
  input.addEventListener('input', () => onInput(input.value));
  return [labelElement, input];
}

function editForm(item: NeedsAttentionItem): HTMLFormElement {
  const draft = editing;
  if (!draft) throw new Error('no edit in progress');
  const form = document.createElement('form');
  form.className = 'edit-form';
  form.noValidate = true;
  form.setAttribute('aria-label', t('editLabel', { name: itemName(item) }));
  const errorId = `edit-error-${item.id}`;
  const first = labelledInput(`first-${item.id}`, t('firstName'), draft.firstName, LIMITS.firstName, (value) => {
    draft.firstName = value;
  });
  first[1].required = true;
  first[1].setAttribute('aria-describedby', errorId);
  if (draft.invalid) first[1].setAttribute('aria-invalid', 'true');
  const last = labelledInput(`last-${item.id}`, t('lastName'), draft.lastName, LIMITS.lastName, (value) => {
    draft.lastName = value;
  });
  // Instagram has no job title: the contract sends null for it.
  const title =
    item.source === 'linkedin'
      ? labelledInput(`title-${item.id}`, t('jobTitle'), draft.jobTitle, LIMITS.jobTitle, (value) => {
          draft.jobTitle = value;
        })
      : null;
  const error = document.createElement('p');
  error.className = 'error';
  error.id = errorId;
  error.setAttribute('role', 'alert');
  if (draft.invalid) error.textContent = t('editInvalid');
  const actions = document.createElement('div');
  actions.className = 'item-actions';
  const save = document.createElement('button');
  save.type = 'submit';
  save.className = 'small';
  save.textContent = t('saveAndSend');
  const cancel = button(t('cancel'), 'secondary small');
  cancel.addEventListener('click', () => {
    editing = null;
    render();
    attentionList.querySelector<HTMLButtonElement>('button')?.focus();
  });
  actions.append(save, cancel);
  form.append(...first, ...last, ...(title ?? []), error, actions);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      if (draft.firstName.trim() === '') {
        draft.invalid = true;
        render();
        document.getElementById(`first-${item.id}`)?.focus();
        return;
      }
      save.disabled = true;
      const answer = await background.edit(item.id, {
        firstName: draft.firstName,
        lastName: draft.lastName,
        jobTitle: title ? draft.jobTitle : null,
      });
      if (!answer.ok && answer.error === 'invalid') {
        draft.invalid = true;
        render();
        document.getElementById(`first-${item.id}`)?.focus();
        return;
      }
      editing = null;
      await refreshStatus();
      keepFocusInQueue();
    })();
  });
  return form;
}

/** After an item left the list with the focus on it: the next item, or the queue's sentence. */
function keepFocusInQueue(): void {
  if (document.activeElement !== document.body && document.activeElement !== null) return;
  const next = attention.hidden ? null : attentionList.querySelector<HTMLButtonElement>('button');
  (next ?? waitingText).focus();
}

function renderShortcut(): void {
  // Chrome leaves the suggested key unassigned when it clashes with one of its own shortcuts;
  // the rep can then pick one on chrome://extensions/shortcuts.
  shortcutText.textContent = shortcut ? t('shortcutHint', { shortcut }) : '';
  // Always offered: with no shortcut it sets one, with one it changes it.
  setShortcut.hidden = shortcut === null;
}

function render(): void {
  localizeDocument(document, translator.locale, t);
  const connection = status?.connection ?? null;
  const keyWasRejected = Boolean(status?.keyRejected && connection);
  connectionText.textContent = connection
    ? t('connectedTo', { organization: connection.organizationName, email: connection.email })
    : t('notConnected');
  connectionText.dataset.state = !connection ? 'none' : keyWasRejected ? 'attention' : 'connected';
  openSettings.hidden = connection !== null && !keyWasRejected;
  keyRejected.hidden = !keyWasRejected;
  const waiting = status?.waiting ?? 0;
  waitingText.textContent = waiting === 0 ? t('nothingWaiting') : t('waitingCount', { count: waiting });
  retryNow.hidden = waiting === 0;
  expiredText.textContent = status?.expiredCount ? t('expiredCount', { count: status.expiredCount }) : '';
  outboxFull.hidden = !status?.outboxFull;
  const items = status?.needsAttention ?? [];
  if (editing && !items.some((item) => item.id === editing?.id)) editing = null;
  attention.hidden = items.length === 0;
  // Re-rendering an open form would drop the caret; the form keeps its own state meanwhile.
  const focusedId = document.activeElement?.id;
  attentionList.replaceChildren(...items.map(attentionItem));
  if (focusedId && attentionList.querySelector(`#${CSS.escape(focusedId)}`)) document.getElementById(focusedId)?.focus();
  renderShortcut();
  renderTab();
}

async function refreshStatus(): Promise<void> {
  status = await background.status();
  render();
}

async function askTabState(): Promise<void> {
  if (tabId === null) return;
  try {
    tabState = tabStateSchema.parse(await browser.tabs.sendMessage(tabId, { type: 'get-state' }));
  } catch {
    tabState = null; // no content script in that tab (opened before install, or another site)
  }
  render();
}

/** Capture in the tab through the worker (the shortcut's route); null answer: nothing in the tab. */
async function captureInTab(details?: EnteredDetails): Promise<void> {
  if (tabId === null) return;
  try {
    const answer = await background.captureTab(tabId, details);
    tabState = answer.state ? answer : null;
  } catch {
    tabState = null;
  }
  render();
}

function openOptions(): void {
  void browser.runtime.openOptionsPage();
}

openSettings.addEventListener('click', openOptions);
byId('settings-link', HTMLButtonElement).addEventListener('click', openOptions);
setShortcut.addEventListener('click', () => {
  // Extension pages may open this chrome:// page with tabs.create (a link to it does nothing).
  void browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
});
retryNow.addEventListener('click', () => {
  // Chrome takes the focus off a button while it is disabled: give it back afterwards.
  const hadFocus = document.activeElement === retryNow;
  retryNow.disabled = true;
  void background
    .retryNow()
    .then((next) => {
      status = next;
    })
    .finally(() => {
      retryNow.disabled = false;
      render();
      if (!hadFocus) return;
      // Once everything is sent the button goes away: keep the keyboard user's place on the
      // sentence that says so, rather than dropping the focus to the top of the popup.
      if (retryNow.hidden) waitingText.focus();
      else retryNow.focus();
    });
});
tabCapture.addEventListener('click', () => {
  const kind = tabState?.state?.kind;
  if (kind === 'capturing') return;
  if (kind === 'not-connected') {
    openOptions();
    return;
  }
  if (kind === 'captured') {
    // As on the page: a second click offers "Capture again" instead of sending twice.
    tabCaptureAgain.focus();
    return;
  }
  if (tabState?.state) tabState = { ...tabState, state: { kind: 'capturing' } };
  render();
  void captureInTab().then(refreshStatus);
});
tabCaptureAgain.addEventListener('click', () => {
  if (tabState?.state) tabState = { ...tabState, state: { kind: 'capturing' } };
  render();
  tabCapture.focus();
  void captureInTab().then(refreshStatus);
});
enterDetails.addEventListener('click', () => {
  const prefill = enterDetailsPrefill(tabState?.state);
  if (prefill) openDetails(prefill);
});

settingsItem.watch((next) => {
  settings = next;
  translator = appTranslator(settings.language, browser.i18n.getUILanguage());
  render();
});
// Deliveries, retries and edits change the queue in the background; keep what is shown current.
// A drain writes storage many times a second; redraw a few times a second at most.
const refreshOnStorageChange = coalesce(() => refreshStatus(), { minIntervalMs: 250 });
browser.storage.onChanged.addListener((_changes, area) => {
  if (area === 'local') void refreshOnStorageChange().catch(() => undefined);
});

void (async () => {
  settings = await settingsItem.get();
  translator = appTranslator(settings.language, browser.i18n.getUILanguage());
  render();
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  tabId = tab?.id ?? null;
  tabUrl = tab?.url ?? null;
  const commands = await browser.commands.getAll();
  shortcut = commands.find((command) => command.name === 'capture-profile')?.shortcut ?? '';
  await Promise.all([refreshStatus(), askTabState()]);
})();
