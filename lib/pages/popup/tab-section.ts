/**
 * "This page": the Capture action for the profile in the tab the popup was opened over, in the
 * states of the page's own button, and "Enter details" when the page could not be read.
 */
import { describeState } from '../../shared/button-label';
import type { AppMessageKey } from '../../shared/i18n/app';
import type { Translate } from '../../shared/i18n/translate';
import { DETAILS_LIMITS } from '../../shared/limits';
import type { ButtonState, CapturedPerson } from '../../shared/messages';
import { canonicalProfileUrl } from '../../shared/profile-url';
import { enterDetailsPrefill, type DetailsField } from '../entered-details';
import { h, type Child, type VNode } from '../render';
import { button } from '../controls';
import { CAPTURE_ICON, FIELD_LABELS, type PopupActions, type PopupWords, type Section } from './parts';
import { attentionControls, editForm } from './attention-section';
import { tabView, thisPageRefusal, type PopupState } from './state';

/** The ids of "Enter details"' inputs (the tests and the focus find them by these). */
export const DETAILS_INPUT_IDS: Record<DetailsField, string> = { firstName: 'details-first', lastName: 'details-last', jobTitle: 'details-title' };

/** Where the popup says more than the page's button, or says it otherwise (it never tells the rep to open itself). */
function popupDetail(state: ButtonState, t: Translate<AppMessageKey>): string | null {
  if (state.kind !== 'failed') return null;
  if (state.reason === 'outbox-full') return t('outboxFullCapture');
  if (state.reason === 'throttled') return t('throttledCapture');
  if (state.reason === 'rejected') return t('rejectedFixHint');
  return null;
}

/** Whom the capture named, as it was sent: "Jane Doe · Head of Growth" (issue 20). */
function personLine(person: CapturedPerson | null): string {
  if (!person) return '';
  const name = `${person.firstName} ${person.lastName}`.trim();
  return person.jobTitle ? `${name} · ${person.jobTitle}` : name;
}

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

export const tabSection: Section = (state, words, actions) => {
  const { t, buttonT, locale } = words;
  // Until the tab was asked, nothing is said of it: the first frame never claims it is no profile.
  const view = state.tabAsked ? tabView(state) : null;
  const shown = view?.kind === 'capture' ? view : null;
  const buttonState = shown?.state ?? null;
  const described = buttonState ? describeState(buttonState, buttonT, locale) : null;
  const label = described?.label ?? '';
  const text =
    view?.kind === 'no-profile' ? t('noProfile') : view?.kind === 'platform-off' ? t('platformOff') : view?.kind === 'reload' ? t('reloadPage') : '';
  const offersDetails = buttonState !== null && enterDetailsPrefill(buttonState) !== null;
  // A refused capture is fixed here: its Needs attention entry's Edit and Discard, or its edit form.
  const refusal = thisPageRefusal(state);
  const editing = refusal && state.editing?.id === refusal.id ? state.editing : null;
  return h(
    'section',
    // A people search page has its own "This page" (bulk-section.ts).
    { 'aria-labelledby': 'tab-heading', hidden: view?.kind === 'people-search' },
    h('h2', { id: 'tab-heading' }, t('currentTabHeading')),
    h('p', { id: 'tab-notice', class: 'banner', role: 'alert', hidden: !state.pageChanged }, state.pageChanged ? t('pageChangedNotice') : ''),
    h('p', { id: 'tab-text', class: 'help' }, text),
    h(
      'div',
      { class: 'capture-row' },
      button(
        {
          id: 'tab-capture',
          class: 'capture-action',
          'aria-describedby': 'tab-person tab-detail',
          'data-kind': buttonState?.kind ?? null,
          'data-existing': buttonState?.kind === 'captured' && buttonState.existing ? 'true' : null,
          'aria-busy': buttonState ? String(buttonState.kind === 'capturing') : null,
          hidden: buttonState === null,
          onclick: actions.activateCapture,
        },
        CAPTURE_ICON,
        h('span', { id: 'tab-capture-label' }, label),
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
    h('p', { id: 'tab-person', class: 'person' }, personLine(shown?.person ?? null)),
    h('p', { id: 'tab-detail', class: 'help', role: 'status', 'aria-live': 'polite' }, buttonState ? (popupDetail(buttonState, t) ?? described?.detail ?? '') : ''),
    refusal ? (editing ? editForm(refusal, editing, words, actions) : attentionControls(refusal, state, words, actions)) : null,
    button({ id: 'tab-enter-details', class: 'secondary', hidden: !offersDetails || state.details !== null, onclick: actions.openDetails }, t('enterDetails')),
    h('div', { id: 'details-slot' }, view?.kind === 'capture' ? detailsForm(state, words, actions) : null),
  );
};
