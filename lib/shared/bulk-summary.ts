/**
 * What a bulk capture of a people search page (issue 13) says, in the rep's language: the summary
 * sentence ("8 captured, 1 already captured, 1 to capture from their profile"), shown on the page's
 * button and in the popup, and one line per person for the popup. Pure: numbers and names in,
 * strings out; plurals come from the catalogs (lib/shared/i18n/translate.ts).
 */
import type { AppMessageKey } from './i18n/app';
import type { ButtonMessageKey } from './i18n/button';
import type { Translate } from './i18n/translate';
import type { BulkCounts, BulkPerson, BulkResult, ButtonState } from './messages';

/** The summary's parts, in this order; a part whose count is 0 is left out. */
const SUMMARY_PARTS: ReadonlyArray<[keyof BulkCounts, ButtonMessageKey]> = [
  ['captured', 'bulkCaptured'],
  ['alreadyCaptured', 'bulkAlreadyCaptured'],
  ['queued', 'bulkQueued'],
  ['refused', 'bulkRefused'],
  ['notSaved', 'bulkNotSaved'],
  ['fromProfile', 'bulkFromProfile'],
];

export function bulkSummary(counts: BulkCounts, t: Translate<ButtonMessageKey>): string {
  const parts = SUMMARY_PARTS.filter(([field]) => counts[field] > 0).map(([field, key]) => t(key, { count: counts[field] }));
  return parts.length > 0 ? parts.join(', ') : t('bulkNobody');
}

/**
 * What a Capture control on a people search page says in the states a bulk capture words its own
 * way, on the page's button and in the popup alike: a bulk a moment ago (one every few seconds),
 * and a refusal or no answer. Undefined for the other states, worded as on a profile.
 */
export function bulkFailureWords(state: ButtonState, t: Translate<ButtonMessageKey>): { label: string; detail: string } | undefined {
  if (state.kind !== 'failed') return undefined;
  if (state.reason === 'throttled') return { label: t('throttled'), detail: t('bulkThrottledHint') };
  if (state.reason === 'refused' || state.reason === 'error') return { label: t('error'), detail: t('tryAgainHint') };
  return undefined;
}

const PERSON_STATUS: Record<BulkPerson['state'], AppMessageKey> = {
  captured: 'bulkPersonCaptured',
  existing: 'bulkPersonExisting',
  cached: 'bulkPersonCached',
  queued: 'bulkPersonQueued',
  rejected: 'bulkPersonRejected',
  'not-saved': 'bulkPersonNotSaved',
};

const FROM_PROFILE_STATUS: Record<BulkResult['fromProfile'][number]['reason'], AppMessageKey> = {
  'member-id': 'bulkFromProfileMemberId',
  'no-profile-link': 'bulkFromProfileNoLink',
  'no-name': 'bulkFromProfileNoName',
  mismatch: 'bulkFromProfileMismatch',
};

export interface BulkPersonLine {
  name: string;
  status: string;
  /** The canonical profile URL of a person that was sent or looked up; null for one left to their profile. */
  profileUrl: string | null;
  /** Refused by Metrikia: the popup offers "Edit" and "Discard" for it (its Needs attention entry). */
  needsAttention: boolean;
}

/** One line per person, in page order: the people read, then those to capture from their profile. */
export function bulkPersonLines(result: BulkResult, t: Translate<AppMessageKey>): BulkPersonLine[] {
  return [
    ...result.people.map((person) => ({
      name: person.name,
      status: t(PERSON_STATUS[person.state]),
      profileUrl: person.profileUrl,
      needsAttention: person.state === 'rejected',
    })),
    ...result.fromProfile.map((skipped) => ({
      name: skipped.name ?? t('bulkMemberName'),
      status: t(FROM_PROFILE_STATUS[skipped.reason]),
      profileUrl: null,
      needsAttention: false,
    })),
  ];
}

/** The popup's button over a people search page once its results were counted: "Capture 8 people". */
export function capturePeopleLabel(result: BulkResult, t: Translate<AppMessageKey>): string {
  return t('bulkCapturePeople', { count: result.people.length });
}
