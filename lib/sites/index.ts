/** The scraper for each site, keyed by the contract's `source`. */
import type { Source } from '../contract';
import { instagram } from './instagram';
import { linkedin } from './linkedin';
import type { SiteScraper } from './types';

const scrapers: Readonly<Record<Source, SiteScraper>> = { linkedin, instagram };

export function scraperFor(source: Source): SiteScraper {
  return scrapers[source];
}
