/**
 * What the worker answers a page's content script (issues 20 and 22): the button's state and its
 * words in the rep's language. One catalog, here, instead of both languages in every content script;
 * one mapping from what the worker knows (a capture's state, a capture's or a bulk's outcome) to
 * what the button shows, instead of a guard per message in the page.
 */
import { bulkFailureWords, bulkSummary } from '../shared/bulk-summary';
import { buttonStateOf, describeState } from '../shared/button-label';
import { DETAILS_LIMITS } from '../shared/limits';
import { buttonCatalogs, type ButtonMessageKey } from '../shared/i18n/button';
import { createTranslator, resolveLocale, type Locale, type Translate } from '../shared/i18n/translate';
import type {
  BulkCounts,
  BulkOutcome,
  ButtonState,
  ButtonWords,
  CaptureOutcome,
  CaptureStatus,
  PageAnswer,
} from '../shared/messages';
import type { LanguagePreference } from '../shared/storage';

/** The button's words in one language. */
export interface Wording {
  locale: Locale;
  t: Translate<ButtonMessageKey>;
}

export function buttonWording(language: LanguagePreference, uiLanguage: string): Wording {
  const locale = resolveLocale(language, uiLanguage);
  return { locale, t: createTranslator(buttonCatalogs, locale) };
}

/** The page a content script shows, as its words need it. */
export interface PageShown {
  /** The canonical profile URL of the tab's address; null on a people search page. */
  profileUrl: string | null;
  peopleSearch: boolean;
  /** A people search tab's last bulk capture, for the summary. */
  bulkCounts?: BulkCounts | null;
}

/** What the button shows for a capture's state, as the worker knows it. */
export function buttonStateOfStatus(status: CaptureStatus, connected: boolean): ButtonState {
  return connected ? buttonStateOf(status) : { kind: 'not-connected' };
}

/** What the button shows after a capture. */
export function buttonStateOfOutcome(outcome: CaptureOutcome): ButtonState {
  switch (outcome.state) {
    case 'captured':
      return { kind: 'captured', capturedAt: outcome.capturedAt, existing: outcome.existing };
    case 'queued':
      return { kind: 'queued', reason: outcome.reason };
    case 'rejected':
      return { kind: 'failed', reason: 'rejected', message: outcome.message };
    case 'not-connected':
      return { kind: 'not-connected' };
    case 'unreadable':
      return outcome.found
        ? { kind: 'failed', reason: outcome.reason, message: null, found: outcome.found }
        : { kind: 'failed', reason: outcome.reason, message: null };
    case 'refused':
    case 'outbox-full':
    case 'throttled':
      return { kind: 'failed', reason: outcome.state, message: null };
  }
}

/** What a people search page's button shows after a bulk capture: its words carry the summary. */
export function buttonStateOfBulk(outcome: BulkOutcome): ButtonState {
  switch (outcome.state) {
    case 'done':
      return { kind: 'idle' };
    case 'not-connected':
      return { kind: 'not-connected' };
    case 'throttled':
    case 'refused':
      return { kind: 'failed', reason: outcome.state, message: null };
  }
}

/** "linkedin.com/in/jane-doe": the profile the lead goes to, as a rep reads an address. */
export function shortProfileUrl(profileUrl: string): string {
  return profileUrl.replace(/^https:\/\/(?:www\.)?/u, '');
}

/** The words of a state on the page's button: never Metrikia's own text (the page could read it once shown). */
export function buttonWords(state: ButtonState, { locale, t }: Wording, page: PageShown): ButtonWords {
  if (page.peopleSearch) {
    const counts = page.bulkCounts ?? null;
    if (state.kind === 'idle') return { label: t('capturePeople'), detail: counts ? bulkSummary(counts, t) : '' };
    const words = bulkFailureWords(state, t);
    if (words) return words;
  }
  const words: ButtonWords = describeState(state, t, locale, { serverText: false });
  if (state.kind === 'captured') words.again = { label: t('captureAgain'), hint: t('captureAgainHint') };
  if (state.kind === 'failed' && state.found && page.profileUrl) {
    const tooLong = (field: keyof typeof DETAILS_LIMITS) => t('tooLong', { max: DETAILS_LIMITS[field] });
    words.form = {
      title: t('enterDetails'),
      hint: t('enterDetailsHint', { profile: shortProfileUrl(page.profileUrl) }),
      firstName: t('firstName'),
      lastName: t('lastName'),
      jobTitle: t('jobTitle'),
      submit: t('submitDetails'),
      cancel: t('cancel'),
      required: t('firstNameRequired'),
      tooLong: { firstName: tooLong('firstName'), lastName: tooLong('lastName'), jobTitle: tooLong('jobTitle') },
    };
  }
  return words;
}

export function pageAnswer(state: ButtonState, wording: Wording, page: PageShown): PageAnswer {
  return { state, words: buttonWords(state, wording, page) };
}
