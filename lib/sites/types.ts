import type { Source } from '../contract';

/** What a scraper reads from a profile page: the fields of a capture, before `source`/`capturedAt`. */
export interface ScrapedLead {
  firstName: string;
  lastName: string;
  /** LinkedIn only; always null on Instagram. */
  jobTitle: string | null;
  /** Canonical profile URL (lib/profile-url.ts) of the profile in the address bar. */
  profileUrl: string;
}

/**
 * Why a page could not be read. The button turns each into a sentence ("Could not read this
 * profile", …); the codes are stable so tests and translations can rely on them.
 */
export type ScrapeFailure =
  | 'not-a-profile' // the address is not a profile page (feed, post, search…)
  | 'logged-out' // a login wall stands where the profile should be
  | 'name-not-found' // the page is a profile but no trustworthy name was found
  | 'stale-page'; // only sources describing another profile were found (in-app navigation lag)

export type ScrapeResult = { ok: true; lead: ScrapedLead } | { ok: false; reason: ScrapeFailure };

export interface SiteScraper {
  source: Source;
  scrape(document: Document, url: string): ScrapeResult;
}
