/**
 * What a bulk capture of a people search page (issue 13) says, in the rep's language: the summary
 * sentence ("8 captured, 1 already captured, 1 to capture from their profile"), shown on the page's
 * button and in the popup, and one line per person for the popup. Pure: numbers and names in,
 * strings out; plurals come from the catalogs (lib/shared/i18n/translate.ts).
 */
import type { AppMessageKey } from './i18n/app';
import type { ButtonMessageKey } from './i18n/button';
import type { Translate } from './i18n/translate';
import type { BulkCounts, BulkPerson, BulkResult, ButtonState, CaptureStatus } from './messages';

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

/**
 * One of a bulk's people now: as the bulk capture left them, or as the worker told since
 * (issue 20: Queued → Captured, a refusal discarded); 'none' when nothing is kept of them any more.
 */
export type PersonState = BulkPerson['state'] | 'none';

/** What a capture's state, as the worker tells it, means for one of a bulk's people. */
export function personStateOf(status: CaptureStatus): PersonState {
  switch (status.state) {
    case 'none':
      return 'none';
    case 'sending':
    case 'queued':
      return 'queued';
    case 'captured':
      return status.existing ? 'existing' : 'captured';
    case 'rejected':
      return 'rejected';
  }
}

/** The summary's numbers of a bulk's people in their states (a person nothing is kept of is in none). */
export function countBulk(people: ReadonlyArray<{ state: PersonState }>, fromProfile: number): BulkCounts {
  const count = (...states: PersonState[]) => people.filter((person) => states.includes(person.state)).length;
  return {
    captured: count('captured'),
    alreadyCaptured: count('existing', 'cached'),
    queued: count('queued'),
    refused: count('rejected'),
    notSaved: count('not-saved'),
    fromProfile,
  };
}

/** How many of them a new click would send: those not captured, not waiting and not refused. */
export const toCapture = (people: ReadonlyArray<{ state: PersonState }>): number =>
  people.filter((person) => person.state === 'none' || person.state === 'not-saved').length;

const PERSON_STATUS: Record<PersonState, AppMessageKey> = {
  captured: 'bulkPersonCaptured',
  existing: 'bulkPersonExisting',
  cached: 'bulkPersonCached',
  queued: 'bulkPersonQueued',
  rejected: 'bulkPersonRejected',
  'not-saved': 'bulkPersonNotSaved',
  none: 'bulkPersonNotCaptured',
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
  /** For one left to their profile: where the rep opens it to capture it there; null when LinkedIn shows none. */
  link: string | null;
  /** Refused by Metrikia: the popup offers "Edit" and "Discard" for it (its Needs attention entry). */
  needsAttention: boolean;
}

/**
 * One line per person, in page order: the people read, in their state now (`now`, as the worker
 * told it since; the bulk's own word otherwise), then those to capture from their profile.
 */
export function bulkPersonLines(
  result: BulkResult,
  t: Translate<AppMessageKey>,
  now: (person: BulkPerson) => PersonState = (person) => person.state,
): BulkPersonLine[] {
  return [
    ...result.people.map((person) => {
      const state = now(person);
      return { name: person.name, status: t(PERSON_STATUS[state]), profileUrl: person.profileUrl, link: null, needsAttention: state === 'rejected' };
    }),
    ...result.fromProfile.map((skipped) => ({
      name: skipped.name ?? t('bulkMemberName'),
      status: t(FROM_PROFILE_STATUS[skipped.reason]),
      profileUrl: null,
      link: skipped.profileLink,
      needsAttention: false,
    })),
  ];
}

/** The popup's button over a people search page once its results were counted: "Capture 8 people", the people a click would send. */
export function capturePeopleLabel(count: number, t: Translate<AppMessageKey>): string {
  return t('bulkCapturePeople', { count });
}
