/**
 * A feature of a content script, refined-github style (issue 22): what it does, on which pages
 * (`pageAt`, the address predicate that enables it) and with which words before the worker answers.
 * Each site's script lists its own features (entrypoints/linkedin.ts, instagram.ts) and bundles
 * nothing else: tests/unit/content-bundles.test.ts fails when a site's bundle holds another site's.
 *
 * Every feature shows the one Capture button (lib/content/capture-button.ts) and takes the one
 * route of a capture (the page's click, the popup, the shortcut); a feature only says what a page
 * is and how it is read on the rep's request.
 */
import type { Source } from '../shared/contract';
import type { Locale } from '../shared/i18n/translate';
import type { LinkedInSearchReading, PageReading } from '../shared/sites/types';

interface FeatureBase {
  /** Names the feature (and its signature in the bundle meta-test). */
  id: string;
  source: Source;
  /**
   * The page an address shows for this feature: a canonical profile URL, or a people search
   * page's address; null where the feature does not apply. The address only: nothing else is read.
   */
  pageAt(address: string): string | null;
  /** The button's words before any answer of the worker, per language. */
  label: Readonly<Record<Locale, string>>;
}

/** Capture of the profile a page shows. */
export interface ProfileFeature extends FeatureBase {
  kind: 'profile';
  /** Reads the page, only on the rep's request. `address` is the address bar. */
  read(document: Document, address: string): PageReading;
  /** "Enter details" asks for a job title (LinkedIn). */
  jobTitle: boolean;
}

/** Capture of every person of a results page, in one click (issue 13). */
export interface PeopleSearchFeature extends FeatureBase {
  kind: 'people-search';
  /** Reads the page's result list, only on the rep's request. */
  read(document: Document): LinkedInSearchReading;
}

export type PageFeature = ProfileFeature | PeopleSearchFeature;
