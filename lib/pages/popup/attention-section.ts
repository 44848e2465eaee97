/** "Needs attention": the captures Metrikia refused, each with Edit (fix and resend) and Discard. */
import { LIMITS } from '../../shared/contract';
import type { NeedsAttentionItem } from '../../shared/messages';
import type { DetailsField } from '../entered-details';
import { h, type Child, type VNode } from '../render';
import { button } from '../controls';
import { FIELD_LABELS, type PopupActions, type PopupWords, type Section } from './parts';
import { thisPageRefusal, type PopupState, type TypedFields } from './state';

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

/** The one edit form of a refused capture: in its Needs attention entry, or under "This page" for the tab's profile. */
export function editForm(item: NeedsAttentionItem, draft: NonNullable<PopupState['editing']>, words: PopupWords, actions: PopupActions): VNode {
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
      : attentionControls(item, state, words, actions),
  );
}

/**
 * "Edit" and "Discard" for one refused capture: in its entry here, and on its line in a people
 * search page's list (bulk-section.ts, with `idPrefix` so the ids stay unique). Either Edit opens
 * the one form, in this entry.
 */
export function attentionControls(item: NeedsAttentionItem, state: PopupState, words: PopupWords, actions: PopupActions, idPrefix = ''): VNode {
  const { t } = words;
  const name = itemName(item);
  return h(
    'div',
    { key: 'actions', class: 'item-actions' },
    button({ id: `${idPrefix}edit-${item.id}`, class: 'secondary small', 'aria-label': t('editLabel', { name }), onclick: () => actions.edit(item.id) }, t('edit')),
    button(
      {
        id: `${idPrefix}discard-${item.id}`,
        class: 'danger small',
        'aria-label': t('discardLabel', { name }),
        disabled: state.discarding.includes(item.id),
        onclick: () => actions.discard(item.id),
      },
      t('discard'),
    ),
  );
}

export const attentionSection: Section = (state, words, actions) => {
  // The tab's own refusal is fixed under "This page": it is not listed twice.
  const shown = thisPageRefusal(state);
  const items = (state.status?.needsAttention ?? []).filter((item) => item !== shown);
  return h(
    'section',
    { id: 'attention', 'aria-labelledby': 'attention-heading', hidden: items.length === 0 },
    h('h2', { id: 'attention-heading' }, words.t('needsAttentionHeading')),
    h('ul', { id: 'attention-list' }, items.map((item) => attentionItem(item, state, words, actions))),
  );
};
