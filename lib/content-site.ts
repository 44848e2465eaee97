/**
 * What a content script knows of its one site: which addresses are profiles, and how a capture
 * request is made from the page on the click. Each content script imports only its own site.
 *
 * `captureAttempt` is the one seam between the page and the worker's interpretation (issue 15):
 * today it runs the site's scraper here; with the thin sensors (`lib/sites/*` `{ source, read }`)
 * it becomes `{ request: { type: 'capture', reading: sensor.read(document, address), details } }`.
 */
import type { Source } from './contract';
import type { CaptureOutcome, ContentRequest, EnteredDetails } from './messages';
import { canonicalInstagramUrl, canonicalLinkedInUrl } from './profile-url';
import { instagram } from './sites/instagram';
import { linkedin } from './sites/linkedin';
import type { SiteScraper } from './sites/types';

export type CaptureAttempt =
  | { request: Extract<ContentRequest, { type: 'capture' }> }
  | { outcome: Extract<CaptureOutcome, { state: 'unreadable' }> };

export interface ContentSite {
  source: Source;
  /** The profile an address shows (its canonical URL), or null when it is not a profile page. */
  profileAt(address: string): string | null;
  /** Reads the page, only on the rep's request: the capture to send, or why there is none. */
  captureAttempt(document: Document, address: string, details?: EnteredDetails): CaptureAttempt;
}

const NOTHING_FOUND = { firstName: '', lastName: '', jobTitle: null };

function fromScraper(scraper: SiteScraper, profileAt: (address: string) => string | null): ContentSite {
  return {
    source: scraper.source,
    profileAt,
    captureAttempt(document, address, details) {
      const scraped = scraper.scrape(document, address);
      const profileUrl = profileAt(address);
      if (details && profileUrl && (scraped.ok || scraped.reason === 'name-not-found' || scraped.reason === 'stale-page')) {
        // What the rep typed replaces what was read; the profile is still the address bar's.
        const jobTitle = scraper.source === 'linkedin' ? details.jobTitle : null;
        return { request: { type: 'capture', lead: { ...details, jobTitle, profileUrl } } };
      }
      if (scraped.ok) return { request: { type: 'capture', lead: scraped.lead } };
      const formAllowed = scraped.reason === 'name-not-found' || scraped.reason === 'stale-page';
      return { outcome: { state: 'unreadable', reason: scraped.reason, found: formAllowed ? NOTHING_FOUND : null } };
    },
  };
}

export const linkedinSite: ContentSite = /* @__PURE__ */ fromScraper(linkedin, canonicalLinkedInUrl);
export const instagramSite: ContentSite = /* @__PURE__ */ fromScraper(instagram, canonicalInstagramUrl);
