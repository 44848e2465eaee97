/**
 * The worker's side of reading a profile: a reading from either site's sensor, interpreted against
 * the tab's address. The content scripts never import this module.
 */
import { interpretInstagram } from './instagram-interpret';
import { interpretLinkedIn } from './linkedin-interpret';
import type { PageReading } from '../../shared/sites/reading';
import type { ScrapeResult } from '../../shared/sites/types';

export { pageReadingSchema } from '../../shared/sites/reading';

export function interpret(reading: PageReading, tabAddress: string): ScrapeResult {
  return reading.site === 'linkedin' ? interpretLinkedIn(reading, tabAddress) : interpretInstagram(reading, tabAddress);
}
