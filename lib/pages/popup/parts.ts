/**
 * What the popup's sections share: the words in the rep's language, what the rep can do (the
 * controller carries it out), and the signature of a section.
 */
import type { AppMessageKey } from '../../shared/i18n/app';
import type { ButtonMessageKey } from '../../shared/i18n/button';
import type { Locale, Translate } from '../../shared/i18n/translate';
import type { DetailsField } from '../entered-details';
import { h, type VNode } from '../render';
import type { PopupState } from './state';

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

/** One section of the popup, drawn from the whole state. */
export type Section = (state: PopupState, words: PopupWords, actions: PopupActions) => VNode;

/** The mark on the popup's Capture buttons (a profile's and a people search page's). */
export const CAPTURE_ICON = h(
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

export const FIELD_LABELS: Record<DetailsField, AppMessageKey> = { firstName: 'firstName', lastName: 'lastName', jobTitle: 'jobTitle' };
