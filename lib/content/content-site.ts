/**
 * What a content script knows of its one site: which addresses are profiles (and, on LinkedIn,
 * people search pages), and how a capture request is made from the page on the click. Each content
 * script imports only its own site.
 *
 * `captureRequest` is the one seam between the page and the worker (issue 15): the site's sensor
 * reads raw strings here, on the click; the worker (lib/worker/sites/interpret.ts) decides what they mean,
 * against the tab's address.
 */
import type { Source } from '../shared/contract';
import type { ContentRequest, EnteredDetails } from '../shared/messages';
import { canonicalInstagramUrl, canonicalLinkedInUrl } from '../shared/profile-url';
import { isLinkedInPeopleSearch } from '../shared/sites/people-search';
import { instagram } from './sites/instagram';
import { linkedin } from './sites/linkedin';
import { readLinkedInSearch } from './sites/linkedin-search';
import type { SiteSensor } from '../shared/sites/types';

/** A site's page of people search results (LinkedIn only, issue 13): one click captures its results. */
export interface PeopleSearchSite {
  /** Whether an address is a people search page. */
  at(address: string): boolean;
  /** Reads the page's result list, only on the rep's request: the bulk capture message to send. */
  captureRequest(document: Document): Extract<ContentRequest, { type: 'bulk-capture' }>;
}

export interface ContentSite {
  source: Source;
  /** The profile an address shows (its canonical URL), or null when it is not a profile page. */
  profileAt(address: string): string | null;
  /** Reads the page, only on the rep's request: the capture message to send. */
  captureRequest(document: Document, address: string, details?: EnteredDetails): Extract<ContentRequest, { type: 'capture' }>;
  peopleSearch?: PeopleSearchSite;
}

function fromSensor(sensor: SiteSensor, profileAt: (address: string) => string | null, peopleSearch?: PeopleSearchSite): ContentSite {
  return {
    source: sensor.source,
    profileAt,
    captureRequest: (document, address, details) => ({
      type: 'capture',
      reading: sensor.read(document, address),
      ...(details ? { details } : {}),
    }),
    ...(peopleSearch ? { peopleSearch } : {}),
  };
}

// Pure calls, so that each content script's bundle keeps only its own site (and sensors).
export const linkedinSite: ContentSite = /* @__PURE__ */ fromSensor(linkedin, canonicalLinkedInUrl, {
  at: isLinkedInPeopleSearch,
  captureRequest: (document) => ({ type: 'bulk-capture', reading: readLinkedInSearch(document) }),
});
export const instagramSite: ContentSite = /* @__PURE__ */ fromSensor(instagram, canonicalInstagramUrl);
