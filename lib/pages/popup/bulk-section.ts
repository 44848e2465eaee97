/**
 * "This page" on a LinkedIn people search page (issue 13): the page's one Capture, and after a
 * bulk capture its summary and one line per person.
 *
 * The button reads "Capture people on this page" until a bulk capture of this tab: the popup never
 * asks the page to read or count its results. After one it reads "Capture N people", where N is
 * the number of results the last click read as people (a profile link and a name that agree), that
 * is every result but those left to their profile: the people a new click looks at again. Those
 * already captured or waiting are among them, and a new click does not send them twice (the lead
 * cache and the outbox say so; the summary then counts them as already captured or queued).
 *
 * A person Metrikia refused carries the "Edit" and "Discard" of their Needs attention entry
 * (attention-section.ts), found by profile URL: one entry, two places to reach it.
 */
import { bulkFailureWords, bulkPersonLines, bulkSummary, capturePeopleLabel, type BulkPersonLine } from '../../shared/bulk-summary';
import { describeState } from '../../shared/button-label';
import type { BulkResult, ButtonState } from '../../shared/messages';
import { currentTabView } from '../current-tab';
import { button } from '../controls';
import { h, type VNode } from '../render';
import { attentionControls } from './attention-section';
import { CAPTURE_ICON, type PopupActions, type PopupWords, type Section } from './parts';
import type { PopupState } from './state';

/** What the Capture button and the sentence under it say, as the page's own button words a bulk capture. */
function captureWords(state: ButtonState, bulk: BulkResult | null, words: PopupWords): { label: string; detail: string } {
  const { t, buttonT, locale } = words;
  if (state.kind === 'idle') {
    return {
      label: bulk && bulk.people.length > 0 ? capturePeopleLabel(bulk, t) : buttonT('capturePeople'),
      detail: bulk ? bulkSummary(bulk.counts, buttonT) : '',
    };
  }
  const failure = bulkFailureWords(state, buttonT);
  if (failure) return failure;
  const described = describeState(state, buttonT, locale);
  return { label: described.label, detail: described.detail ?? '' };
}

function personLine(line: BulkPersonLine, index: number, state: PopupState, words: PopupWords, actions: PopupActions): VNode {
  const refusal = line.needsAttention
    ? state.status?.needsAttention.find((item) => item.source === 'linkedin' && item.profileUrl === line.profileUrl)
    : undefined;
  return h(
    'li',
    { key: line.profileUrl ?? `from-profile-${index}`, 'data-state': line.needsAttention ? 'refused' : null },
    h('p', { class: 'item-name' }, line.name),
    h('p', { class: 'help person-status' }, line.status),
    refusal ? attentionControls(refusal, state, words, actions, 'bulk-') : null,
  );
}

export const bulkSection: Section = (state, words, actions) => {
  const { t } = words;
  const view = currentTabView(state.tab.url, state.settings, state.tabState);
  const buttonState = view.kind === 'people-search' ? view.state : null;
  const shown = buttonState ? captureWords(buttonState, state.bulk, words) : null;
  const lines = buttonState && state.bulk ? bulkPersonLines(state.bulk, t) : [];
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
          onclick: actions.activateCapture,
        },
        CAPTURE_ICON,
        h('span', { id: 'bulk-capture-label' }, shown?.label ?? ''),
      ),
    ),
    h('p', { id: 'bulk-summary', class: 'help', role: 'status', 'aria-live': 'polite' }, shown?.detail ?? ''),
    h('ul', { id: 'bulk-people', 'aria-label': t('bulkPeopleLabel'), hidden: lines.length === 0 }, lines.map((line, index) => personLine(line, index, state, words, actions))),
  );
};
