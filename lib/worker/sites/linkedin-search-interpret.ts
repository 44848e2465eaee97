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
  /**
   * Where the rep can open the profile to capture it from there (the popup links to it): the
   * public profile the result's name links to, or the member-id address LinkedIn opens the profile
   * at (its case kept: member ids are case-sensitive); null with neither.
   */
  profileLink: string | null;
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

/** The LinkedIn address a member-id link opens, its case kept (member ids are case-sensitive); null off LinkedIn. */
function memberIdLink(href: string, base: string): string | null {
  const url = new URL(href, base);
  const linkedIn = url.protocol === 'https:' && (url.hostname === 'linkedin.com' || url.hostname.endsWith('.linkedin.com'));
  const id = url.pathname.split('/').filter((segment) => segment !== '')[1] ?? '';
  return linkedIn ? new URL(`/in/${encodeURIComponent(decodeURIComponent(id))}`, 'https://www.linkedin.com').href : null;
}

function judge(result: Result, base: string): SearchPerson | Omit<FromProfile, 'name'> {
  const hrefs = [result.nameHref, result.imageHref].filter((href): href is string => href !== null);
  const member = hrefs.find((href) => isMemberIdHref(href, base));
  if (member !== undefined) return { reason: 'member-id', profileLink: memberIdLink(member, base) };
  const nameUrl = result.nameHref === null ? null : canonicalHref(result.nameHref, base);
  if (nameUrl === null) return { reason: 'no-profile-link', profileLink: null };
  const name = result.name === null ? null : nameOf(result.name);
  if (name === null || name.firstName === '') return { reason: 'no-name', profileLink: nameUrl };
  const imageUrl = result.imageHref === null ? null : canonicalHref(result.imageHref, base);
  if (result.imageHref !== null && imageUrl !== nameUrl) return { reason: 'mismatch', profileLink: nameUrl };
  // The photo's text names the person first; LinkedIn may append "open to work" words.
  const alt = result.imageAlt === null ? '' : folded(result.imageAlt);
  if (alt !== '' && result.name !== null && !holdsName(alt, folded(result.name), 'start')) return { reason: 'mismatch', profileLink: nameUrl };
  return { profileUrl: nameUrl, ...name, jobTitle: headlineOf(result.after, result.name) };
}

/** The results of a people search page as leads (deduplicated, in page order) and those left to their profile. */
export function interpretLinkedInSearch(reading: LinkedInSearchReading, tabAddress: string): SearchInterpretation {
  if (!isLinkedInPeopleSearch(tabAddress)) return { ok: false, reason: 'not-a-search' };
  const people: SearchPerson[] = [];
  const fromProfile: FromProfile[] = [];
  for (const result of reading.results.slice(0, MAX_SEARCH_RESULTS)) {
    const verdict = judge(result, tabAddress);
    if ('profileUrl' in verdict) {
      if (!people.some((person) => person.profileUrl === verdict.profileUrl)) people.push(verdict);
      continue;
    }
    // LinkedIn's own words ("LinkedIn Member", "Membre LinkedIn") are no name to show.
    const shown = result.name === null || nameOf(result.name) === null ? '' : truncate(cleanText(result.name), LIMITS.firstName + LIMITS.lastName);
    fromProfile.push({ name: shown === '' ? null : shown, ...verdict });
  }
  return { ok: true, people, fromProfile };
}
