/**
 * The popup, drawn from its state: header, connection, this page's Capture, the queue, what needs
 * attention, the footer. Each section is one function of the state; adding one is one more call
 * in `popupView`. Elements that persist across redraws carry ids or keys, so the renderer keeps
 * them (and the rep's text, caret and focus in them).
 */
import { describeState } from '../../shared/button-label';
import { LIMITS } from '../../shared/contract';
import type { AppMessageKey } from '../../shared/i18n/app';
import type { ButtonMessageKey } from '../../shared/i18n/button';
import type { Locale, Translate } from '../../shared/i18n/translate';
import { DETAILS_LIMITS } from '../../shared/limits';
import type { ButtonState, NeedsAttentionItem } from '../../shared/messages';
import { canonicalProfileUrl } from '../../shared/profile-url';
import { currentTabView } from '../current-tab';
import { enterDetailsPrefill, type DetailsField } from '../entered-details';
import { h, type Child, type VNode } from '../render';
import type { PopupState, TypedFields } from './state';

export interface PopupWords {
  locale: Locale;
  t: Translate<AppMessageKey>;
  buttonT: Translate<ButtonMessageKey>;
}

/** What the rep can do in the popup; the controller carries each out. */
export interface PopupActions {
  openSettings(): void;
  setShortcut(): void;
  retryNow(): void;
  activateCapture(): void;
  captureAgain(): void;
  openDetails(): void;
  closeDetails(): void;
  typeDetails(field: DetailsField, value: string): void;
  submitDetails(): void;
  edit(id: string): void;
  typeEdit(field: DetailsField, value: string): void;
  cancelEdit(): void;
  submitEdit(): void;
  discard(id: string): void;
}

/** The ids of "Enter details"' inputs (the tests and the focus find them by these). */
export const DETAILS_INPUT_IDS: Record<DetailsField, string> = { firstName: 'details-first', lastName: 'details-last', jobTitle: 'details-title' };

const FIELD_LABELS: Record<DetailsField, AppMessageKey> = { firstName: 'firstName', lastName: 'lastName', jobTitle: 'jobTitle' };

const button = (props: Record<string, unknown>, ...children: Child[]): VNode => h('button', { type: 'button', ...props }, ...children);

function header(words: PopupWords): VNode {
  return h(
    'header',
    { class: 'popup-header' },
    h('div', { class: 'brand' }, h('img', { src: '/icons/32.png', alt: '' }), h('h1', null, words.t('popupTitle'))),
  );
}

function connectionSection(state: PopupState, words: PopupWords, actions: PopupActions): VNode {
  const { t } = words;
  const connection = state.status?.connection ?? null;
  const keyWasRejected = Boolean(state.status?.keyRejected && connection);
  return h(
    'section',
    { 'aria-label': t('connectionHeading') },
    h('p', { id: 'key-rejected', class: 'banner', role: 'alert', hidden: !keyWasRejected }, keyWasRejected ? t('keyRejectedBanner') : ''),
    h(
      'p',
      { id: 'connection-text', class: 'status', 'data-state': !connection ? 'none' : keyWasRejected ? 'attention' : 'connected' },
      connection ? t('connectedTo', { organization: connection.organizationName, email: connection.email }) : t('notConnected'),
    ),
    button(
      { id: 'open-settings', class: 'open-settings', hidden: connection !== null && !keyWasRejected, onclick: actions.openSettings },
      t('openSettings'),
    ),
  );
}

/** The worker's answer names the failure; the popup may say more than the page's button. */
function popupDetail(state: ButtonState, t: Translate<AppMessageKey>): string | null {
  if (state.kind !== 'failed') return null;
  if (state.reason === 'outbox-full') return t('outboxFullCapture');
  if (state.reason === 'throttled') return t('throttledCapture');
  return null;
}

