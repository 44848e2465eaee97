/**
 * The two halves of reading a profile composed, for tests that read like the fixture tables:
 * the site's sensor reads the document as the content script would, the reading goes through
 * the worker's schema as the message would, and the worker's interpreter makes a lead of it.
 */
import type { Source } from '../../lib/contract';
import { interpret } from '../../lib/sites/interpret';
import { instagram } from '../../lib/sites/instagram';
import { linkedin } from '../../lib/sites/linkedin';
import { pageReadingSchema } from '../../lib/sites/reading';
import type { ScrapeResult, SiteSensor } from '../../lib/sites/types';

export const sensors: Readonly<Record<Source, SiteSensor>> = { linkedin, instagram };

export function scrape(source: Source, document: Document, url: string): ScrapeResult {
  const reading = pageReadingSchema.parse(sensors[source].read(document, url));
  return interpret(reading, url);
}
