/**
 * Makes leads of what the people-search sensor read (lib/content/sites/linkedin-search.ts), in the
 * worker (issue 13). Pure and DOM-free: (reading, the tab's address) → the people to send and the
 * results the rep must capture from their profile.
 *
 * A result is sent only when it names one person truthfully: a public profile link (a member-id
 * link, `/in/ACoAA…`, is not the contract's canonical URL and would make a second lead of someone
 * captured from their profile), a name, and no disagreement between the name's link and the photo's
 * link, nor between the name and the photo's alt text. "LinkedIn Member" results have no profile
 * link and no name link, in every UI language: found by structure. The name is split and the
 * headline cleaned by the profile page's own rules (./linkedin-interpret.ts).
 */
import { LIMITS } from '../../shared/contract';
import { isLinkedInPeopleSearch } from '../../shared/sites/people-search';
import { MAX_SEARCH_RESULTS } from '../../shared/sites/read-limits';
import type { LinkedInSearchReading } from '../../shared/sites/reading';
import { cleanText, truncate } from '../../shared/text';
import { canonicalHref, folded, headlineOf, holdsName, nameOf } from './linkedin-text';

export interface SearchPerson {
  profileUrl: string;
  firstName: string;
  lastName: string;
  jobTitle: string | null;
}

/**
 * Why a result is left to be captured from its profile:
 * - member-id: it links by member id only;
 * - no-profile-link: no link to a public profile ("LinkedIn Member", a result that links elsewhere);
 * - no-name: no name, or one that is LinkedIn's own words;
 * - mismatch: its name and its links (or photo) name different people.
 */
export type FromProfileReason = 'member-id' | 'no-profile-link' | 'no-name' | 'mismatch';

export interface FromProfile {
  /** The name shown, cleaned, for the rep to find the result; null when there is none. */
  name: string | null;
  reason: FromProfileReason;
}

export type SearchInterpretation =
  | { ok: true; people: SearchPerson[]; fromProfile: FromProfile[] }
  | { ok: false; reason: 'not-a-search' };

type Result = LinkedInSearchReading['results'][number];

// Member ids are base64-like and start with "ACoAA" (case matters: a public slug may be "acoaa…").
const MEMBER_ID = /^ACoAA/u;

function isMemberIdHref(href: string, base: string): boolean {
  try {
    const [section, id = ''] = new URL(href, base).pathname.split('/').filter((segment) => segment !== '');
    return section === 'in' && MEMBER_ID.test(decodeURIComponent(id));
  } catch {
    return false;
  }
}

function judge(result: Result, base: string): SearchPerson | FromProfileReason {
  const hrefs = [result.nameHref, result.imageHref].filter((href): href is string => href !== null);
  if (hrefs.some((href) => isMemberIdHref(href, base))) return 'member-id';
  const nameUrl = result.nameHref === null ? null : canonicalHref(result.nameHref, base);
  if (nameUrl === null) return 'no-profile-link';
  const name = result.name === null ? null : nameOf(result.name);
  if (name === null || name.firstName === '') return 'no-name';
  const imageUrl = result.imageHref === null ? null : canonicalHref(result.imageHref, base);
  if (result.imageHref !== null && imageUrl !== nameUrl) return 'mismatch';
  // The photo's text names the person first; LinkedIn may append "open to work" words.
  const alt = result.imageAlt === null ? '' : folded(result.imageAlt);
  if (alt !== '' && result.name !== null && !holdsName(alt, folded(result.name), 'start')) return 'mismatch';
  return { profileUrl: nameUrl, ...name, jobTitle: headlineOf(result.after, result.name) };
}

/** The results of a people search page as leads (deduplicated, in page order) and those left to their profile. */
export function interpretLinkedInSearch(reading: LinkedInSearchReading, tabAddress: string): SearchInterpretation {
  if (!isLinkedInPeopleSearch(tabAddress)) return { ok: false, reason: 'not-a-search' };
  const people: SearchPerson[] = [];
  const fromProfile: FromProfile[] = [];
  for (const result of reading.results.slice(0, MAX_SEARCH_RESULTS)) {
    const verdict = judge(result, tabAddress);
    if (typeof verdict !== 'string') {
      if (!people.some((person) => person.profileUrl === verdict.profileUrl)) people.push(verdict);
      continue;
    }
    // LinkedIn's own words ("LinkedIn Member", "Membre LinkedIn") are no name to show.
    const shown = result.name === null || nameOf(result.name) === null ? '' : truncate(cleanText(result.name), LIMITS.firstName + LIMITS.lastName);
    fromProfile.push({ name: shown === '' ? null : shown, reason: verdict });
  }
  return { ok: true, people, fromProfile };
}