const CAPTURE_ICON = h(
  'svg',
  { viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false' },
  h('path', {
    d: 'M4 19V5l8 8 8-8v14',
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': '2.6',
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
  }),
);

function detailsInput(field: DetailsField, id: string, draft: NonNullable<PopupState['details']>, words: PopupWords, actions: PopupActions): Child[] {
  const { t } = words;
  const problem = draft.problems[field];
  const error =
    problem === 'required'
      ? t('firstNameRequired')
      : problem === 'too-long'
        ? t('fieldTooLong', { field: t(FIELD_LABELS[field]), max: DETAILS_LIMITS[field] })
        : '';
  return [
    h('label', { for: id }, t(FIELD_LABELS[field])),
    h('input', {
      id,
      type: 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': `${id}-error`,
      'aria-invalid': problem ? 'true' : null,
      // The field never holds more than the contract allows; a longer prefill is reported on Capture.
      maxLength: DETAILS_LIMITS[field],
      value: draft.values[field],
      oninput: (event: Event) => actions.typeDetails(field, (event.currentTarget as HTMLInputElement).value),
    }),
    h('p', { id: `${id}-error`, class: 'error', role: 'alert' }, error),
  ];
}

function detailsForm(state: PopupState, words: PopupWords, actions: PopupActions): VNode | null {
  const draft = state.details;
  if (!draft) return null;
  const { t } = words;
  const source = state.tab.url ? canonicalProfileUrl(state.tab.url)?.source : undefined;
  return h(
    'form',
    {
      key: 'details-form',
      id: 'details-form',
      class: 'edit-form',
      novalidate: true,
      'aria-labelledby': 'details-title-text',
      'aria-describedby': 'details-hint',
      onkeydown: (event: Event) => {
        if ((event as KeyboardEvent).key !== 'Escape') return;
        event.preventDefault();
        actions.closeDetails();
      },
      onsubmit: (event: Event) => {
        event.preventDefault();
        actions.submitDetails();
      },
    },
    h('p', { id: 'details-title-text', class: 'item-name' }, t('enterDetailsLabel')),
    h('p', { id: 'details-hint', class: 'help' }, t('enterDetailsHint')),
    ...detailsInput('firstName', DETAILS_INPUT_IDS.firstName, draft, words, actions),
    ...detailsInput('lastName', DETAILS_INPUT_IDS.lastName, draft, words, actions),
    h('div', { id: 'details-title-row', class: 'edit-form', hidden: source !== 'linkedin' }, ...detailsInput('jobTitle', DETAILS_INPUT_IDS.jobTitle, draft, words, actions)),
    h(
      'div',
      { class: 'item-actions' },
      h('button', { type: 'submit', id: 'details-capture', class: 'small' }, t('capture')),
      button({ id: 'details-cancel', class: 'secondary small', onclick: actions.closeDetails }, t('cancel')),
    ),
  );
}

function tabSection(state: PopupState, words: PopupWords, actions: PopupActions): VNode {
  const { t, buttonT, locale } = words;
  const view = currentTabView(state.tab.url, state.settings, state.tabState);
  const buttonState = view.kind === 'capture' ? view.state : null;
  const described = buttonState ? describeState(buttonState, buttonT, locale) : null;
  const text =
    view.kind === 'no-profile' ? t('noProfile') : view.kind === 'platform-off' ? t('platformOff') : view.kind === 'reload' ? t('reloadPage') : '';
  const offersDetails = buttonState !== null && enterDetailsPrefill(buttonState) !== null;
  return h(
    'section',
    { 'aria-labelledby': 'tab-heading' },
    h('h2', { id: 'tab-heading' }, t('currentTabHeading')),
    h('p', { id: 'tab-text', class: 'help' }, text),
    h(
      'div',
      { class: 'capture-row' },
      button(
        {
          id: 'tab-capture',
          class: 'capture-action',
          'aria-describedby': 'tab-detail',
          'data-kind': buttonState?.kind ?? null,
          'aria-busy': buttonState ? String(buttonState.kind === 'capturing') : null,
          hidden: buttonState === null,
          onclick: actions.activateCapture,
        },
        CAPTURE_ICON,
        h('span', { id: 'tab-capture-label' }, described?.label ?? ''),
      ),
      button(
        {
          id: 'tab-capture-again',
          class: 'secondary',
          title: buttonState?.kind === 'captured' ? buttonT('captureAgainHint') : null,
          hidden: buttonState?.kind !== 'captured',
          onclick: actions.captureAgain,
        },
        buttonState?.kind === 'captured' ? buttonT('captureAgain') : '',
      ),
    ),
    h('p', { id: 'tab-detail', class: 'help', role: 'status', 'aria-live': 'polite' }, buttonState ? (popupDetail(buttonState, t) ?? described?.detail ?? '') : ''),
    button({ id: 'tab-enter-details', class: 'secondary', hidden: !offersDetails || state.details !== null, onclick: actions.openDetails }, t('enterDetails')),
    h('div', { id: 'details-slot' }, view.kind === 'capture' ? detailsForm(state, words, actions) : null),
  );
}

function queueSection(state: PopupState, words: PopupWords, actions: PopupActions): VNode {
  const { t } = words;
  const waiting = state.status?.waiting ?? 0;
  const expired = state.status?.expiredCount ?? 0;
  return h(
    'section',
    { 'aria-labelledby': 'queue-heading' },
    h('h2', { id: 'queue-heading' }, t('queueHeading')),
    h(
      'div',
      { class: 'queue-row' },
      h('p', { id: 'waiting-text', tabindex: '-1' }, waiting === 0 ? t('nothingWaiting') : t('waitingCount', { count: waiting })),
      button({ id: 'retry-now', class: 'secondary small', hidden: waiting === 0, disabled: state.retrying, onclick: actions.retryNow }, t('retryNow')),
    ),
    h('p', { id: 'outbox-full', class: 'banner', role: 'alert', hidden: !state.status?.outboxFull }, state.status?.outboxFull ? t('outboxFull') : ''),
    h('p', { id: 'expired-text', class: 'help' }, expired ? t('expiredCount', { count: expired }) : ''),
  );
}

export const itemName = (item: Pick<NeedsAttentionItem, 'firstName' | 'lastName'>): string => `${item.firstName} ${item.lastName}`.trim();

function editInput(item: NeedsAttentionItem, field: DetailsField, id: string, values: TypedFields, words: PopupWords, actions: PopupActions, invalid: boolean): Child[] {
  return [
    h('label', { for: id }, words.t(FIELD_LABELS[field])),
    h('input', {
      id,
      type: 'text',
      autocomplete: 'off',
      // The contract's limits: the field cannot hold more than the API accepts.
      maxLength: LIMITS[field],
      required: field === 'firstName',
      'aria-describedby': field === 'firstName' ? `edit-error-${item.id}` : null,
      'aria-invalid': field === 'firstName' && invalid ? 'true' : null,
      value: values[field],
      oninput: (event: Event) => actions.typeEdit(field, (event.currentTarget as HTMLInputElement).value),
    }),
  ];
}

function editForm(item: NeedsAttentionItem, draft: NonNullable<PopupState['editing']>, words: PopupWords, actions: PopupActions): VNode {
  const { t } = words;
  return h(
    'form',
    {
      key: `edit-${item.id}`,
      class: 'edit-form',
      novalidate: true,
      'aria-label': t('editLabel', { name: itemName(item) }),
      onsubmit: (event: Event) => {
        event.preventDefault();
        actions.submitEdit();
      },
    },
    ...editInput(item, 'firstName', `first-${item.id}`, draft.values, words, actions, draft.invalid),
    ...editInput(item, 'lastName', `last-${item.id}`, draft.values, words, actions, draft.invalid),
    // Instagram has no job title: the contract sends null for it.
    ...(item.source === 'linkedin' ? editInput(item, 'jobTitle', `title-${item.id}`, draft.values, words, actions, draft.invalid) : []),
    h('p', { id: `edit-error-${item.id}`, class: 'error', role: 'alert' }, draft.invalid ? t('editInvalid') : ''),
    h(
      'div',
      { class: 'item-actions' },
      h('button', { type: 'submit', class: 'small', disabled: draft.saving }, t('saveAndSend')),
      button({ class: 'secondary small', onclick: actions.cancelEdit }, t('cancel')),
    ),
  );
}

function attentionItem(item: NeedsAttentionItem, state: PopupState, words: PopupWords, actions: PopupActions): VNode {
  const { t } = words;
  const name = itemName(item);
  const draft = state.editing?.id === item.id ? state.editing : null;
  return h(
    'li',
    { key: item.id },
    h('p', { class: 'item-name' }, name),
    h('p', { class: 'item-reason' }, item.reason ? t('rejectedReason', { reason: item.reason }) : t('rejectedNoReason')),
    draft
      ? editForm(item, draft, words, actions)
      : h(
          'div',
          { key: 'actions', class: 'item-actions' },
          button({ id: `edit-${item.id}`, class: 'secondary small', 'aria-label': t('editLabel', { name }), onclick: () => actions.edit(item.id) }, t('edit')),
          button(
            {
              id: `discard-${item.id}`,
              class: 'danger small',
              'aria-label': t('discardLabel', { name }),
              disabled: state.discarding.includes(item.id),
              onclick: () => actions.discard(item.id),
            },
            t('discard'),
          ),
        ),
  );
}

function attentionSection(state: PopupState, words: PopupWords, actions: PopupActions): VNode {
  const items = state.status?.needsAttention ?? [];
  return h(
    'section',
    { id: 'attention', 'aria-labelledby': 'attention-heading', hidden: items.length === 0 },
    h('h2', { id: 'attention-heading' }, words.t('needsAttentionHeading')),
    h('ul', { id: 'attention-list' }, items.map((item) => attentionItem(item, state, words, actions))),
  );
}

function footer(state: PopupState, words: PopupWords, actions: PopupActions): VNode {
  const { t } = words;
  return h(
    'footer',
    { class: 'popup-footer' },
    // Chrome leaves the suggested key unassigned when it clashes with one of its own shortcuts;
    // the rep can then pick one on chrome://extensions/shortcuts.
    h('p', { id: 'shortcut-text' }, state.shortcut ? t('shortcutHint', { shortcut: state.shortcut }) : ''),
    // Offered once the shortcut is known: with none it sets one, with one it changes it.
    button({ id: 'set-shortcut', class: 'link', hidden: state.shortcut === null, onclick: actions.setShortcut }, t('setShortcut')),
    button({ id: 'settings-link', class: 'link', onclick: actions.openSettings }, t('settings')),
  );
}

/** The whole popup, top to bottom. */
export function popupView(state: PopupState, words: PopupWords, actions: PopupActions): VNode[] {
  return [
    header(words),
    h(
      'main',
      null,
      connectionSection(state, words, actions),
      tabSection(state, words, actions),
      queueSection(state, words, actions),
      attentionSection(state, words, actions),
    ),
    footer(state, words, actions),
  ];
}
