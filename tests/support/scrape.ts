/**
 * The two halves of reading a profile composed, for tests that read like the fixture tables:
 * the site's sensor reads the document as the content script would, the reading goes through
 * the worker's schema as the message would, and the worker's interpreter makes a lead of it.
 */
import type { Source } from '../../lib/shared/contract';
import { interpret } from '../../lib/worker/sites/interpret';
import { instagram } from '../../lib/content/sites/instagram';
import { linkedin } from '../../lib/content/sites/linkedin';
import { pageReadingSchema } from '../../lib/shared/sites/reading';
import type { ScrapeResult, SiteSensor } from '../../lib/shared/sites/types';

export const sensors: Readonly<Record<Source, SiteSensor>> = { linkedin, instagram };

export function scrape(source: Source, document: Document, url: string): ScrapeResult {
  const reading = pageReadingSchema.parse(sensors[source].read(document, url));
  return interpret(reading, url);
}
