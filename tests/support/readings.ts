/**
 * Readings as the LinkedIn sensors send them (lib/shared/sites/reading.ts), for tests that build one
 * by hand: every field at its empty value, the test says only what matters to it.
 */
import type { LinkedInReading, LinkedInSearchReading } from '../../lib/shared/sites/types';

type Card = LinkedInReading['cards'][number];
type SearchResult = LinkedInSearchReading['results'][number];

/** A card around a name: no link, no label, no photo, no line after it unless given. */
export function linkedInCard(name: string, fields: Partial<Omit<Card, 'name'>> = {}): Card {
  return { name, nameLink: null, links: [], labels: [], photos: [], after: [], ...fields };
}

/** A profile page that shows nothing (no card, no title, no Experience) unless given. */
export function linkedInReading(fields: Partial<Omit<LinkedInReading, 'site'>> = {}): LinkedInReading {
  return { site: 'linkedin', signIn: false, cards: [], stated: null, experience: [], headUrls: [], titles: [], ...fields };
}

/** A people search result with a name and its link, nothing else unless given. */
export function searchResult(name: string | null, nameHref: string | null, fields: Partial<SearchResult> = {}): SearchResult {
  return { name, nameHref, imageHref: null, imageAlt: null, after: [], ...fields };
}
