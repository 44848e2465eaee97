/**
 * The two halves of reading a profile, and what passes between them:
 * - a site's **sensor** (`lib/content/sites/linkedin.ts`, `lib/content/sites/instagram.ts`) runs in the content
 *   script on the click and returns a `PageReading`: raw strings found by meaning, nothing decided;
 * - the worker parses that reading as untrusted input (`lib/shared/sites/reading.ts`) and **interprets**
 *   it (`lib/worker/sites/interpret.ts`): canonical URL from the tab's address, staleness, name split,
 *   cleaning, job title, refusals.
 * Only types here: the content side imports this file with `import type`, so no schema library
 * reaches its bundle.
 */
import type { LeadPayload, Source } from '../contract';
import type { FoundDetails, PageReading, ReadFailure } from './reading';

export type { FoundDetails, InstagramReading, LinkedInReading, LinkedInSearchReading, PageReading, ReadFailure } from './reading';

/**
 * What an interpreted reading gives: the fields of a capture (the contract's lead, jobTitle LinkedIn
 * only, profileUrl canonical from the address bar), before `source`/`capturedAt`. The capture
 * handler holds them to leadPayloadSchema.
 */
export type ScrapedLead = Pick<LeadPayload, 'firstName' | 'lastName' | 'jobTitle' | 'profileUrl'>;

/**
 * `found` is null where no form may be offered (not-a-profile, logged-out, not-found). For
 * 'stale-page' it holds no name: what the page shows belongs to another profile.
 */
export type ScrapeResult =
  | { ok: true; lead: ScrapedLead }
  | { ok: false; reason: ReadFailure; found: FoundDetails | null };

/** A site's sensor, as the content script uses it: bundled without the interpreter. */
export interface SiteSensor {
  source: Source;
  /** Runs on the click only. `address` is the address bar (location.href). */
  read(document: Document, address: string): PageReading;
}
