/**
 * "This page" on a LinkedIn people search page (issue 13): the page's one Capture, and after a
 * bulk capture its summary first, then one line per person in a list the rep opens (issue 20: the
 * popup stays within Chrome's 600 px).
 *
 * The button reads "Capture people on this page" until a bulk capture of this tab: the popup never
 * asks the page to read or count its results. After one it reads "Capture N people", where N is
 * how many of the people the last click read a new click would send (those not captured, not
 * waiting, not refused); with none, no Capture is offered. Each person's line follows what the
 * worker tells of their capture (Queued → Captured), and the summary with them.
 *
 * A person Metrikia refused carries the "Edit" and "Discard" of their Needs attention entry
 * (attention-section.ts), found by profile URL: one entry, two places to reach it. A person left
 * to their profile links to it, for the rep to capture them there.
 */
import {
  bulkFailureWords,
  bulkPersonLines,
  bulkSummary,
  capturePeopleLabel,
  countBulk,
  personStateOf,
  toCapture,
  type BulkPersonLine,
  type PersonState,
} from '../../shared/bulk-summary';
import { describeState } from '../../shared/button-label';
import type { BulkPerson, BulkResult, ButtonState } from '../../shared/messages';
import { button } from '../controls';
import { h, type VNode } from '../render';
import { attentionControls } from './attention-section';
import { CAPTURE_ICON, type PopupActions, type PopupWords, type Section } from './parts';
import { tabView, type PopupState } from './state';

/** Only a LinkedIn profile address is ever a link here (the worker builds them; this holds whatever it sends). */
const PROFILE_LINK = /^https:\/\/www\.linkedin\.com\/in\/[^/?#\s]+$/u;

/**
 * What the Capture button and the sentence under it say, as the page's own button words a bulk
 * capture. No label: a click would send nobody, so none is offered (`done` says so).
 */
function captureWords(
  state: ButtonState,
  bulk: BulkResult | null,
  now: (person: BulkPerson) => PersonState,
  words: PopupWords,
): { label: string | null; detail: string; done: boolean } {
  const { t, buttonT, locale } = words;
  if (state.kind === 'idle') {
    // Before any click, or one that found nobody at all (the results had not rendered): read the page again.
    if (!bulk || bulk.people.length + bulk.fromProfile.length === 0) {
      return { label: buttonT('capturePeople'), detail: bulk ? bulkSummary(countBulk([], 0), buttonT) : '', done: false };
    }
    const people = bulk.people.map((person) => ({ state: now(person) }));
    const left = toCapture(people);
    const detail = bulkSummary(countBulk(people, bulk.fromProfile.length), buttonT);
    return { label: left > 0 ? capturePeopleLabel(left, t) : null, detail, done: left === 0 };
  }
  const failure = bulkFailureWords(state, buttonT);
  if (failure) return { ...failure, done: false };
  const described = describeState(state, buttonT, locale);
  return { label: described.label, detail: described.detail ?? '', done: false };
}

function personLine(line: BulkPersonLine, index: number, state: PopupState, words: PopupWords, actions: PopupActions): VNode {
  const refusal = line.needsAttention
    ? state.status?.needsAttention.find((item) => item.source === 'linkedin' && item.profileUrl === line.profileUrl)
    : undefined;
  const link = line.link && PROFILE_LINK.test(line.link) ? line.link : null;
  return h(
    'li',
    { key: line.profileUrl ?? `from-profile-${index}`, 'data-state': line.needsAttention ? 'refused' : null },
    h('p', { class: 'item-name' }, link ? h('a', { href: link, target: '_blank', rel: 'noopener noreferrer' }, line.name) : line.name),
    h('p', { class: 'help person-status' }, line.status),
    refusal ? attentionControls(refusal, state, words, actions, 'bulk-') : null,
  );
}

export const bulkSection: Section = (state, words, actions) => {
  const { t } = words;
  const view = tabView(state);
  const buttonState = view.kind === 'people-search' ? view.state : null;
  // Each person as the worker told since the click, else as the click left them.
  const now = (person: BulkPerson): PersonState => {
    const told = state.captures[person.profileUrl];
    return told ? personStateOf(told.status) : person.state;
  };
  const shown = buttonState ? captureWords(buttonState, state.bulk, now, words) : null;
  const lines = buttonState && state.bulk ? bulkPersonLines(state.bulk, t, now) : [];
  return h(
    'section',
    { id: 'bulk', 'aria-labelledby': 'bulk-heading', hidden: buttonState === null },
    h('h2', { id: 'bulk-heading' }, t('currentTabHeading')),
    h(
      'div',
      { class: 'capture-row' },
      button(
        {
          id: 'bulk-capture',
          class: 'capture-action',
          'aria-describedby': 'bulk-summary',
          'data-kind': buttonState?.kind ?? null,
          'aria-busy': buttonState ? String(buttonState.kind === 'capturing') : null,
          hidden: !shown?.label,
          onclick: actions.activateCapture,
        },
        CAPTURE_ICON,
        h('span', { id: 'bulk-capture-label' }, shown?.label ?? ''),
      ),
    ),
    h('p', { id: 'bulk-summary', class: 'help', role: 'status', 'aria-live': 'polite' }, shown?.detail ?? ''),
    h('p', { id: 'bulk-done', class: 'help', hidden: !shown?.done }, shown?.done ? t('bulkNothingLeft') : ''),
    h(
      'details',
      { id: 'bulk-details', hidden: lines.length === 0 },
      h('summary', { id: 'bulk-toggle' }, t('bulkPeopleToggle', { count: lines.length })),
      h('ul', { id: 'bulk-people', 'aria-label': t('bulkPeopleLabel') }, lines.map((line, index) => personLine(line, index, state, words, actions))),
    ),
  );
};
